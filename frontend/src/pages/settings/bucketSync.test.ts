import { describe, expect, it } from "vitest";
import type { Job } from "../../api/types";
import { syncInFlight, syncSummary } from "./bucketSync";

function job(changes: Partial<Job>): Job {
  return { id: 1, kind: "bucket_sync", status: "succeeded", progress: { done: 0, total: 0 }, error: null,
    result: null, created_at: "2026-12-07T03:00:00Z", finished_at: null, ...changes };
}

describe("bucket sync summary", () => {
  it("says a source was never synced", () => {
    expect(syncSummary({ last_sync: null })).toBe("never synced");
    expect(syncInFlight({ last_sync: null })).toBe(false);
  });

  it("counts what a finished sync did", () => {
    const result = { listed: 12, registered: 8, not_images: 2, skipped: 1, skipped_keys: [], capped: true,
      complete: true, missing: 1, changed: 0 };
    expect(syncSummary({ last_sync: job({ result }) }))
      .toBe("8 new, 1 skipped, 2 not images, 1 missing, more to come (capped) of 12 listed");
  });

  it("gives a failed sync's reason and follows a running one", () => {
    expect(syncSummary({ last_sync: job({ status: "failed", error: "BucketError: bucket x does not exist" }) }))
      .toBe("failed: BucketError: bucket x does not exist");
    const running = job({ status: "running", progress: { done: 3, total: 10 } });
    expect(syncSummary({ last_sync: running })).toBe("syncing: 3 of 10 new");
    expect(syncInFlight({ last_sync: running })).toBe(true);
    expect(syncInFlight({ last_sync: job({ status: "queued" }) })).toBe(true);
  });
});

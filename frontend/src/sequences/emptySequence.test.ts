import { describe, expect, it } from "vitest";
import { emptyReason } from "./emptySequence";

describe("emptyReason", () => {
  it("sends a labeler who sees none of a ready sequence's frames to the queue, not to a decoding job", () => {
    const text = emptyReason({ status: "ready", frame_count: 8 });
    expect(text).toContain("labelers see only the images they are given");
    expect(text).not.toContain("decoding");
  });

  it("says a sequence still decoding may get its frames soon", () => {
    expect(emptyReason({ status: "decoding", frame_count: 0 })).toContain("decoding job may still be running");
  });

  it("gives a failed decode's reason", () => {
    expect(emptyReason({ status: "failed", frame_count: 0, error: "no video stream" })).toBe(
      "This sequence could not be decoded: no video stream.",
    );
  });
});

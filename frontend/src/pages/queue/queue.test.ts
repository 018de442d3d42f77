import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "../../lib/routes";

describe("workflow routes", () => {
  it("matches the review and stats pages", () => {
    expect(matchRoute("/projects/5/review")).toEqual({ name: "review", projectId: 5 });
    expect(matchRoute("/projects/5/stats/")).toEqual({ name: "stats", projectId: 5 });
    expect(matchRoute(paths.review(7))).toEqual({ name: "review", projectId: 7 });
    expect(matchRoute(paths.stats(7))).toEqual({ name: "stats", projectId: 7 });
  });

  it("opens the labeling page with the claim in the query", () => {
    const url = new URL(paths.labelClaim(3, 41, 99), "http://x");
    expect(url.pathname).toBe("/projects/3/assets/41/label");
    expect(url.searchParams.get("claim")).toBe("99");
    expect(matchRoute(url.pathname)).toEqual({ name: "label", projectId: 3, assetId: 41 });
    const fix = new URL(paths.labelFix(3, 41, 12, 99), "http://x");
    expect([fix.searchParams.get("label"), fix.searchParams.get("review")]).toEqual(["12", "99"]);
  });
});

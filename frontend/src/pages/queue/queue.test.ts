import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "../../lib/routes";
import { canLabel, canManageProject, canReview, canSeeStats } from "./roles";

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

describe("roles", () => {
  const as = (my_role: "manager" | "reviewer" | "labeler" | "viewer" | null, isStaff = false) => ({ project: { my_role }, isStaff });

  it("shows controls by project role", () => {
    expect([canLabel(as("labeler")), canReview(as("labeler")), canManageProject(as("labeler")), canSeeStats(as("labeler"))]).toEqual([true, false, false, true]);
    expect([canLabel(as("reviewer")), canReview(as("reviewer")), canManageProject(as("reviewer"))]).toEqual([true, true, false]);
    expect([canLabel(as("viewer")), canReview(as("viewer")), canSeeStats(as("viewer"))]).toEqual([false, false, true]);
    expect([canLabel(as("manager")), canReview(as("manager")), canManageProject(as("manager"))]).toEqual([true, true, true]);
    expect([canReview(as(null, true)), canManageProject(as(null, true)), canSeeStats(as(null))]).toEqual([true, true, false]);
    expect(canReview({ project: undefined, isStaff: false })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { canLabel, canManageProject, canReview, canSeeStats } from "./roles";

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

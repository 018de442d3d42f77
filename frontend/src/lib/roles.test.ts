import { describe, expect, it } from "vitest";
import { canControlJob, canLabel, canManageProject, canReview, canSeeStats } from "./roles";

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

  it("offers Cancel and Retry to the job's creator, managers and staff only", () => {
    const job = { created_by: 2 };
    expect(canControlJob(job, { ...as("viewer"), userId: 5 })).toBe(false); // before: a Retry that answered 403
    expect(canControlJob(job, { ...as("labeler"), userId: 5 })).toBe(false);
    expect(canControlJob(job, { ...as("labeler"), userId: 2 })).toBe(true);
    expect(canControlJob({ created_by: null }, { ...as("reviewer"), userId: 5 })).toBe(false);
    expect(canControlJob(job, { ...as("manager"), userId: 5 })).toBe(true);
    expect(canControlJob(job, { ...as(null, true), userId: 1 })).toBe(true);
  });
});

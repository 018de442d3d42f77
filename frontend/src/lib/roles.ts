// What each project role sees in the UI (managers and staff configure a project). The server enforces it; the UI only hides controls.
import type { Job, Project } from "../api/types";

type Who = { project: Pick<Project, "my_role"> | undefined; isStaff: boolean | undefined };

export function canLabel({ project, isStaff }: Who): boolean {
  return !!isStaff || project?.my_role === "manager" || project?.my_role === "reviewer" || project?.my_role === "labeler";
}

export function canReview({ project, isStaff }: Who): boolean {
  return !!isStaff || project?.my_role === "manager" || project?.my_role === "reviewer";
}

export function canManageProject({ project, isStaff }: Who): boolean {
  return !!isStaff || project?.my_role === "manager";
}

/** Every member sees stats (labelers see their own row). */
export function canSeeStats({ project, isStaff }: Who): boolean {
  return !!isStaff || !!project?.my_role;
}

/** Cancel and Retry: the job's creator, a manager or staff (jobs/{id}/cancel and /retry answer others a 403). */
export function canControlJob(job: Pick<Job, "created_by">, { project, isStaff, userId }: Who & { userId: number | undefined }): boolean {
  return canManageProject({ project, isStaff }) || (userId !== undefined && job.created_by === userId);
}

import type { Project } from "../api/types";

/** Managers and staff configure a project; the server enforces it, the UI only hides controls. */
export function canManage(project: Pick<Project, "my_role"> | undefined, isStaff: boolean | undefined): boolean {
  return !!isStaff || project?.my_role === "manager";
}

import { api } from "./client";
import type { Invitation } from "./invitations";
import type {
  Job,
  Member,
  Ontology,
  OntologyInput,
  Paginated,
  Project,
  ProjectCreate,
  ProjectSettings,
  Role,
} from "./types";

export function listProjects(page = 1, signal?: AbortSignal): Promise<Paginated<Project>> {
  return api.get("/projects", { query: { page: page > 1 ? page : undefined }, signal });
}

export function createProject(body: ProjectCreate): Promise<Project> {
  return api.post("/projects", body);
}

export function getProject(id: number, signal?: AbortSignal): Promise<Project> {
  return api.get(`/projects/${id}`, { signal });
}

export interface ProjectPatch {
  name?: string;
  description?: string;
  settings?: Partial<ProjectSettings>;
}

export function updateProject(id: number, patch: ProjectPatch): Promise<Project> {
  return api.patch(`/projects/${id}`, patch);
}

export function deleteProject(id: number): Promise<null> {
  return api.delete(`/projects/${id}`);
}

export function listMembers(projectId: number, signal?: AbortSignal): Promise<Member[]> {
  return api.get(`/projects/${projectId}/members`, { signal });
}

/**
 * Changes a member's role. For anyone not yet a member, staff add them directly (a Member) and
 * managers invite them (an Invitation: they join when they accept).
 */
export function addMember(projectId: number, user: string | number, role: Role): Promise<Member | Invitation> {
  return api.post(`/projects/${projectId}/members`, { user, role });
}

export function removeMember(projectId: number, user: string | number): Promise<null> {
  return api.delete(`/projects/${projectId}/members`, { query: { user } });
}

export function getOntology(projectId: number, signal?: AbortSignal): Promise<Ontology> {
  return api.get(`/projects/${projectId}/ontology`, { signal });
}

export function saveOntology(projectId: number, body: OntologyInput): Promise<Ontology> {
  return api.put(`/projects/${projectId}/ontology`, body);
}

export function listProjectJobs(projectId: number, page = 1, signal?: AbortSignal): Promise<Paginated<Job>> {
  return api.get(`/projects/${projectId}/jobs`, { query: { page: page > 1 ? page : undefined }, signal });
}

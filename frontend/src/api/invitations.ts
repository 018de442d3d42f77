// Membership by invitation: a manager invites by user name or e-mail, the invited user accepts or declines.
import { api } from "./client";
import type { Member, Role, UserRef } from "./types";

export interface Invitation {
  id: number;
  project: { id: number; name: string };
  /** The user name or e-mail address as the manager typed it. */
  invitee: string;
  role: Role;
  status: "pending" | "accepted" | "declined" | "revoked";
  invited_by: UserRef | null;
  created_at: string;
}

/** A window event fired after the user answered one, so the header's count is read again. */
export const INVITATIONS_CHANGED = "invitations-changed";

/** The caller's pending invitations. */
export function listMyInvitations(signal?: AbortSignal): Promise<Invitation[]> {
  return api.get("/invitations", { signal });
}

export function answerInvitation(id: number, accept: boolean): Promise<Invitation> {
  return api.post(`/invitations/${id}/${accept ? "accept" : "decline"}`);
}

/** A project's pending invitations (managers). */
export function listProjectInvitations(projectId: number, signal?: AbortSignal): Promise<Invitation[]> {
  return api.get(`/projects/${projectId}/invitations`, { signal });
}

export function withdrawInvitation(projectId: number, id: number): Promise<null> {
  return api.delete(`/projects/${projectId}/invitations/${id}`);
}

/** POST members: staff add directly (a member), managers invite anyone not yet a member (an invitation). */
export function isInvitation(answer: Member | Invitation): answer is Invitation {
  return "status" in answer;
}

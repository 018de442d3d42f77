// Accounts in the app: sign-up from an invitation link, passwords, users (staff), people.
import { api, resetCsrf } from "./client";
import type { Invitation } from "./invitations";
import type { Role, User } from "./types";

export interface SignupInvitation {
  project: { id: number; name: string };
  role: Role;
  /** The invited address the account takes; empty for a link made for a user name. */
  email: string;
}

export function fetchSignupInvitation(token: string, signal?: AbortSignal): Promise<SignupInvitation> {
  return api.get("/auth/signup", { query: { token }, signal, skipAuthRedirect: true });
}

export async function signup(body: { token: string; username: string; password: string; email?: string }): Promise<User> {
  const user = await api.post<User>("/auth/signup", body, { skipAuthRedirect: true });
  resetCsrf(); // Django rotates the CSRF token on login.
  return user;
}

export function requestPasswordReset(email: string): Promise<{ detail: string }> {
  return api.post("/auth/password-reset", { email }, { skipAuthRedirect: true });
}

export function confirmPasswordReset(uid: string, token: string, password: string): Promise<null> {
  return api.post("/auth/password-reset/confirm", { uid, token, password }, { skipAuthRedirect: true });
}

/** E-mail the signed-in user a link that verifies their address (throttled: 429 with a wait). */
export function requestEmailVerification(): Promise<{ detail: string }> {
  return api.post("/auth/email/verify", {});
}

/** The e-mailed link's token: marks the address verified; works without a session. */
export function confirmEmailVerification(token: string): Promise<null> {
  return api.post("/auth/email/verify/confirm", { token }, { skipAuthRedirect: true });
}

export function changePassword(oldPassword: string, newPassword: string): Promise<null> {
  return api.post("/auth/password", { old_password: oldPassword, new_password: newPassword });
}

export interface Person {
  id: number;
  username: string;
  email: string;
  is_active: boolean;
  is_staff: boolean;
  last_login: string | null;
  projects: { id: number; name: string; role: Role }[];
}

/** Staff: everyone; others: the people of the projects they manage. */
export function listPeople(signal?: AbortSignal): Promise<Person[]> {
  return api.get("/people", { signal });
}

export interface AccountUser {
  id: number;
  username: string;
  email: string;
  is_active: boolean;
  is_staff: boolean;
}

/** Staff make an account; without a password the user is e-mailed a link to set one. */
export function createUser(body: { username: string; email?: string; password?: string; is_staff?: boolean }): Promise<AccountUser> {
  return api.post("/users", body);
}

export function updateUser(id: number, body: { is_active?: boolean; is_staff?: boolean; email?: string }): Promise<AccountUser> {
  return api.patch(`/users/${id}`, body);
}

/** Staff: a link for the user to set their password (also e-mailed when they have an address). */
export function passwordLink(id: number): Promise<{ url: string }> {
  return api.post(`/users/${id}/password-link`);
}

/** Managers: the sign-up link of a pending invitation, to pass on. */
export function invitationLink(projectId: number, invitationId: number): Promise<{ url: string }> {
  return api.get(`/projects/${projectId}/invitations/${invitationId}/link`);
}

/** Invite a user name or e-mail address to a project (managers and staff): 202 with the invitation. */
export function invite(projectId: number, invitee: string, role: Role): Promise<Invitation> {
  return api.post(`/projects/${projectId}/invitations`, { user: invitee, role });
}

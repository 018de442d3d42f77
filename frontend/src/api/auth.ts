import { api, resetCsrf } from "./client";
import type { User } from "./types";

export async function login(username: string, password: string): Promise<User> {
  const user = await api.post<User>("/auth/login", { username, password }, { skipAuthRedirect: true });
  resetCsrf(); // Django rotates the CSRF token on login.
  return user;
}

export async function logout(): Promise<void> {
  try {
    await api.post<null>("/auth/logout", undefined, { skipAuthRedirect: true });
  } finally {
    resetCsrf();
  }
}

/** The signed-in user or null; answers 200 either way, so a visitor's first page logs no 401. */
export async function fetchSession(signal?: AbortSignal): Promise<User | null> {
  const { user } = await api.get<{ user: User | null }>("/auth/session", { signal, skipAuthRedirect: true });
  return user;
}

export function fetchMe(signal?: AbortSignal): Promise<User> {
  return api.get<User>("/auth/me", { signal, skipAuthRedirect: true });
}

/** Single sign-on as the server offers it (OpenID Connect; off unless configured). */
export interface SsoConfig {
  enabled: boolean;
  name: string;
  login_url: string;
}

export function fetchSso(signal?: AbortSignal): Promise<SsoConfig> {
  return api.get<SsoConfig>("/auth/sso", { signal, skipAuthRedirect: true });
}

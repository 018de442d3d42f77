// fetch wrapper: same-origin session cookie, JSON in and out, CSRF header on unsafe methods,
// errors as ApiError, and a hook for "not logged in" answers.
import { CSRF_COOKIE, CSRF_HEADER, isUnsafeMethod, readCookie } from "./csrf";
import { ApiError, NotReadyError, networkError } from "./errors";

export const API_ROOT = "/api/v1";

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not call the unauthenticated handler on 401/403 (login, me). */
  skipAuthRedirect?: boolean;
  /** The answer is computed by a worker: a 202 means not yet, and throws NotReadyError naming the job. */
  computed?: boolean;
}

let csrfFromServer: string | null = null;
let csrfRequest: Promise<string> | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Called when an answer shows the session is gone; the app navigates to /login. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** For requests made outside `apiRequest` (XHR uploads) that found the session gone. */
export function notifyUnauthenticated(): void {
  onUnauthenticated?.();
}

/** Django rotates the token at login/logout: forget what we cached. */
export function resetCsrf(): void {
  csrfFromServer = null;
  csrfRequest = null;
}

export function apiUrl(path: string, query?: Query): string {
  const url = path.startsWith("/api/") ? path : `${API_ROOT}${path.startsWith("/") ? "" : "/"}${path}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

/** The CSRF token, fetching GET /auth/csrf first if the cookie is not set yet. */
export async function getCsrfToken(): Promise<string> {
  const fromCookie = readCookie(CSRF_COOKIE);
  if (fromCookie) return fromCookie;
  if (csrfFromServer) return csrfFromServer;
  csrfRequest ??= fetch(apiUrl("/auth/csrf"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(async (resp) => {
      const data = (await resp.json().catch(() => ({}))) as { csrf_token?: string };
      // Prefer the cookie (it is what Django compares against); the body covers HttpOnly cookies.
      const token = readCookie(CSRF_COOKIE) ?? data.csrf_token ?? "";
      csrfFromServer = token || null;
      return token;
    })
    .finally(() => {
      csrfRequest = null;
    });
  return csrfRequest;
}

async function readBody(resp: Response): Promise<unknown> {
  if (resp.status === 204) return null;
  const text = await resp.text();
  if (!text) return null;
  const type = resp.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text.length > 300 ? `${resp.status} ${resp.statusText}` : text;
}

/** 401 is always "not logged in"; DRF answers 403 both for that and for "no permission". */
export function looksUnauthenticated(status: number, detail: string): boolean {
  if (status === 401) return true;
  if (status !== 403) return false;
  return /credentials were not provided|not authenticated|authentication/i.test(detail);
}

function isCsrfFailure(status: number, detail: string): boolean {
  return status === 403 && /csrf/i.test(detail);
}

export async function apiRequest<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  return doRequest<T>(method, path, opts, true);
}

async function doRequest<T>(method: string, path: string, opts: RequestOptions, mayRetry: boolean): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  if (isUnsafeMethod(method)) headers[CSRF_HEADER] = await getCsrfToken();

  let resp: Response;
  try {
    resp = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw networkError(err);
  }
  const data = await readBody(resp);
  if (resp.status === 202 && opts.computed) throw new NotReadyError(data);
  if (resp.ok) return data as T;

  const error = new ApiError(resp.status, data, resp.statusText);
  if (mayRetry && isCsrfFailure(resp.status, error.detail)) {
    // Stale token (e.g. rotated by a login in another tab): fetch a fresh one and retry once.
    resetCsrf();
    return doRequest<T>(method, path, opts, false);
  }
  if (!opts.skipAuthRedirect && looksUnauthenticated(resp.status, error.detail)) onUnauthenticated?.();
  throw error;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => apiRequest<T>("GET", path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => apiRequest<T>("POST", path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => apiRequest<T>("PUT", path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => apiRequest<T>("PATCH", path, { ...opts, body }),
  delete: <T = null>(path: string, opts?: RequestOptions) => apiRequest<T>("DELETE", path, opts),
};

// Route table: pure, no React. Paths match what Django serves index.html for.

export type Route =
  | { name: "login" }
  | { name: "projects" }
  | { name: "invitations" }
  | { name: "signup" }
  | { name: "forgotPassword" }
  | { name: "resetPassword" }
  | { name: "verifyEmail" }
  | { name: "account" }
  | { name: "people" }
  | { name: "project"; projectId: number }
  | { name: "projectSettings"; projectId: number }
  | { name: "asset"; projectId: number; assetId: number }
  | { name: "label"; projectId: number; assetId: number }
  | { name: "sequence"; projectId: number; sequenceId: number }
  | { name: "review"; projectId: number }
  | { name: "stats"; projectId: number }
  | { name: "datasets"; projectId: number }
  | { name: "notFound" };

const PATTERNS: { re: RegExp; build: (m: RegExpMatchArray) => Route }[] = [
  { re: /^\/login$/, build: () => ({ name: "login" }) },
  { re: /^\/(projects)?$/, build: () => ({ name: "projects" }) },
  { re: /^\/invitations$/, build: () => ({ name: "invitations" }) },
  { re: /^\/signup$/, build: () => ({ name: "signup" }) },
  { re: /^\/forgot-password$/, build: () => ({ name: "forgotPassword" }) },
  { re: /^\/reset-password$/, build: () => ({ name: "resetPassword" }) },
  { re: /^\/verify-email$/, build: () => ({ name: "verifyEmail" }) },
  { re: /^\/account$/, build: () => ({ name: "account" }) },
  { re: /^\/people$/, build: () => ({ name: "people" }) },
  { re: /^\/projects\/(\d+)$/, build: (m) => ({ name: "project", projectId: Number(m[1]) }) },
  { re: /^\/projects\/(\d+)\/settings$/, build: (m) => ({ name: "projectSettings", projectId: Number(m[1]) }) },
  { re: /^\/projects\/(\d+)\/review$/, build: (m) => ({ name: "review", projectId: Number(m[1]) }) },
  { re: /^\/projects\/(\d+)\/stats$/, build: (m) => ({ name: "stats", projectId: Number(m[1]) }) },
  { re: /^\/projects\/(\d+)\/datasets$/, build: (m) => ({ name: "datasets", projectId: Number(m[1]) }) },
  {
    re: /^\/projects\/(\d+)\/assets\/(\d+)$/,
    build: (m) => ({ name: "asset", projectId: Number(m[1]), assetId: Number(m[2]) }),
  },
  {
    re: /^\/projects\/(\d+)\/sequences\/(\d+)$/,
    build: (m) => ({ name: "sequence", projectId: Number(m[1]), sequenceId: Number(m[2]) }),
  },
  {
    re: /^\/projects\/(\d+)\/assets\/(\d+)\/label$/,
    build: (m) => ({ name: "label", projectId: Number(m[1]), assetId: Number(m[2]) }),
  },
];

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  for (const { re, build } of PATTERNS) {
    const m = path.match(re);
    if (m) return build(m);
  }
  return { name: "notFound" };
}

export const paths = {
  login: (next?: string) => (next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login"),
  projects: () => "/",
  invitations: () => "/invitations",
  forgotPassword: () => "/forgot-password",
  account: () => "/account",
  people: () => "/people",
  project: (id: number) => `/projects/${id}`,
  projectSettings: (id: number) => `/projects/${id}/settings`,
  asset: (projectId: number, assetId: number) => `/projects/${projectId}/assets/${assetId}`,
  label: (projectId: number, assetId: number) => `/projects/${projectId}/assets/${assetId}/label`,
  /** The labeling page for a queue item: it heartbeats `claim` and asks the queue for the next item. */
  labelClaim: (projectId: number, assetId: number, claimId: number) =>
    `/projects/${projectId}/assets/${assetId}/label?claim=${claimId}`,
  /** The labeling page editing a given label (a reviewer's fix); `review` is the reviewer's review claim. */
  labelFix: (projectId: number, assetId: number, labelId: number, claimId: number) =>
    `/projects/${projectId}/assets/${assetId}/label?label=${labelId}&review=${claimId}`,
  /** The sequence editor; `frame` opens that frame position. */
  sequence: (projectId: number, sequenceId: number, frame?: number) =>
    `/projects/${projectId}/sequences/${sequenceId}${frame ? `?frame=${frame}` : ""}`,
  review: (id: number) => `/projects/${id}/review`,
  stats: (id: number) => `/projects/${id}/stats`,
  datasets: (id: number) => `/projects/${id}/datasets`,
};

/** Pages for people who are not signed in: signing in, signing up from a link, resetting a password,
 * verifying an address from its e-mailed link (which may be opened in another browser). */
export const PUBLIC_ROUTES: ReadonlySet<Route["name"]> = new Set([
  "login", "signup", "forgotPassword", "resetPassword", "verifyEmail",
]);

/** Whether to ask the user to verify their address: one they have, not yet proved. */
export function needsEmailVerification(user: { email: string; email_verified: boolean } | null | undefined): boolean {
  return Boolean(user && user.email && !user.email_verified);
}

/** Only same-site paths are valid redirect targets after login. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/login")) return "/";
  return next;
}

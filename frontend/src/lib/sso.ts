// Single sign-on on the login page: where the button goes, and what a refused login means.

/** The provider login with the page to come back to (the server checks it is one of ours). */
export function ssoHref(loginUrl: string, next: string): string {
  return next === "/" ? loginUrl : `${loginUrl}?next=${encodeURIComponent(next)}`;
}

const REFUSALS: Record<string, string> = {
  inactive: "Your account is deactivated; ask staff to reactivate it.",
  email_in_use:
    "An account with your e-mail address exists here, but the address is not verified on both sides. " +
    "Sign in with your password and verify the address in your account; then single sign-on uses that account.",
  no_account: "There is no account for you here yet; ask staff to make one.",
};

/** The message for /login?sso_error=<code>, or null without one. */
export function ssoErrorMessage(code: string | null): string | null {
  if (!code) return null;
  return REFUSALS[code] ?? "Single sign-on did not work. Try again, or sign in with your password.";
}

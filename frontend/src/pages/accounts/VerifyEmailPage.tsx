import { useEffect, useState } from "react";
import { confirmEmailVerification } from "../../api/accounts";
import { useAuth } from "../../auth/AuthContext";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link, useLocation } from "../../lib/router";
import { paths } from "../../lib/routes";
import { AuthCard } from "./AuthCard";

/** The e-mailed link (`/verify-email?token=...`): marks the address verified on opening. Works
 * signed out too; a signed-in session is told at once (the banner goes). */
export function VerifyEmailPage() {
  const { search } = useLocation();
  const token = search.get("token") ?? "";
  const { user, setUser } = useAuth();
  const [state, setState] = useState<"busy" | "done" | "failed">("busy");
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    confirmEmailVerification(token)
      .then(() => live && setState("done"))
      .catch((err: unknown) => {
        if (!live) return;
        setError(err);
        setState("failed");
      });
    return () => {
      live = false;
    };
  }, [token]);

  useEffect(() => {
    if (state === "done" && user && !user.email_verified) setUser({ ...user, email_verified: true });
  }, [state, user, setUser]);

  return (
    <AuthCard title="Verify your e-mail address" onSubmit={(e) => e.preventDefault()} testId="verify-email-form">
      <ErrorMessage error={error} />
      {state === "busy" && <p className="muted">Checking the link…</p>}
      {state === "done" && (
        <p role="status" data-testid="verify-email-done">
          Your address is verified: invitations sent to it now reach you.{" "}
          <Link to={user ? paths.invitations() : paths.login(paths.invitations())}>See your invitations</Link>
        </p>
      )}
      {state === "failed" && (
        <p className="muted small">
          Ask for a new link from the banner at the top of any page once signed in. <Link to={paths.projects()}>Go to the app</Link>
        </p>
      )}
    </AuthCard>
  );
}

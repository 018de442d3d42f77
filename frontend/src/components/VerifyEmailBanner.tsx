import { useState } from "react";
import { requestEmailVerification } from "../api/accounts";
import { useAuth } from "../auth/AuthContext";
import { needsEmailVerification } from "../lib/routes";
import { ErrorMessage } from "./ErrorMessage";

/** Under the header while the user's address is not verified: invitations sent to it wait until it
 * is (issue 14), so say so and offer the link. Asking again is throttled by the server (429). */
export function VerifyEmailBanner() {
  const { user } = useAuth();
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!user || !needsEmailVerification(user)) return null;

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await requestEmailVerification();
      setSent(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="alert alert-warn verify-email-banner" role="status" data-testid="verify-email-banner">
      <span>
        Verify your e-mail address <strong>{user.email}</strong>: invitations sent to it reach you only once it is verified.{" "}
        {sent ? "A link is on its way; open it from that mailbox." : null}
      </span>{" "}
      <button type="button" className="btn btn-sm" data-testid="verify-email-send" disabled={busy} onClick={() => void send()}>
        {busy ? "Sending…" : sent ? "Send again" : "Send the link"}
      </button>
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
    </div>
  );
}

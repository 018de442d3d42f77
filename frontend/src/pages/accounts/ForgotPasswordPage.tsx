import { useState, type FormEvent } from "react";
import { requestPasswordReset } from "../../api/accounts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../lib/router";
import { paths } from "../../lib/routes";
import { AuthCard, useSubmit } from "./AuthCard";

/** Ask for a reset link by e-mail; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const { error, busy, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => setSent((await requestPasswordReset(email.trim())).detail));
  };

  return (
    <AuthCard title="Reset your password" onSubmit={submit} testId="forgot-form">
      <ErrorMessage error={error} />
      {sent ? (
        <p role="status" data-testid="forgot-sent">{sent[0].toUpperCase() + sent.slice(1)}.</p>
      ) : (
        <>
          <label className="field">
            <span>Your account's e-mail address</span>
            <input data-testid="forgot-email" type="email" autoComplete="email" autoFocus required value={email}
              onChange={(e) => setEmail(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-primary btn-block" data-testid="forgot-submit" disabled={busy}>
            {busy ? "Sending…" : "Send me a link"}
          </button>
        </>
      )}
      <p className="muted small">
        <Link to={paths.login()}>Back to sign in</Link>
      </p>
    </AuthCard>
  );
}

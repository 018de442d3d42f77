import { useState, type FormEvent } from "react";
import { confirmPasswordReset } from "../../api/accounts";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link, useLocation } from "../../lib/router";
import { paths } from "../../lib/routes";
import { AuthCard, PasswordField, useSubmit } from "./AuthCard";

/** The e-mailed link (`/reset-password?uid=...&token=...`): choose a new password. */
export function ResetPasswordPage() {
  const { search } = useLocation();
  const uid = search.get("uid") ?? "";
  const token = search.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [done, setDone] = useState(false);
  const { error, busy, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await confirmPasswordReset(uid, token, password);
      setDone(true);
    }, [password, again]);
  };

  return (
    <AuthCard title="Choose a new password" onSubmit={submit} testId="reset-form">
      <ErrorMessage error={error} />
      {done ? (
        <p role="status" data-testid="reset-done">
          Your password is set. <Link to={paths.login()}>Sign in</Link>
        </p>
      ) : (
        <>
          <PasswordField label="New password" value={password} onChange={setPassword} testId="reset-password" />
          <PasswordField label="New password again" value={again} onChange={setAgain} testId="reset-password-again" />
          <button type="submit" className="btn btn-primary btn-block" data-testid="reset-submit" disabled={busy}>
            {busy ? "Saving…" : "Set password"}
          </button>
          <p className="muted small">
            Link expired? <Link to={paths.forgotPassword()}>Ask for a new one</Link>
          </p>
        </>
      )}
    </AuthCard>
  );
}

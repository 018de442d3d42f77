import { useState, type FormEvent } from "react";
import { changePassword } from "../../api/accounts";
import { useAuth } from "../../auth/AuthContext";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PasswordField, useSubmit } from "./AuthCard";

/** The signed-in user's account: change the password (the session stays signed in). */
export function AccountPage() {
  const { user } = useAuth();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [done, setDone] = useState(false);
  const { error, busy, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void run(async () => {
      await changePassword(current, password);
      setDone(true);
      setCurrent("");
      setPassword("");
      setAgain("");
    }, [password, again]);
  };

  return (
    <div className="page" data-testid="account-page">
      <div className="page-head">
        <h1>Your account</h1>
        <span className="muted">{user?.username}</span>
      </div>
      <section className="panel" style={{ maxWidth: 420 }}>
        <h2>Change password</h2>
        <form onSubmit={submit} data-testid="password-change-form">
          <ErrorMessage error={error} />
          {done && <p role="status" data-testid="password-changed">Your password is changed.</p>}
          <PasswordField label="Current password" value={current} onChange={setCurrent} testId="password-current"
            autoComplete="current-password" />
          <PasswordField label="New password" value={password} onChange={setPassword} testId="password-new" />
          <PasswordField label="New password again" value={again} onChange={setAgain} testId="password-new-again" />
          <button type="submit" className="btn btn-primary" data-testid="password-change-submit" disabled={busy}>
            {busy ? "Saving…" : "Change password"}
          </button>
        </form>
      </section>
    </div>
  );
}

import { useState, type FormEvent } from "react";
import { fetchSignupInvitation, signup } from "../../api/accounts";
import { useAuth } from "../../auth/AuthContext";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { Link, navigate, useLocation } from "../../lib/router";
import { paths } from "../../lib/routes";
import { AuthCard, PasswordField, useSubmit } from "./AuthCard";

/** An invitation link (`/signup?token=...`): make an account and join the project with the invited role. */
export function SignupPage() {
  const { setUser } = useAuth();
  const token = useLocation().search.get("token") ?? "";
  const invitation = useAsync((signal) => fetchSignupInvitation(token, signal), [token]);
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const { error, busy, run } = useSubmit();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const user = await signup({ token, username: username.trim(), password, email: email.trim() || undefined });
      setUser(user);
      if (invitation.data) navigate(paths.project(invitation.data.project.id), { replace: true });
    }, [password, again]);
  };

  const invited = invitation.data;
  return (
    <AuthCard title="Create your account" onSubmit={submit} testId="signup-form">
      {invitation.loading && !invited && <Spinner />}
      <ErrorMessage error={invitation.error ?? error} />
      {invitation.error !== null && invitation.error !== undefined && (
        <p className="muted small">
          Ask the project's manager for a new invitation, or <Link to={paths.login()}>sign in</Link>.
        </p>
      )}
      {invited && (
        <>
          <p data-testid="signup-invitation">
            You are invited to <strong>{invited.project.name}</strong> as <strong>{invited.role}</strong>.
          </p>
          <label className="field">
            <span>User name</span>
            <input data-testid="signup-username" autoComplete="username" autoFocus required value={username}
              onChange={(e) => setUsername(e.target.value)} />
          </label>
          {invited.email ? (
            <p className="muted small">E-mail: {invited.email}</p>
          ) : (
            <label className="field">
              <span>E-mail (optional, for password resets; verify it from the link we send)</span>
              <input data-testid="signup-email" type="email" autoComplete="email" value={email}
                onChange={(e) => setEmail(e.target.value)} />
            </label>
          )}
          <PasswordField label="Password" value={password} onChange={setPassword} testId="signup-password" />
          <PasswordField label="Password again" value={again} onChange={setAgain} testId="signup-password-again" />
          <button type="submit" className="btn btn-primary btn-block" data-testid="signup-submit" disabled={busy}>
            {busy ? "Creating…" : "Create account and join"}
          </button>
          <p className="muted small">
            Have an account? <Link to={paths.login()}>Sign in</Link> and accept the invitation there.
          </p>
        </>
      )}
    </AuthCard>
  );
}

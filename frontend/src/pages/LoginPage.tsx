import { useEffect, useState, type FormEvent } from "react";
import { fetchSso, login, type SsoConfig } from "../api/auth";
import { useAuth } from "../auth/AuthContext";
import { ErrorMessage } from "../components/ErrorMessage";
import { Link, navigate, useLocation } from "../lib/router";
import { paths, safeNext } from "../lib/routes";
import { ssoErrorMessage, ssoHref } from "../lib/sso";

export function LoginPage() {
  const { user, setUser } = useAuth();
  const { search } = useLocation();
  const next = safeNext(search.get("next"));

  // Already signed in (e.g. the back button): go on.
  useEffect(() => {
    if (user) navigate(next, { replace: true });
  }, [user, next]);

  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const ssoError = ssoErrorMessage(search.get("sso_error"));
  const [error, setError] = useState<unknown>(ssoError ? new Error(ssoError) : null);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<SsoConfig | null>(null);

  // Single sign-on is offered only where the server has it configured.
  useEffect(() => {
    const abort = new AbortController();
    fetchSso(abort.signal).then(setSso, () => setSso(null));
    return () => abort.abort();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setUser(await login(username.trim(), password));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={submit} data-testid="login-form">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true" />
          labelplatform
        </div>
        <h1>Sign in</h1>
        <ErrorMessage error={error} />
        <label className="field">
          <span>Username</span>
          <input
            data-testid="login-username"
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            data-testid="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary btn-block" data-testid="login-submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {sso?.enabled && (
          <>
            <p className="muted small" style={{ textAlign: "center", margin: "10px 0" }}>or</p>
            <a className="btn btn-block" href={ssoHref(sso.login_url, next)} data-testid="login-sso">
              Sign in with {sso.name}
            </a>
          </>
        )}
        <p className="muted small">
          <Link to={paths.forgotPassword()} data-testid="login-forgot">Forgot your password?</Link>
        </p>
      </form>
    </div>
  );
}

import { useState, type FormEvent, type ReactNode } from "react";

/** The signed-out pages' card (sign in, sign up, forgot and reset password), styled as the login page. */
export function AuthCard({ title, onSubmit, testId, children }: {
  title: string;
  onSubmit: (e: FormEvent) => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="login-page">
      <form className="login-card" onSubmit={onSubmit} data-testid={testId}>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true" />
          labelplatform
        </div>
        <h1>{title}</h1>
        {children}
      </form>
    </div>
  );
}

/** A labelled password input with the browser's new-password hint. */
export function PasswordField({ label, value, onChange, testId, autoComplete = "new-password" }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  autoComplete?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        data-testid={testId}
        type="password"
        autoComplete={autoComplete}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** A form's submit: busy while `fn` runs, its error kept; a new password typed twice must match. */
export function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>, passwords?: [string, string]) => {
    if (passwords && passwords[0] !== passwords[1]) {
      setError(new Error("The two passwords differ."));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

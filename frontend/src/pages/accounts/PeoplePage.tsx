import { useState, type FormEvent } from "react";
import { createUser, listPeople, passwordLink, updateUser, type Person } from "../../api/accounts";
import { useAuth } from "../../auth/AuthContext";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { formatDate } from "../../lib/format";
import { useAsync } from "../../lib/hooks";
import { Link } from "../../lib/router";
import { paths } from "../../lib/routes";

/** People with their projects and roles. Staff see everyone, make accounts and deactivate them;
 * a manager sees the people of the projects they manage (and invites from a project's Members panel). */
export function PeoplePage() {
  const { user } = useAuth();
  const people = useAsync((signal) => listPeople(signal), []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [link, setLink] = useState<{ username: string; url: string } | null>(null);
  const isStaff = Boolean(user?.is_staff);

  const act = async (person: Person, fn: () => Promise<unknown>) => {
    setBusy(person.id);
    setError(null);
    try {
      await fn();
      people.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const list = people.data ?? [];
  return (
    <div className="page" data-testid="people-page">
      <div className="page-head">
        <h1>People</h1>
        <span className="muted small">
          {isStaff ? "everyone with an account" : "the people of the projects you manage"}
        </span>
      </div>
      {isStaff && <CreateUserForm onCreated={people.reload} />}
      <ErrorMessage error={people.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      {link && (
        <div className="panel" role="status" data-testid="password-link">
          <label className="field">
            <span>Link for {link.username} to set a password (also e-mailed when they have an address)</span>
            <input readOnly value={link.url} onFocus={(e) => e.target.select()} />
          </label>
        </div>
      )}
      {people.loading && !people.data && <Spinner />}
      {people.data && list.length === 0 && (
        <p className="muted">Nobody yet: people show here once they are members of a project you manage.</p>
      )}
      {list.length > 0 && (
        <table className="table" data-testid="people-table">
          <thead>
            <tr>
              <th>User</th>
              <th>E-mail</th>
              <th>Projects and roles</th>
              <th>Last sign-in</th>
              {isStaff && <th />}
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.id} data-testid="person-row" data-username={p.username} className={p.is_active ? undefined : "muted"}>
                <td>
                  {p.username}
                  {p.is_staff && <span className="badge badge-staff">staff</span>}
                  {!p.is_active && <span className="badge" data-testid="person-inactive">deactivated</span>}
                </td>
                <td>{p.email || <span className="muted">—</span>}</td>
                <td className="person-projects" data-testid="person-projects">
                  {p.projects.length === 0 && <span className="muted">none</span>}
                  {p.projects.map((r, i) => (
                    <span key={r.id}>
                      {i > 0 && ", "}
                      <Link to={paths.project(r.id)}>{r.name}</Link> <span className="badge badge-role">{r.role}</span>
                    </span>
                  ))}
                </td>
                <td className="muted small">{p.last_login ? formatDate(p.last_login) : "never"}</td>
                {isStaff && (
                  <td className="actions">
                    {p.id !== user?.id && (
                      <button type="button" className={p.is_active ? "btn btn-sm btn-danger" : "btn btn-sm"}
                        data-testid="person-toggle" disabled={busy === p.id}
                        onClick={() => {
                          if (!p.is_active || window.confirm(`Deactivate ${p.username}? They can no longer sign in; their labels stay.`)) {
                            void act(p, () => updateUser(p.id, { is_active: !p.is_active }));
                          }
                        }}>
                        {p.is_active ? "Deactivate" : "Reactivate"}
                      </button>
                    )}{" "}
                    {p.is_active && (
                      <button type="button" className="btn btn-sm" disabled={busy === p.id}
                        onClick={() => void act(p, async () => setLink({ username: p.username, url: (await passwordLink(p.id)).url }))}>
                        Password link
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [isStaff, setIsStaff] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const made = await createUser({ username: username.trim(), email: email.trim(), is_staff: isStaff,
        ...(password ? { password } : {}) });
      setSent(password ? `Made ${made.username}.`
        : made.email ? `Made ${made.username}: a link to set the password went to ${made.email}.`
          : `Made ${made.username}: use "Password link" to give them a way to set a password.`);
      setUsername("");
      setEmail("");
      setPassword("");
      setIsStaff(false);
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel">
      <h2>New user</h2>
      <form onSubmit={submit} data-testid="create-user-form">
        <ErrorMessage error={error} />
        {sent && <p className="muted small" role="status" data-testid="user-created">{sent}</p>}
        <div className="form-row">
          <label className="field">
            <span>User name</span>
            <input data-testid="new-user-username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
          <label className="field">
            <span>E-mail</span>
            <input data-testid="new-user-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="field">
            <span>Password (optional)</span>
            <input data-testid="new-user-password" type="password" autoComplete="new-password" value={password}
              onChange={(e) => setPassword(e.target.value)} />
          </label>
          <label className="field">
            <span>Staff</span>
            <input type="checkbox" checked={isStaff} onChange={(e) => setIsStaff(e.target.checked)} />
          </label>
          <button type="submit" className="btn btn-primary" data-testid="new-user-submit" disabled={busy || !username.trim()}>
            Create
          </button>
        </div>
        <div className="field-help">
          Without a password, the user is e-mailed a link to choose one. Add them to projects from a project's Members panel.
        </div>
      </form>
    </section>
  );
}

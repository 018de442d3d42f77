import { useState, type FormEvent } from "react";
import { addMember, listMembers, removeMember } from "../../api/projects";
import { ROLES, type Member, type Role } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";

const ROLE_HELP: Record<Role, string> = {
  manager: "configures the project, imports and exports",
  reviewer: "accepts or rejects submitted labels",
  labeler: "labels images from the queue",
  viewer: "read-only",
};

export function MembersPanel({ projectId, readOnly, myUserId }: { projectId: number; readOnly: boolean; myUserId?: number }) {
  const members = useAsync((signal) => listMembers(projectId, signal), [projectId]);
  const [error, setError] = useState<unknown>(null);
  const [busyUser, setBusyUser] = useState<number | null>(null);

  const act = async (userId: number, fn: () => Promise<unknown>) => {
    setBusyUser(userId);
    setError(null);
    try {
      await fn();
      members.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusyUser(null);
    }
  };

  const list: Member[] = members.data ?? [];
  return (
    <section className="panel" data-testid="members-panel">
      <div className="panel-head">
        <h2>Members</h2>
        <span className="muted small">{list.length} member(s)</span>
      </div>
      <ErrorMessage error={members.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      {!readOnly && <AddMemberForm projectId={projectId} onAdded={members.reload} />}
      {members.loading && !members.data && <Spinner />}
      {list.length > 0 && (
        <table className="table" data-testid="members-table">
          <thead>
            <tr>
              <th>User</th>
              <th>Role</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.user.id} data-testid="member-row" data-username={m.user.username}>
                <td>
                  {m.user.username}
                  {m.user.id === myUserId && <span className="muted small"> (you)</span>}
                </td>
                <td>
                  {readOnly ? (
                    m.role
                  ) : (
                    <select
                      aria-label={`Role of ${m.user.username}`}
                      value={m.role}
                      disabled={busyUser === m.user.id}
                      title={ROLE_HELP[m.role]}
                      onChange={(e) => void act(m.user.id, () => addMember(projectId, m.user.id, e.target.value as Role))}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td className="actions">
                  {!readOnly && (
                    <button
                      type="button"
                      className="btn btn-sm btn-danger"
                      disabled={busyUser === m.user.id}
                      onClick={() => {
                        if (window.confirm(`Remove ${m.user.username} from the project?`)) {
                          void act(m.user.id, () => removeMember(projectId, m.user.id));
                        }
                      }}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AddMemberForm({ projectId, onAdded }: { projectId: number; onAdded: () => void }) {
  const [user, setUser] = useState("");
  const [role, setRole] = useState<Role>("labeler");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await addMember(projectId, user.trim(), role);
      setUser("");
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} style={{ marginBottom: 12 }} data-testid="add-member-form">
      <ErrorMessage error={error} />
      <div className="form-row">
        <label className="field">
          <span>Username</span>
          <input data-testid="member-username" required value={user} onChange={(e) => setUser(e.target.value)} />
        </label>
        <label className="field">
          <span>Role</span>
          <select data-testid="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" data-testid="member-add" disabled={busy || !user.trim()}>
          Add member
        </button>
      </div>
      <div className="field-help">{ROLE_HELP[role]}</div>
    </form>
  );
}

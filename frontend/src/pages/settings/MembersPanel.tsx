import { useId, useState, type FormEvent } from "react";
import { isInvitation, listProjectInvitations, withdrawInvitation, type Invitation } from "../../api/invitations";
import { invitationLink } from "../../api/accounts";
import { ApiError } from "../../api/errors";
import { addMember, listMembers, removeMember } from "../../api/projects";
import { ROLES, type Member, type Role } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { InviteOffer, LinkBox } from "./InviteOffer";

const ROLE_HELP: Record<Role, string> = {
  manager: "configures the project, imports and exports",
  reviewer: "accepts or rejects submitted labels",
  labeler: "labels images from the queue",
  viewer: "read-only",
};

export function MembersPanel({ projectId, readOnly, myUserId }: { projectId: number; readOnly: boolean; myUserId?: number }) {
  const members = useAsync((signal) => listMembers(projectId, signal), [projectId]);
  // Pending invitations are for managers only (read-only members do not ask).
  const invitations = useAsync(
    (signal) => (readOnly ? Promise.resolve([]) : listProjectInvitations(projectId, signal)),
    [projectId, readOnly],
  );
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
      {!readOnly && (
        <AddMemberForm
          projectId={projectId}
          onAdded={() => {
            members.reload();
            invitations.reload();
          }}
        />
      )}
      {!readOnly && (
        <PendingInvitations
          projectId={projectId}
          list={invitations.data ?? []}
          error={invitations.error}
          onChanged={invitations.reload}
        />
      )}
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
  const roleId = useId();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  // staff named no account: invite by e-mail or link instead (InviteOffer)
  const [unknown, setUnknown] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    setUnknown(null);
    try {
      const answer = await addMember(projectId, user.trim(), role);
      setSent(isInvitation(answer)
        ? `Invited ${answer.invitee} as ${answer.role}: they join when they accept${answer.invitee.includes("@") ? " (an e-mail is on its way)" : ""}. Pending invitations below have a sign-up link to pass on.`
        : `Added ${user.trim()}.`);
      setUser("");
      onAdded();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields.user) setUnknown(user.trim());
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
    <form onSubmit={submit} style={{ marginBottom: 12 }} data-testid="add-member-form">
      <ErrorMessage error={error} />
      {sent && (
        <p className="muted small" role="status" data-testid="member-sent">
          {sent}
        </p>
      )}
      <div className="form-row">
        <label className="field">
          <span>User name or e-mail</span>
          <input data-testid="member-username" required value={user} onChange={(e) => setUser(e.target.value)} />
        </label>
        <label className="field" htmlFor={roleId}>
          <span>Role</span>
          <select id={roleId} data-testid="member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" data-testid="member-add" disabled={busy || !user.trim()}>
          Invite
        </button>
      </div>
      <div className="field-help">{ROLE_HELP[role]}</div>
    </form>
    {unknown && <InviteOffer key={unknown} projectId={projectId} name={unknown} role={role} onInvited={onAdded} />}
    </>
  );
}

function PendingInvitations({
  projectId,
  list,
  error,
  onChanged,
}: {
  projectId: number;
  list: Invitation[];
  error: unknown;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState<number | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const [link, setLink] = useState<{ invitee: string; url: string } | null>(null);
  if (list.length === 0 && !error) return null;
  const showLink = async (inv: Invitation) => {
    setFailed(null);
    try {
      setLink({ invitee: inv.invitee, url: (await invitationLink(projectId, inv.id)).url });
    } catch (err) {
      setFailed(err);
    }
  };
  const withdraw = async (id: number) => {
    setBusy(id);
    setFailed(null);
    try {
      await withdrawInvitation(projectId, id);
      onChanged();
    } catch (err) {
      setFailed(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div data-testid="pending-invitations" style={{ marginBottom: 12 }}>
      <h3>Pending invitations</h3>
      <ErrorMessage error={error ?? failed} />
      <table className="table">
        <tbody>
          {list.map((inv) => (
            <tr key={inv.id} data-testid="pending-invitation" data-invitee={inv.invitee}>
              <td>{inv.invitee}</td>
              <td>{inv.role}</td>
              <td className="muted small">by {inv.invited_by?.username ?? "—"}</td>
              <td className="actions">
                <button type="button" className="btn btn-sm" data-testid="invitation-link-button" onClick={() => void showLink(inv)}>
                  Sign-up link
                </button>{" "}
                <button type="button" className="btn btn-sm" disabled={busy === inv.id} onClick={() => void withdraw(inv.id)}>
                  Withdraw
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {link && <LinkBox url={link.url} label={`Sign-up link for ${link.invitee}: whoever opens it can make an account and join`} />}
    </div>
  );
}

import { useState } from "react";
import { INVITATIONS_CHANGED, answerInvitation, listMyInvitations, type Invitation } from "../api/invitations";
import { ErrorMessage } from "../components/ErrorMessage";
import { Spinner } from "../components/Spinner";
import { formatDate } from "../lib/format";
import { useAsync } from "../lib/hooks";
import { navigate } from "../lib/router";
import { paths } from "../lib/routes";

/** The signed-in user's pending invitations: accept (join the project) or decline. */
export function InvitationsPage() {
  const invitations = useAsync((signal) => listMyInvitations(signal), []);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const answer = async (invitation: Invitation, accept: boolean) => {
    setBusy(invitation.id);
    setError(null);
    try {
      await answerInvitation(invitation.id, accept);
      window.dispatchEvent(new Event(INVITATIONS_CHANGED));
      if (accept) navigate(paths.project(invitation.project.id));
      else invitations.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const list = invitations.data ?? [];
  return (
    <div className="page" data-testid="invitations-page">
      <div className="page-head">
        <h1>Invitations</h1>
      </div>
      <ErrorMessage error={invitations.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      {invitations.loading && !invitations.data && <Spinner />}
      {invitations.data && list.length === 0 && <p className="muted">No pending invitations.</p>}
      {list.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Project</th>
              <th>Role</th>
              <th>From</th>
              <th>Sent</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((inv) => (
              <tr key={inv.id} data-testid="invitation-row">
                <td>{inv.project.name}</td>
                <td>{inv.role}</td>
                <td>{inv.invited_by?.username ?? "—"}</td>
                <td>{formatDate(inv.created_at)}</td>
                <td className="actions">
                  <button type="button" className="btn btn-sm btn-primary" disabled={busy === inv.id} onClick={() => void answer(inv, true)}>
                    Accept
                  </button>{" "}
                  <button type="button" className="btn btn-sm" disabled={busy === inv.id} onClick={() => void answer(inv, false)}>
                    Decline
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

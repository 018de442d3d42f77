import { useState, type FormEvent } from "react";
import { invitationLink, invite } from "../../api/accounts";
import type { Role } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";

/** A sign-up link to copy, shown read-only (selected on focus). */
export function LinkBox({ url, label }: { url: string; label: string }) {
  return (
    <label className="field" data-testid="invitation-link">
      <span>{label}</span>
      <input readOnly value={url} onFocus={(e) => e.target.select()} />
    </label>
  );
}

/** Staff named someone with no account: offer to invite them by e-mail (a sign-up link is mailed)
 * or by a link to pass on, instead of the bare "no user" error. */
export function InviteOffer({ projectId, name, role, onInvited }: {
  projectId: number;
  name: string;
  role: Role;
  onInvited: () => void;
}) {
  const [email, setEmail] = useState(name.includes("@") ? name : "");
  const [url, setUrl] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onInvited();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const byEmail = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await invite(projectId, email.trim(), role);
      setSent(`Invited ${email.trim()} as ${role}: a sign-up link is on its way.`);
    });
  };
  const byLink = () =>
    void run(async () => {
      const invitation = await invite(projectId, name, role);
      setUrl((await invitationLink(projectId, invitation.id)).url);
    });

  return (
    <div className="panel" data-testid="invite-offer">
      <p>
        No account is named <strong>{name}</strong>. Invite them as {role} instead:
      </p>
      <ErrorMessage error={error} />
      {sent && <p className="muted small" role="status">{sent}</p>}
      <form className="form-row" onSubmit={byEmail}>
        <label className="field">
          <span>E-mail address</span>
          <input data-testid="invite-offer-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !email.trim()}>
          Invite by e-mail
        </button>
        {!name.includes("@") && (
          <button type="button" className="btn" data-testid="invite-offer-link" disabled={busy} onClick={byLink}>
            Invite by link
          </button>
        )}
      </form>
      {url && <LinkBox url={url} label={`Sign-up link for ${name}: send it to them`} />}
    </div>
  );
}

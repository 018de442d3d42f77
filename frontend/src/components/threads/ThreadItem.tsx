import { useState } from "react";
import { type Thread, replyToThread, setThreadResolved } from "../../api/discussions";
import { formatDate } from "../../lib/format";
import { ErrorMessage } from "../ErrorMessage";
import { MentionInput } from "./MentionInput";
import { mentionSegments } from "./threadText";

/** One thread: its comments, a reply box while open, resolve or reopen. */
export function ThreadItem({ thread, number, canWrite, names, highlighted, onChanged }: {
  thread: Thread;
  /** Its number on the image's pins, when pinned. */
  number: number | null;
  canWrite: boolean;
  names: readonly string[];
  highlighted: boolean;
  onChanged(thread: Thread): void;
}) {
  const [reply, setReply] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const known = new Set(names);
  const act = async (run: () => Promise<Thread>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await run());
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className={`thread thread-${thread.status}${highlighted ? " thread-highlighted" : ""}`} data-testid="thread" data-thread-id={thread.id} data-status={thread.status}>
      <div className="thread-head small">
        <span className={`badge thread-status thread-status-${thread.status}`}>{thread.status}</span>
        {number !== null && thread.x !== null && thread.y !== null && (
          <span className="thread-pin" title={`Pinned at ${Math.round(thread.x)}, ${Math.round(thread.y)}`}>
            pin {number}
          </span>
        )}
        {thread.label !== null && <span className="muted">label #{thread.label}</span>}
      </div>
      <ul className="thread-comments">
        {thread.comments.map((c) => (
          <li key={c.id} className="thread-comment" data-testid="thread-comment">
            <div className="small">
              <strong>{c.author.username}</strong> <span className="muted">{formatDate(c.created_at)}</span>
            </div>
            <div className="thread-body">
              {mentionSegments(c.body, known).map((s, i) => (s.mention ? <span key={i} className="mention">{s.text}</span> : <span key={i}>{s.text}</span>))}
            </div>
          </li>
        ))}
      </ul>
      {thread.status === "resolved" && thread.resolved_by && (
        <div className="muted small">Resolved by {thread.resolved_by.username} {formatDate(thread.resolved_at)}</div>
      )}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {canWrite && (
        <div className="thread-actions">
          {thread.status === "open" && (
            <>
              <MentionInput value={reply} onChange={setReply} names={names} placeholder="Reply… (@ mentions a member)" testId="thread-reply-text" label="Reply" />
              <button type="button" className="btn btn-sm" data-testid="thread-reply" disabled={busy || !reply.trim()}
                onClick={() => void act(() => replyToThread(thread.id, reply)).then((ok) => ok && setReply(""))}>
                Reply
              </button>
            </>
          )}
          <button type="button" className="btn btn-sm btn-ghost" data-testid={thread.status === "open" ? "thread-resolve" : "thread-reopen"} disabled={busy}
            onClick={() => void act(() => setThreadResolved(thread.id, thread.status === "open"))}>
            {thread.status === "open" ? "Resolve" : "Reopen"}
          </button>
        </div>
      )}
    </li>
  );
}

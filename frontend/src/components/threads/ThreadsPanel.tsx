import "../../styles/threads.css";
import { useEffect, useMemo, useState } from "react";
import { type Thread, createThread, listAssetThreads } from "../../api/discussions";
import { listMembers } from "../../api/projects";
import { useAsync, usePolling } from "../../lib/hooks";
import { ErrorMessage } from "../ErrorMessage";
import { MentionInput } from "./MentionInput";
import { ThreadItem } from "./ThreadItem";
import { pinNumbers, sortThreads } from "./threadText";

const POLL_MS = 30000;
/** One empty list for every render: a new [] each time re-ran onThreads, whose state change rendered this again, without end. */
const NO_THREADS: readonly Thread[] = [];

export interface ImagePoint {
  x: number;
  y: number;
}

/**
 * The comment threads of an image, shared by labelers, reviewers and managers: open ones first, replies,
 * resolve and reopen, @mentions. `pickPoint` (the editor) lets a new thread pin a point of the image.
 */
export function ThreadsPanel({ projectId, assetId, canWrite, labelId = null, pickPoint, onThreads, selected = null }: {
  projectId: number;
  assetId: number;
  canWrite: boolean;
  /** The label a new thread is about, when the page shows one. */
  labelId?: number | null;
  pickPoint?: () => Promise<ImagePoint | null>;
  onThreads?: (threads: readonly Thread[]) => void;
  /** The thread whose pin is open on the image: highlighted here too. */
  selected?: number | null;
}) {
  const threads = useAsync((signal) => listAssetThreads(assetId, signal), [assetId]);
  const members = useAsync((signal) => listMembers(projectId, signal), [projectId]);
  const names = useMemo(() => (members.data ?? []).map((m) => m.user.username), [members.data]);
  const [body, setBody] = useState("");
  const [point, setPoint] = useState<ImagePoint | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const focusId = Number(new URLSearchParams(window.location.search).get("thread")) || null;
  usePolling(threads.reload, POLL_MS, true);
  const list = threads.data ?? NO_THREADS;
  useEffect(() => onThreads?.(list), [list, onThreads]);
  const numbers = pinNumbers(list);

  const replace = (changed: Thread) => threads.setData(list.map((t) => (t.id === changed.id ? changed : t)));
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await createThread(assetId, { body, label: labelId, x: point?.x ?? null, y: point?.y ?? null });
      threads.setData([...list, made]);
      setBody("");
      setPoint(null);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const open = list.filter((t) => t.status === "open").length;

  return (
    <section className="threads-panel" data-testid="threads-panel" aria-label="Comments">
      <h3>
        Comments <span className="muted small" data-testid="threads-open-count" data-count={open}>({open} open)</span>
      </h3>
      <ErrorMessage error={threads.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      {list.length === 0 && !threads.loading && <p className="muted small">No comments on this image yet.</p>}
      <ul className="thread-list">
        {sortThreads(list).map((t) => (
          <ThreadItem key={t.id} thread={t} number={numbers.get(t.id) ?? null} canWrite={canWrite} names={names} highlighted={t.id === focusId || t.id === selected} onChanged={replace} />
        ))}
      </ul>
      {canWrite && (
        <div className="thread-new">
          <MentionInput value={body} onChange={setBody} names={names} placeholder="Start a thread… (@ mentions a member)" testId="thread-new-text" label="New comment" />
          <div className="thread-actions">
            {pickPoint && (
              point ? (
                <button type="button" className="btn btn-sm btn-ghost" data-testid="thread-unpin" onClick={() => setPoint(null)} title="Not about a point">
                  at {Math.round(point.x)}, {Math.round(point.y)} ×
                </button>
              ) : (
                <button type="button" className="btn btn-sm btn-ghost" data-testid="thread-pin" title="Click the image where the thread is about"
                  onClick={() => void pickPoint().then((p) => p && setPoint(p))}>
                  Pin a point
                </button>
              )
            )}
            <button type="button" className="btn btn-sm btn-primary" data-testid="thread-create" disabled={busy || !body.trim()} onClick={() => void start()}>
              Comment
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

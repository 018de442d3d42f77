import { useEffect, useRef, useState } from "react";
import { type AppNotification, listNotifications, markNotificationsRead, unreadNotifications } from "../api/notifications";
import { formatDate } from "../lib/format";
import { useAsync, usePolling } from "../lib/hooks";
import { navigate } from "../lib/router";
import { ErrorMessage } from "./ErrorMessage";

const POLL_MS = 30000;

/** The header's bell: unread count (read every 30 s and on focus), the latest notifications on click. */
export function NotificationBell() {
  const unread = useAsync((signal) => unreadNotifications(signal), []);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);
  usePolling(unread.reload, POLL_MS, true);
  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    listNotifications(ctrl.signal).then((page) => setItems(page.results), (err: unknown) => !ctrl.signal.aborted && setError(err));
    const away = (e: PointerEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener("pointerdown", away);
    return () => {
      ctrl.abort();
      window.removeEventListener("pointerdown", away);
    };
  }, [open]);
  const count = unread.data ?? 0;

  const read = async (ids?: number[]) => {
    try {
      unread.setData(await markNotificationsRead(ids));
      const now = new Date().toISOString();
      setItems((list) => list?.map((n) => (!ids || ids.includes(n.id) ? { ...n, read_at: n.read_at ?? now } : n)) ?? null);
    } catch (err) {
      setError(err);
    }
  };
  const follow = (n: AppNotification) => {
    if (!n.read_at) void read([n.id]);
    setOpen(false);
    if (n.link) navigate(n.link);
  };

  return (
    <div className="bell" ref={box}>
      <button type="button" className="btn btn-sm btn-ghost bell-btn" data-testid="notification-bell" data-count={count} aria-expanded={open}
        aria-label={count ? `Notifications, ${count} unread` : "Notifications"} onClick={() => setOpen((v) => !v)}>
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {count > 0 && <span className="bell-count" data-testid="notification-count">{count > 99 ? "99+" : count}</span>}
      </button>
      {open && (
        <div className="bell-menu" data-testid="notification-menu" role="dialog" aria-label="Notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            <button type="button" className="link-btn" data-testid="notification-read-all" disabled={count === 0} onClick={() => void read()}>
              Mark all read
            </button>
          </div>
          <ErrorMessage error={error} onDismiss={() => setError(null)} />
          {items?.length === 0 && <p className="muted small">Nothing yet: mentions, replies, rework, invitations and your finished jobs show here.</p>}
          <ul className="bell-list">
            {items?.map((n) => (
              <li key={n.id}>
                <button type="button" className={`bell-item${n.read_at ? "" : " unread"}`} data-testid="notification-item" data-kind={n.kind} onClick={() => follow(n)}>
                  <span>{n.text}</span>
                  <span className="muted small">{formatDate(n.created_at)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

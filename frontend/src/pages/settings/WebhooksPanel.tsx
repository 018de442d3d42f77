import { useState, type FormEvent } from "react";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  updateWebhook,
  WEBHOOK_EVENTS,
  type Webhook,
  type WebhookEvent,
} from "../../api/webhooks";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { formatDate } from "../../lib/format";
import { useAsync } from "../../lib/hooks";

/** Settings → Webhooks: subscribe URLs to the project's events, read each one's delivery log, send one again. */
export function WebhooksPanel({ projectId }: { projectId: number }) {
  const hooks = useAsync((signal) => listWebhooks(projectId, signal), [projectId]);
  const { run: act, error, setError } = useReloadingAction(hooks.reload);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  const list: Webhook[] = hooks.data ?? [];
  return (
    <section className="panel" data-testid="webhooks-panel">
      <div className="panel-head">
        <h2>Webhooks</h2>
        <span className="muted small">{list.length} subscription(s)</span>
      </div>
      <p className="muted small">
        Each event is POSTed as signed JSON (X-Labelplatform-Signature) and retried with back-off on errors.
      </p>
      <ErrorMessage error={hooks.error ?? error} onDismiss={error ? () => setError(null) : undefined} />
      <AddWebhookForm projectId={projectId} onAdded={(created) => { setSecret(created); hooks.reload(); }} />
      {secret && (
        <p role="status" data-testid="webhook-secret">
          Signing secret (shown once, keep it with the receiver): <code>{secret}</code>
        </p>
      )}
      {hooks.loading && !hooks.data && <Spinner />}
      {list.length > 0 && (
        <table className="table" data-testid="webhooks-table">
          <thead>
            <tr>
              <th>URL</th>
              <th>Events</th>
              <th>Active</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((h) => (
              <tr key={h.id} data-testid="webhook-row">
                <td>{h.url}</td>
                <td className="small">{h.events.join(", ")}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`active: ${h.url}`}
                    checked={h.active}
                    onChange={() => void act(() => updateWebhook(h.id, { active: !h.active }))}
                  />
                </td>
                <td className="actions">
                  <button type="button" className="btn btn-sm" data-testid="webhook-log"
                    onClick={() => setOpen(open === h.id ? null : h.id)}>
                    {open === h.id ? "Hide log" : "Deliveries"}
                  </button>
                  <button type="button" className="btn btn-sm btn-danger"
                    onClick={() => void act(() => deleteWebhook(h.id))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open !== null && <DeliveryLog key={open} webhookId={open} />}
    </section>
  );
}

/** Run an action, then reload what it changed; a failure is kept in `error` to show. */
function useReloadingAction(reload: () => void) {
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      reload();
    } catch (err) {
      setError(err);
    }
  };
  return { run, error, setError };
}

function AddWebhookForm({ projectId, onAdded }: { projectId: number; onAdded: (secret: string) => void }) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>(["label.submitted"]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const toggle = (event: WebhookEvent) =>
    setEvents((now) => (now.includes(event) ? now.filter((e) => e !== event) : [...now, event]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await createWebhook(projectId, { url: url.trim(), events });
      setUrl("");
      onAdded(created.secret);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} style={{ marginBottom: 12 }} data-testid="add-webhook-form">
      <ErrorMessage error={error} />
      <div className="form-row">
        <label className="field">
          <span>Receiver URL</span>
          <input data-testid="webhook-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="webhook-add"
          disabled={busy || !url.trim() || events.length === 0}>
          Subscribe
        </button>
      </div>
      <fieldset className="field">
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="small" style={{ marginRight: 12 }}>
            <input type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} /> {event}
          </label>
        ))}
      </fieldset>
    </form>
  );
}

function DeliveryLog({ webhookId }: { webhookId: number }) {
  const log = useAsync((signal) => listDeliveries(webhookId, signal), [webhookId]);
  const { run, error } = useReloadingAction(log.reload);
  const rows = log.data?.results ?? [];
  return (
    <div data-testid="delivery-log">
      <h3>Deliveries</h3>
      <ErrorMessage error={log.error ?? error} />
      {log.loading && !log.data && <Spinner />}
      {log.data && rows.length === 0 && <p className="muted small">No deliveries yet.</p>}
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Status</th>
              <th>Code</th>
              <th>Time</th>
              <th>Attempts</th>
              <th>Next retry</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-testid="delivery-row">
                <td className="small">{formatDate(d.created_at)}</td>
                <td>{d.event}</td>
                <td title={d.error}>{d.status}</td>
                <td>{d.response_code ?? "–"}</td>
                <td>{d.response_ms === null ? "–" : `${d.response_ms} ms`}</td>
                <td>{d.attempts}</td>
                <td className="small">{formatDate(d.next_retry_at) || "–"}</td>
                <td className="actions">
                  <button type="button" className="btn btn-sm" data-testid="redeliver" onClick={() => void run(() => redeliver(webhookId, d.id))}>
                    Redeliver
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

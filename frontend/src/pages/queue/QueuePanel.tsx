import "../../styles/workflow.css";
import { useMemo, useState } from "react";
import { listMembers } from "../../api/projects";
import { ASSET_STATUSES } from "../../api/types";
import { getQueueSummary, listOpenClaims, releaseClaim } from "../../api/workflow";
import { REVIEW_STATES } from "../../api/workflowTypes";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusBadge } from "../../components/StatusBadge";
import { formatDate, formatStatus } from "../../lib/format";
import { useAsync, useInterval } from "../../lib/hooks";
import { Link, setSearchParams } from "../../lib/router";
import { paths } from "../../lib/routes";

const POLL_MS = 15000;

/** Managers: where the project stands (assets per status, reviews per state) and who holds what. */
export function QueuePanel({ projectId, refreshKey = 0 }: { projectId: number; refreshKey?: number }) {
  const summary = useAsync((signal) => getQueueSummary(projectId, signal), [projectId, refreshKey]);
  const claims = useAsync((signal) => listOpenClaims(projectId, signal), [projectId, refreshKey]);
  const members = useAsync((signal) => listMembers(projectId, signal), [projectId]);
  const [releaseError, setReleaseError] = useState<unknown>(null);
  const [releasing, setReleasing] = useState<number | null>(null);
  useInterval(() => {
    summary.reload();
    claims.reload();
  }, POLL_MS, true);

  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.user.id, m.user.username])), [members.data]);
  const s = summary.data;

  const release = async (claimId: number) => {
    setReleasing(claimId);
    setReleaseError(null);
    try {
      await releaseClaim(claimId);
    } catch (err) {
      setReleaseError(err);
    } finally {
      setReleasing(null);
      claims.reload();
      summary.reload();
    }
  };

  return (
    <section className="panel queue-panel" data-testid="queue-panel">
      <div className="panel-head">
        <h2>Queue</h2>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => { summary.reload(); claims.reload(); }}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={summary.error} />
      {s && (
        <>
          <div className="queue-counts">
            {ASSET_STATUSES.map((status) => (
              <button
                key={status}
                type="button"
                className="queue-count"
                title={`Show ${formatStatus(status)} images`}
                data-testid="queue-count"
                data-status={status}
                onClick={() => setSearchParams({ status, page: null })}
              >
                <span className="queue-count-n">{s.assets[status] ?? 0}</span>
                <StatusBadge status={status} />
              </button>
            ))}
          </div>
          <div className="muted small queue-reviews">
            Reviews:{" "}
            {REVIEW_STATES.filter((r) => r !== "not_sampled").map((r, i) => (
              <span key={r}>
                {i > 0 && " · "}
                {s.reviews[r] ?? 0} {formatStatus(r)}
              </span>
            ))}
          </div>
        </>
      )}
      <h3 className="queue-claims-head">Open claims {claims.data && <span className="muted">({claims.data.length})</span>}</h3>
      <ErrorMessage error={claims.error ?? releaseError} onDismiss={releaseError ? () => setReleaseError(null) : undefined} />
      {claims.data && claims.data.length === 0 && <div className="muted small">Nobody holds an item.</div>}
      {claims.data && claims.data.length > 0 && (
        <ul className="claim-list">
          {claims.data.map((c) => (
            <li key={c.id} className="claim-row" data-testid="claim-row" data-claim-id={c.id}>
              <div className="claim-main">
                <span className="claim-holder">{names.get(c.user) ?? `user #${c.user}`}</span>
                <span className="badge">{c.stage}</span>
                <Link to={paths.asset(projectId, c.asset)}>image #{c.asset}</Link>
              </div>
              <div className="claim-sub muted small">
                expires {formatDate(c.expires_at)}
                <button type="button" className="btn btn-sm btn-danger" disabled={releasing === c.id} onClick={() => void release(c.id)}>
                  Release
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

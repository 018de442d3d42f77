// How many of the caller's labels came back for rework in a project (the queue hands them out first).
import { getQueueSummary } from "../../api/workflow";
import { useAsync, usePolling } from "../../lib/hooks";

const POLL_MS = 30000;

/** The count from the queue summary, read again every 30 s, on focus and when `refreshKey` changes. */
export function useReworkWaiting(projectId: number, refreshKey: unknown = null): number {
  const summary = useAsync((signal) => getQueueSummary(projectId, signal), [projectId, refreshKey]);
  usePolling(summary.reload, POLL_MS, true);
  return summary.data?.your_rework ?? 0;
}

// How many of the caller's labels came back for rework in a project (the queue hands them out first).
import { useEffect } from "react";
import { getQueueSummary } from "../../api/workflow";
import { useAsync, useInterval } from "../../lib/hooks";

const POLL_MS = 30000;

/** The count from the queue summary, read again every 30 s, on focus and when `refreshKey` changes. */
export function useReworkWaiting(projectId: number, refreshKey: unknown = null): number {
  const summary = useAsync((signal) => getQueueSummary(projectId, signal), [projectId, refreshKey]);
  useInterval(summary.reload, POLL_MS, true);
  useEffect(() => {
    window.addEventListener("focus", summary.reload);
    return () => window.removeEventListener("focus", summary.reload);
  }, [summary.reload]);
  return summary.data?.your_rework ?? 0;
}

// The reviewer's current item: claim it from the queue, keep the lease alive, move on.
import { useCallback, useEffect, useRef, useState } from "react";
import { getLabel } from "../../api/assets";
import { heartbeatClaim, queueNext } from "../../api/workflow";
import type { QueueItem } from "../../api/workflowTypes";
import { explainError, heartbeatDelay } from "./reviewLogic";

export type ReviewQueueState =
  | { kind: "loading" }
  | { kind: "empty" }
  | { kind: "error"; message: string }
  | { kind: "item"; item: QueueItem };

export interface ReviewQueue {
  state: ReviewQueueState;
  /** Set when the lease could not be renewed: the item may be someone else's now. */
  claimLost: string | null;
  next: () => void;
  /** Fetch the label again (after a fix in the labeling page). Returns the new revision. */
  refreshLabel: () => Promise<number | null>;
}

/** `enabled` false (not a reviewer, or the project is still loading): claim nothing. */
export function useReviewQueue(projectId: number, enabled: boolean): ReviewQueue {
  const [state, setState] = useState<ReviewQueueState>({ kind: "loading" });
  const [claimLost, setClaimLost] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState({ kind: "loading" });
    setClaimLost(null);
    queueNext(projectId, "review")
      .then((item) => {
        if (!live) return;
        if (!item) setState({ kind: "empty" });
        else if (!item.label) setState({ kind: "error", message: `The queue answered image #${item.asset.id} without a label to review.` });
        else setState({ kind: "item", item });
      })
      .catch((error: unknown) => live && setState({ kind: "error", message: explainError(error, "claim") }));
    return () => {
      live = false;
    };
  }, [projectId, tick, enabled]);

  const claimId = state.kind === "item" ? state.item.claim.id : null;
  const firstExpiry = state.kind === "item" ? state.item.claim.expires_at : null;
  useEffect(() => {
    if (claimId === null || firstExpiry === null) return;
    let timer = 0;
    let live = true;
    const beat = (expiresAt: string) => {
      timer = window.setTimeout(async () => {
        try {
          const claim = await heartbeatClaim(claimId);
          if (live) beat(claim.expires_at);
        } catch (error) {
          if (live) setClaimLost(explainError(error, "heartbeat"));
        }
      }, heartbeatDelay(expiresAt));
    };
    beat(firstExpiry);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [claimId, firstExpiry]);

  const next = useCallback(() => setTick((t) => t + 1), []);
  const refreshLabel = useCallback(async () => {
    const current = stateRef.current;
    if (current.kind !== "item" || !current.item.label) return null;
    const label = await getLabel(current.item.label.id);
    setState((s) => (s.kind === "item" && s.item.label?.id === label.id ? { kind: "item", item: { ...s.item, label } } : s));
    return label.revision;
  }, []);

  return { state, claimLost, next, refreshLabel };
}

// Segment everything: GET assets/{id}/proposals, class-free masks best first; 202 naming the
// prelabel_proposals job while a worker computes them (the first call starts it).
import { api } from "../../api/client";
import { NotReadyError } from "../../api/errors";
import { abortableSleep } from "../../api/jobs";
import type { Rle } from "../../api/types";

/** The model that proposes: SAM knows no classes, the labeler gives each proposal one. */
export const PROPOSALS_BACKEND = "mobilesam";
export const PROPOSALS_POLL_MS = 1500;
export const PROPOSALS_MAX_POLLS = 400;

export interface Proposal {
  readonly mask: Rle;
  readonly score: number;
  readonly bbox: readonly [number, number, number, number];
  readonly area: number;
}

export interface ProposalsResponse {
  readonly backend: string;
  readonly version: string;
  readonly proposals: readonly Proposal[];
}

/** The asset's proposals; while they are computed, calls `waiting` with the job id and asks again now and then. */
export async function fetchProposals(assetId: number, signal: AbortSignal, waiting: (jobId: number | null) => void): Promise<ProposalsResponse> {
  for (let poll = 0; ; poll++) {
    try {
      return await api.get<ProposalsResponse>(`/assets/${assetId}/proposals`, { query: { backend: PROPOSALS_BACKEND }, signal, computed: true });
    } catch (error) {
      if (!(error instanceof NotReadyError) || poll >= PROPOSALS_MAX_POLLS) throw error;
      waiting(error.jobId);
      await abortableSleep(PROPOSALS_POLL_MS, signal);
    }
  }
}

// Types of the workflow (queue, claims, reviews, stats) and quality endpoints; see docs/workflow.md.
import type { Asset, AssetStatus, Label, UserRef } from "./types";

export type Stage = "label" | "review";

export interface ClaimBrief {
  id: number;
  expires_at: string;
  stage: Stage;
}

/** Where a queued asset sits when it is a frame of a sequence; `confidence` is its newest prediction's
 * (propagation's), null without one. */
export interface QueueFrame {
  sequence: number;
  sequence_name: string;
  index: number;
  confidence: number | null;
}

/** POST projects/{id}/queue/next: the claimed item (null on 204). */
export interface QueueItem {
  asset: Asset;
  /** Set for a frame of a sequence: the least confident frames are served first. */
  frame: QueueFrame | null;
  claim: ClaimBrief;
  stage: Stage;
  /** The label under review, or your own label to rework; null for fresh labeling work. */
  label: Label | null;
  rework: boolean;
}

export type ClaimEnd = "" | "submitted" | "released" | "skipped" | "expired" | "reviewed";

export interface Claim {
  id: number;
  asset: number;
  user: number;
  stage: Stage;
  label: number | null;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: ClaimEnd;
  skip_reason: string;
}

export type ReviewState = "not_sampled" | "pending" | "accepted" | "rejected";
export const REVIEW_STATES: readonly ReviewState[] = ["not_sampled", "pending", "accepted", "rejected"];

export interface QueueSummary {
  assets: Record<AssetStatus, number>;
  reviews: Record<ReviewState, number>;
  open_claims: number;
  /** The caller's rejected labels waiting for a fix. */
  your_rework: number;
  /** The caller's submitted labels waiting for a review. */
  your_in_review: number;
  /** Active managers and reviewers besides the caller. */
  other_reviewers: number;
  settings: {
    labels_per_asset: number;
    review_fraction: number;
    gold_fraction: number;
    lease_seconds: number;
    labelers_see_all: boolean;
  };
}

/** A reviewer's note pinned to the image, in image pixels. */
export interface Pin {
  x: number;
  y: number;
  text: string;
}

export type Decision = "accept" | "reject";

export interface ReviewInput {
  decision: Decision;
  comment?: string;
  pins?: Pin[];
}

export interface Review {
  id: number;
  label: number;
  reviewer: UserRef;
  decision: Decision;
  comment: string;
  pins: Pin[];
  revision: number;
  fixed: boolean;
  created_at: string;
}

/** A review in the project's list: also names the label's asset and author. */
export interface ProjectReview extends Review {
  asset: number;
  author: UserRef;
}

// --- people stats ---

export interface StatsFigures {
  assets_labeled: number;
  objects: number;
  productive_time_s: number;
  saves: number;
  time_per_asset_s: number | null;
  reviews_received: number;
  accepted: number;
  rejected: number;
  rejection_rate: number | null;
  reviews_done: number;
}

export interface LabelerStats extends StatsFigures {
  user: UserRef;
}

export interface DayStats extends StatsFigures {
  date: string;
}

export interface ProjectStats {
  from: string | null;
  to: string | null;
  totals: StatsFigures;
  labelers: LabelerStats[];
  days: DayStats[];
}

// --- quality ---

export interface ScoreFigures {
  labels: number;
  iou: number;
  precision: number;
  recall: number;
}

export interface ScorePair {
  gold: ScoreFigures | null;
  consensus: ScoreFigures | null;
}

export interface LabelerQuality extends ScorePair {
  user: UserRef;
  per_class: Record<string, ScorePair>;
}

export interface ClassQuality extends ScorePair {
  class: number;
  name: string;
}

export interface QualityReport {
  from: string | null;
  to: string | null;
  gold_assets: number;
  /** A labeler's own report: gold scores made up to this day (UTC) count, today's show tomorrow. */
  gold_until: string | null;
  project: ScorePair;
  labelers: LabelerQuality[];
  classes: ClassQuality[];
}

export interface GoldStandard {
  id: number;
  asset: number;
  label: number;
  set_by: number | null;
  created_at: string;
}

export interface LabelScore {
  kind: "gold" | "consensus";
  class_id: number | null;
  iou: number;
  precision: number;
  recall: number;
  revision: number;
  created_at: string;
}

export interface DateRangeQuery {
  from?: string;
  to?: string;
}

/** Which label of a consensus asset is its answer (exports take it). */
export interface ConsensusChoice {
  label: number;
  /** "agreement": the label agreeing best, chosen automatically; "picked": a reviewer chose it. */
  method: "agreement" | "picked";
  chosen_by: UserRef | null;
  /** The chosen label's overall consensus IoU. */
  agreement: number | null;
  updated_at: string;
}

export interface ConsensusLabel {
  id: number;
  author: UserRef;
  agreement: number | null;
  objects: number;
  revision: number;
}

/** GET/POST assets/{id}/consensus. */
export interface AssetConsensus {
  labels_per_asset: number;
  labels: ConsensusLabel[];
  choice: ConsensusChoice | null;
  needs_pick: boolean;
}

/** A row of GET projects/{id}/consensus. */
export interface ConsensusAsset {
  asset: number;
  name: string;
  width: number;
  height: number;
  /** Submitted labels. */
  labels: number;
  choice: ConsensusChoice | null;
  agreement: number | null;
  needs_pick: boolean;
}

// Per-object confidence of pre-labels: which objects are low, and "accept all above the threshold".
import type { LabelObject } from "../../editor";
import type { KeyValueStorage } from "./drafts";
import type { PrelabelOrigin } from "./session";

export const DEFAULT_THRESHOLD = 0.5;
const THRESHOLD_KEY = "labelplatform:prelabel-threshold";

/** Score per editor object index: pre-labels are loaded in order, object index = position + 1. */
export function scoresByIndex(prelabel: PrelabelOrigin | undefined): ReadonlyMap<number, number> {
  const scores = new Map<number, number>();
  prelabel?.objectScores.forEach((score, position) => {
    if (score !== null && Number.isFinite(score)) scores.set(position + 1, score);
  });
  return scores;
}

/** A scored object under the threshold; objects without a score (drawn by hand) are never low. */
export function isLowConfidence(score: number | undefined, threshold: number): boolean {
  return score !== undefined && score < threshold;
}

/** The objects "accept above threshold" deletes: those still there whose score is under it. */
export function objectsBelow(objects: readonly LabelObject[], scores: ReadonlyMap<number, number>, threshold: number): number[] {
  return objects.filter((o) => isLowConfidence(scores.get(o.index), threshold)).map((o) => o.index);
}

/** A threshold in [0, 1] from user input or storage; null when it is not a number there. */
export function parseThreshold(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null;
}

/** The labeler's threshold, remembered across images and sessions (per browser). */
export function loadThreshold(storage: KeyValueStorage | null): number {
  try {
    return parseThreshold(storage?.getItem(THRESHOLD_KEY)) ?? DEFAULT_THRESHOLD;
  } catch {
    return DEFAULT_THRESHOLD; // storage refused (privacy mode): the default
  }
}

export function saveThreshold(storage: KeyValueStorage | null, threshold: number): void {
  try {
    storage?.setItem(THRESHOLD_KEY, String(threshold));
  } catch {
    // not remembered (quota or privacy mode); the value still applies to this image
  }
}

/**
 * How the timeline shows a propagated frame's confidence: a hue from red (0)
 * to green (1), and a level. Frames under LOW_CONFIDENCE are where propagation
 * probably drifted: they get a warning mark so people fix only those.
 */
export const LOW_CONFIDENCE = 0.6;
export const HIGH_CONFIDENCE = 0.85;

export type ConfidenceLevel = "high" | "medium" | "low";

export function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(1, Math.max(0, score));
}

export function confidenceLevel(score: number): ConfidenceLevel {
  const s = clampScore(score);
  if (s < LOW_CONFIDENCE) return "low";
  if (s < HIGH_CONFIDENCE) return "medium";
  return "high";
}

/** CSS colour: hue 0 (red) at score 0 to 120 (green) at 1; low scores are also darker so they read in grey scale. */
export function confidenceColor(score: number): string {
  const s = clampScore(score);
  const hue = Math.round(120 * s);
  const lightness = confidenceLevel(s) === "low" ? 42 : 38;
  return `hsl(${hue}, 75%, ${lightness}%)`;
}

/** "propagated, confidence 0.43 (low)". */
export function confidenceText(score: number): string {
  return `confidence ${clampScore(score).toFixed(2)} (${confidenceLevel(score)})`;
}

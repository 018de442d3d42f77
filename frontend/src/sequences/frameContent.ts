/**
 * What a frame opens with, by the same rule as the image editor (its
 * chooseStart): the person's own label, else the newest predictions (a
 * propagated pre-label to correct, never silently final), else nothing. Also
 * how the timeline sums the frame up.
 */
import type { Label } from "../api/types";
import type { LabelResponse } from "../editor";
import type { Prediction } from "../pages/label/labelApi";
import { type PrelabelOrigin, type StartSource, chooseStart, latestPrediction } from "../pages/label/session";
import { type FrameSummary, meanScore } from "./timeline";

export interface FrameContent {
  readonly ownLabel: Label | null;
  readonly source: StartSource;
  readonly content: LabelResponse | null;
  readonly prelabel?: PrelabelOrigin;
  readonly summary: FrameSummary;
}

/** A prediction's confidence: its own score, else the mean of its objects' scores. */
export function predictionScore(prediction: Prediction): number | null {
  if (typeof prediction.score === "number" && Number.isFinite(prediction.score)) return prediction.score;
  return meanScore(prediction.objects.map((o) => o.score));
}

export function frameContent(
  labels: readonly Label[],
  predictions: readonly Prediction[],
  userId: number,
  activeClasses: ReadonlySet<number>,
): FrameContent {
  const ownLabel = labels.find((l) => l.author?.id === userId) ?? null;
  const start = chooseStart(ownLabel, null, predictions, activeClasses);
  const latest = latestPrediction(predictions);
  let summary: FrameSummary;
  if (ownLabel) summary = { kind: ownLabel.status === "submitted" ? "labeled" : "draft", score: null };
  else if (start.source === "predictions" && latest) summary = { kind: "propagated", score: predictionScore(latest) };
  else summary = { kind: "empty", score: null };
  return { ownLabel, source: start.source, content: start.content, prelabel: start.prelabel, summary };
}

/** Track ids the content names (to keep new ids above them). */
export function tracksIn(content: LabelResponse | null): number[] {
  return (content?.objects ?? []).flatMap((o) => (typeof o.track === "number" ? [o.track] : []));
}

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
  viewOnly = false,
): FrameContent {
  const ownLabel = labels.find((l) => l.author?.id === userId) ?? null;
  // A viewer has no label of their own and saves nothing: they are shown the frame's label (the newest
  // submitted one, else the newest), as the frame list counts it, not an empty frame.
  const shownLabel = ownLabel ?? (viewOnly ? newestLabel(labels) : null);
  const start = chooseStart(shownLabel, null, predictions, activeClasses);
  const latest = latestPrediction(predictions);
  let summary: FrameSummary;
  if (shownLabel) summary = { kind: shownLabel.status === "submitted" ? "labeled" : "draft", score: null };
  else if (start.source === "predictions" && latest) summary = { kind: "propagated", score: predictionScore(latest) };
  else summary = { kind: "empty", score: null };
  return { ownLabel, source: start.source, content: start.content, prelabel: start.prelabel, summary };
}

/** The newest submitted label (highest id), else the newest label; null when there is none. */
function newestLabel(labels: readonly Label[]): Label | null {
  const newest = (list: readonly Label[]) => list.reduce<Label | null>((best, l) => (best === null || l.id > best.id ? l : best), null);
  return newest(labels.filter((l) => l.status === "submitted")) ?? newest(labels);
}

/** Track ids the content names (to keep new ids above them). */
export function tracksIn(content: LabelResponse | null): number[] {
  return (content?.objects ?? []).flatMap((o) => (typeof o.track === "number" ? [o.track] : []));
}

// Everything the labeling page needs before the editor opens, and what the editor starts with.
import { getAsset, listLabels, resultsOf } from "../../api/assets";
import { getOntology, getProject } from "../../api/projects";
import type { Asset, Label, LabelStatus, Ontology, Project } from "../../api/types";
import type { LabelResponse } from "../../editor";
import { type Draft, DraftStore, draftKey, draftToRestore } from "./drafts";
import { type Prediction, fetchImageBitmap, listPredictions } from "./labelApi";
import type { SaveStart } from "./saver";

export type StartSource = "draft" | "label" | "predictions" | "empty";

/** Which model made the pre-labels the editor starts from. */
export interface PrelabelOrigin {
  readonly source: string;
  readonly modelVersion: string;
  readonly score: number | null;
  /** Each pre-labeled object's score, in the order the editor loads them (object index = position + 1). */
  readonly objectScores: readonly (number | null)[];
}
/** "Pre-labeled by trained 2 (score 0.81): correct and submit." */
export function prelabelNote(origin: PrelabelOrigin): string {
  const by = [origin.source, origin.modelVersion].filter(Boolean).join(" ");
  const score = origin.score !== null && Number.isFinite(origin.score) ? ` (score ${origin.score.toFixed(2)})` : "";
  return `Pre-labeled by ${by}${score}: correct and submit.`;
}

export interface LabelSession {
  readonly project: Project;
  readonly asset: Asset;
  readonly image: ImageBitmap;
  readonly ontology: Ontology;
  readonly ownLabel: Label | null;
  readonly drafts: DraftStore;
  readonly start: { source: StartSource; content: LabelResponse | null; save: SaveStart; prelabel?: PrelabelOrigin };
}

/** window.localStorage, or null where the browser refuses it (privacy mode). */
export function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** `fixLabelId`: a reviewer or manager opens someone else's label to fix it (saved over its revision). */
export async function loadLabelSession(
  projectId: number,
  assetId: number,
  userId: number,
  signal: AbortSignal,
  fixLabelId: number | null = null,
): Promise<LabelSession> {
  const [project, asset, image, ontology, labels, predictions] = await Promise.all([
    getProject(projectId, signal),
    getAsset(assetId, signal),
    fetchImageBitmap(assetId, signal),
    getOntology(projectId, signal),
    listLabels(assetId, signal).then(resultsOf),
    listPredictions(assetId, signal).catch(() => [] as Prediction[]), // pre-labels are optional
  ]);
  if (asset.project !== projectId) throw new Error(`asset ${assetId} belongs to another project`);
  if (image.width !== asset.width || image.height !== asset.height) {
    throw new Error(`the image decoded as ${image.width}×${image.height}, the asset says ${asset.width}×${asset.height}`);
  }
  const ownLabel = fixLabelId
    ? labels.find((l) => l.id === fixLabelId) ?? null
    : labels.find((l) => l.author.id === userId) ?? null;
  if (fixLabelId && !ownLabel) throw new Error(`label ${fixLabelId} is not on asset ${assetId}`);
  const drafts = new DraftStore(localStorageOrNull(), draftKey(userId, assetId, fixLabelId));
  const activeClasses = new Set(ontology.classes.filter((c) => !c.archived).map((c) => c.id));
  const start = chooseStart(ownLabel, draftToRestore(drafts.load(), ownLabel), predictions, activeClasses);
  return { project, asset, image, ontology, ownLabel, drafts, start };
}

/** A local draft newer than the server wins; then the caller's label; then model pre-labels. */
export function chooseStart(
  own: Label | null,
  draft: Draft | null,
  predictions: readonly Prediction[],
  activeClasses: ReadonlySet<number>,
): LabelSession["start"] {
  const onServer = { labelId: own?.id ?? null, revision: own?.revision ?? null, status: (own?.status ?? null) as LabelStatus | null };
  if (draft) {
    // Edits continue from the revision the draft started from, so a newer server revision is a 409, not lost.
    const revision = own && draft.labelId === own.id && draft.baseRevision !== null ? draft.baseRevision : onServer.revision;
    return { source: "draft", content: draft, save: { ...onServer, revision, unsaved: true } };
  }
  if (own) return { source: "label", content: own, save: { ...onServer, unsaved: false } };
  const prediction = latestPrediction(predictions);
  if (prediction) {
    // Higher scores first: where pre-labels overlap, the more confident object keeps the pixel.
    const kept = prediction.objects.filter((o) => activeClasses.has(o.class)).sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    // A sequence frame's propagated objects keep their track (identity across frames).
    const objects = kept.map((o) => ({ class: o.class, mask: o.mask, attributes: {}, ...(typeof o.track === "number" ? { track: o.track } : {}) }));
    if (objects.length > 0) {
      const prelabel = { source: prediction.source ?? "model", modelVersion: prediction.model_version ?? "", score: prediction.score ?? null,
        objectScores: kept.map((o) => (typeof o.score === "number" ? o.score : null)) };
      return { source: "predictions", content: { objects, classifications: {} }, save: { ...onServer, unsaved: false }, prelabel };
    }
  }
  return { source: "empty", content: null, save: { ...onServer, unsaved: false } };
}

/** The newest prediction (highest id); null when there is none. */
export function latestPrediction(predictions: readonly Prediction[]): Prediction | null {
  let best: Prediction | null = null;
  for (const p of predictions) {
    if (!best || (p.id ?? 0) >= (best.id ?? 0)) best = p;
  }
  return best;
}

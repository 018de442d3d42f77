// Types of the datasets API (exports, imports, dataset versions). Keep in step with
// labelplatform/datasets/serializers.py and docs/datasets.md.
import type { Job } from "./types";

/** `ExportInSerializer.format` choices (labelplatform.datasets.formats.EXPORT_FORMATS). */
export type ExportFormatId =
  | "coco"
  | "coco_panoptic"
  | "semantic_png"
  | "rgb_png"
  | "instance_png"
  | "voc"
  | "cityscapes"
  | "yolo"
  | "ndjson"
  | SequenceFormatId;

/** Sequence formats: exported per sequence (frames with tracked objects), imported into a sequence of the project (`sequence`), its frames by index. */
export type SequenceFormatId = "davis_png" | "youtube_vis" | "mots";

/** `ImportInSerializer.format` choices: every export format, plus "auto" (detect) and "images" (no labels). */
export type ImportFormatId = "auto" | "images" | ExportFormatId | SequenceFormatId;

/** Which label of each asset an export takes (`LabelChoice`); versions freeze only latest/accepted. */
export type LabelsChoice = "latest" | "accepted" | "version";
export type VersionLabelsChoice = Exclude<LabelsChoice, "version">;
/** The data engine's synthetic images in an export: left out (the server's default), with the real data, or alone. */
export type SyntheticChoice = "exclude" | "include" | "only";

export type InstanceMode = "binary" | "alpha";

export interface ExportRequest {
  format: ExportFormatId;
  labels: LabelsChoice;
  version?: string | null;
  include_images: boolean;
  polygons: boolean;
  instance_mode: InstanceMode;
  compress: boolean;
  synthetic: SyntheticChoice;
}

/** `result` of a succeeded export job. */
export interface ExportResult {
  format: ExportFormatId;
  labels: LabelsChoice;
  version: string | null;
  file: string;
  /** GET this (same-origin, session cookie) for the zip; absent for a labeler reading another's export
   * (it holds every label, the gold references too), so null here. */
  download: string | null;
  bytes: number;
  assets: number;
  objects: number;
  parts: number;
}

export interface ImportOptions {
  format: ImportFormatId;
  predictions: boolean;
  add_classes: boolean;
  model_version: string;
  source: string;
  status: "submitted" | "draft";
  /** The sequence a davis_png, youtube_vis or mots file is read into; null for other imports. */
  sequence: number | null;
  /** Sequence imports: `{"<track id>": class name or id}`, taken over what the file says. */
  track_classes?: Record<string, string | number>;
}

/** Exactly one source per import: an uploaded file, a server folder, or URLs the worker fetches. */
export type ImportSource = { file: File } | { path: string } | { urls: string[] };

export interface ImportFileError {
  file: string;
  reason: string;
}

/** `result` of a finished import job (labelplatform/datasets/importing/run.py). */
export interface ImportResult {
  format: string;
  images_created: number;
  images_existing: number;
  images_without_labels: number;
  labels_created: number;
  predictions_created: number;
  objects: number;
  objects_trimmed: number;
  objects_unknown_class: number;
  skipped: number;
  unknown_classes: string[];
  classes_added: string[];
  error_count: number;
  errors: ImportFileError[];
}

/** Jobs as GET jobs/{id} answers them, with the parameters they were started with. */
export interface DatasetJob extends Job {
  project?: number | null;
  params?: Record<string, unknown>;
  started_at?: string | null;
}

export interface DatasetVersion {
  id: number;
  name: string;
  description: string;
  labels: VersionLabelsChoice;
  ontology_version: number;
  asset_count: number;
  object_count: number;
  created_by: string | null;
  created_at: string;
}

export interface DatasetVersionInput {
  name: string;
  labels: VersionLabelsChoice;
  description: string;
}

export interface CompareObjectRef {
  id: number;
  class: number;
}

export interface CompareObjectChange {
  a: number;
  b: number;
  class: number;
  iou: number;
  attributes_changed: boolean;
}

export interface CompareAssetChange {
  asset: number;
  objects_added: CompareObjectRef[];
  objects_removed: CompareObjectRef[];
  objects_changed: CompareObjectChange[];
  objects_unchanged: number;
}

/** GET projects/{id}/versions/compare?a=&b= */
export interface VersionCompare {
  a: string;
  b: string;
  assets: {
    added: number[];
    added_count: number;
    removed: number[];
    removed_count: number;
    changed: number;
    unchanged: number;
  };
  objects: { added: number; removed: number; changed: number; unchanged: number };
  changes: CompareAssetChange[];
  truncated: boolean;
}

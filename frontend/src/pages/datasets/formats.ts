// Export and import choices of the Datasets page: pure data and mapping to request bodies.
import type {
  ExportFormatId,
  ExportRequest,
  ImportFormatId,
  InstanceMode,
  LabelsChoice,
  SyntheticChoice,
  VersionLabelsChoice,
} from "../../api/datasetTypes";

/** The backend's export format ids, in the order docs/formats.md lists them. */
export const EXPORT_FORMAT_IDS: readonly ExportFormatId[] = [
  "coco",
  "coco_panoptic",
  "semantic_png",
  "rgb_png",
  "instance_png",
  "voc",
  "cityscapes",
  "yolo",
  "ndjson",
  "davis_png",
  "youtube_vis",
  "mots",
];

/** One entry of the format picker: a backend format plus the options that make it a distinct output. */
export interface ExportPreset {
  id: string;
  label: string;
  format: ExportFormatId;
  polygons: boolean;
  instanceMode: InstanceMode;
  description: string;
  /** The largest class id the format can write (the server answers 400 above it). */
  maxClassId: number;
  /** Writes only frames of the project's sequences, objects by track. */
  sequences: boolean;
}

const ANY_ID = 65535;

function preset(
  id: string,
  label: string,
  format: ExportFormatId,
  description: string,
  extra: Partial<Pick<ExportPreset, "polygons" | "instanceMode" | "maxClassId" | "sequences">> = {},
): ExportPreset {
  return { id, label, format, description, polygons: false, instanceMode: "binary", maxClassId: ANY_ID, sequences: false, ...extra };
}

export const EXPORT_PRESETS: readonly ExportPreset[] = [
  preset("coco", "COCO instances (RLE)", "coco", "annotations/instances.json with the stored RLE masks, byte for byte (lossless). Frames of sequences add video_id and frame_index, tracked objects track_id."),
  preset("coco_polygons", "COCO instances (polygons)", "coco", "Polygon outlines; objects with holes keep their RLE. Lossy on small objects.", {
    polygons: true,
  }),
  preset("coco_panoptic", "COCO panoptic", "coco_panoptic", "panoptic.json + one RGB segment PNG per image; stuff objects merge per class."),
  preset("semantic_png", "Semantic PNG (class ids)", "semantic_png", "masks/<image>.png, pixel value = class id, plus classes.json."),
  preset("rgb_png", "Colour PNG + mask_labels", "rgb_png", "masks/<image>.png in class colours, mapping in mask_labels.json."),
  preset("instance_png", "Per-instance PNG (binary)", "instance_png", "masks/<image>/<object>.png, 0/255 grey, listed in instances.json."),
  preset("instance_png_alpha", "Per-instance PNG (alpha)", "instance_png", "masks/<image>/<object>.png, image pixels with the mask as alpha.", {
    instanceMode: "alpha",
  }),
  preset("voc", "Pascal VOC", "voc", "SegmentationClass + SegmentationObject palette PNGs, class_names.txt.", { maxClassId: 254 }),
  preset("cityscapes", "Cityscapes", "cityscapes", "gtFine labelIds + instanceIds PNGs.", { maxClassId: 65 }),
  preset("yolo", "YOLO segmentation", "yolo", "labels/<image>.txt polygons normalised to 0..1, data.yaml. Holes are lost."),
  preset("ndjson", "NDJSON (platform format)", "ndjson", "labels.ndjson: one asset per line with RLE masks, attributes and review state."),
  preset("davis_png", "DAVIS palette PNGs (sequences)", "davis_png", "Annotations/<sequence>/00000.png per labeled frame, pixel value = track id (tracks up to 255), frames.json with each track's class.", {
    sequences: true,
  }),
  preset("youtube_vis", "YouTube-VIS JSON (sequences)", "youtube_vis", "annotations.json: a video per sequence, an annotation per track with an RLE per frame (null where absent).", {
    sequences: true,
  }),
  preset("mots", "MOTS text (sequences)", "mots", "instances_txt/<sequence>.txt: a line per tracked object per frame, id = class id × 1000 + track (tracks under 1000).", {
    sequences: true,
  }),
];

/** What a sequence format leaves out, shown under its description. */
export function sequenceExportHint(p: ExportPreset): string | null {
  if (!p.sequences) return null;
  return "Only frames of the project's sequences are written, and of their labels only objects with a track; other images and objects are left out.";
}

export const DEFAULT_PRESET_ID = "coco";

export function presetById(id: string): ExportPreset {
  return EXPORT_PRESETS.find((p) => p.id === id) ?? EXPORT_PRESETS[0];
}

/** The picker entry that produced an export with these parameters (for job lists). */
export function presetOfParams(params: Record<string, unknown> | undefined): ExportPreset | null {
  if (!params || typeof params.format !== "string") return null;
  const polygons = params.polygons === true;
  const mode = params.instance_mode === "alpha" ? "alpha" : "binary";
  return (
    EXPORT_PRESETS.find((p) => p.format === params.format && p.polygons === polygons && p.instanceMode === mode) ??
    EXPORT_PRESETS.find((p) => p.format === params.format) ??
    null
  );
}

export const LABEL_CHOICES: readonly { value: LabelsChoice; label: string; help: string }[] = [
  { value: "latest", label: "Latest submitted", help: "the newest submitted label of every asset" },
  { value: "accepted", label: "Accepted only", help: "only assets whose review is finished" },
  { value: "version", label: "A dataset version", help: "the labels frozen in a version" },
];

export const SYNTHETIC_CHOICES: readonly { value: SyntheticChoice; label: string; help: string }[] = [
  { value: "exclude", label: "Leave out", help: "real images only (the default)" },
  { value: "include", label: "Include", help: "the data engine's synthetic images with the real ones" },
  { value: "only", label: "Only synthetic", help: "the data engine's synthetic images alone" },
];

export const VERSION_LABEL_CHOICES: readonly { value: VersionLabelsChoice; label: string }[] = [
  { value: "latest", label: "Latest submitted" },
  { value: "accepted", label: "Accepted only" },
];

export function labelsChoiceText(labels: string, version?: string | null): string {
  if (labels === "version") return version ? `version ${version}` : "a version";
  return LABEL_CHOICES.find((c) => c.value === labels)?.label.toLowerCase() ?? labels;
}

export interface ExportFormState {
  presetId: string;
  labels: LabelsChoice;
  version: string;
  includeImages: boolean;
  compress: boolean;
  synthetic: SyntheticChoice;
}

export const DEFAULT_EXPORT_FORM: ExportFormState = {
  presetId: DEFAULT_PRESET_ID,
  labels: "latest",
  version: "",
  includeImages: false,
  compress: true,
  synthetic: "exclude",
};

/** What is wrong with the form before it is sent (the server checks again). */
export function exportFormProblems(form: ExportFormState): string[] {
  if (form.labels === "version" && !form.version.trim()) return ["Pick the dataset version to export."];
  return [];
}

export function exportRequest(form: ExportFormState): ExportRequest {
  const p = presetById(form.presetId);
  return {
    format: p.format,
    labels: form.labels,
    version: form.labels === "version" ? form.version.trim() : null,
    include_images: form.includeImages,
    polygons: p.polygons,
    instance_mode: p.instanceMode,
    compress: form.compress,
    synthetic: form.synthetic,
  };
}

/** A warning when the ontology uses class ids the format cannot write (the export would be refused). */
export function classIdWarning(p: ExportPreset, topClassId: number | null): string | null {
  if (topClassId === null || topClassId <= p.maxClassId) return null;
  return `${p.label} holds class ids up to ${p.maxClassId}; this ontology uses ${topClassId}.`;
}

export const IMPORT_FORMATS: readonly { value: ImportFormatId; label: string }[] = [
  { value: "auto", label: "Detect automatically" },
  { value: "coco", label: "COCO instances (RLE or polygons)" },
  { value: "coco_panoptic", label: "COCO panoptic" },
  { value: "semantic_png", label: "Semantic PNG (+ classes.json)" },
  { value: "rgb_png", label: "Colour PNG + mask_labels.json" },
  { value: "instance_png", label: "Per-instance PNG (binary or alpha)" },
  { value: "voc", label: "Pascal VOC" },
  { value: "cityscapes", label: "Cityscapes" },
  { value: "yolo", label: "YOLO segmentation" },
  { value: "ndjson", label: "NDJSON (platform format)" },
  { value: "davis_png", label: "DAVIS palette PNGs (into a sequence)" },
  { value: "youtube_vis", label: "YouTube-VIS JSON (into a sequence)" },
  { value: "mots", label: "MOTS text (into a sequence)" },
  { value: "images", label: "Images only (no labels)" },
];

/** One URL per line (or separated by spaces/commas); blanks dropped, duplicates once. */
export function parseUrlList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/** URLs the server will refuse (only http/https). */
export function badUrls(urls: readonly string[]): string[] {
  return urls.filter((u) => {
    try {
      const parsed = new URL(u);
      return parsed.protocol !== "http:" && parsed.protocol !== "https:";
    } catch {
      return true;
    }
  });
}

/** Formats read into a sequence of the project: the import needs one chosen. */
export function needsSequence(format: ImportFormatId): boolean {
  return format === "davis_png" || format === "youtube_vis" || format === "mots";
}

/** What the file of a format should hold, shown under the import's format picker. */
export const IMPORT_FORMAT_HINTS: Partial<Record<ImportFormatId, string>> = {
  coco: "Image entries with video_id and frame_index and annotations with track_id (the per-frame COCO of video datasets) keep their track ids.",
  davis_png: "Annotations/[480p/]<sequence>/<index>.png, palette or grey: each value 1-255 is an object on that track (real DAVIS 2016 masks, 0/255, become track 255). A track's class: Track classes below, else frames.json, else the sequence's track.",
  youtube_vis: "A JSON with videos and annotations: the video named like the sequence (or the only one); an annotation is a track, segmentations[i] is frame i. A tracker's score becomes the object's score when imported as predictions.",
  mots: "<sequence>.txt lines \"<frame> <class id × 1000 + track> <class id> <height> <width> <RLE>\"; the class is an ontology class id, so map a foreign file's tracks with Track classes.",
};

const MAX_TRACK = 2147483647;

/**
 * The import's `track_classes` from its text field: a JSON object of track id
 * to class name or id, as the server checks it (blank: none). `problem` says
 * what the server would refuse.
 */
export function parseTrackClasses(text: string): { value: Record<string, string | number> | null; problem: string | null } {
  if (!text.trim()) return { value: null, problem: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { value: null, problem: 'Track classes: not JSON; write an object like {"1": "person", "2": 4}.' };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { value: null, problem: 'Track classes: an object of track id to class, like {"1": "person", "2": 4}.' };
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > 10000) return { value: null, problem: "Track classes: at most 10000 tracks." };
  for (const [key, cls] of entries) {
    if (!/^[0-9]+$/.test(key) || Number(key) < 1 || Number(key) > MAX_TRACK) return { value: null, problem: `Track classes: "${key.slice(0, 50)}" is not a track id (an integer from 1).` };
    const isName = typeof cls === "string" && cls.trim().length > 0 && cls.length <= 200;
    const isId = typeof cls === "number" && Number.isInteger(cls) && cls >= 0;
    if (!isName && !isId) return { value: null, problem: `Track classes: track ${key} needs a class name (1-200 characters) or a class id.` };
  }
  return { value: parsed as Record<string, string | number>, problem: null };
}

// Export and import choices of the Datasets page: pure data and mapping to request bodies.
import type {
  ExportFormatId,
  ExportRequest,
  ImportFormatId,
  InstanceMode,
  LabelsChoice,
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
}

const ANY_ID = 65535;

function preset(
  id: string,
  label: string,
  format: ExportFormatId,
  description: string,
  extra: Partial<Pick<ExportPreset, "polygons" | "instanceMode" | "maxClassId">> = {},
): ExportPreset {
  return { id, label, format, description, polygons: false, instanceMode: "binary", maxClassId: ANY_ID, ...extra };
}

export const EXPORT_PRESETS: readonly ExportPreset[] = [
  preset("coco", "COCO instances (RLE)", "coco", "annotations/instances.json with the stored RLE masks, byte for byte (lossless)."),
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
];

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
}

export const DEFAULT_EXPORT_FORM: ExportFormState = {
  presetId: DEFAULT_PRESET_ID,
  labels: "latest",
  version: "",
  includeImages: false,
  compress: true,
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

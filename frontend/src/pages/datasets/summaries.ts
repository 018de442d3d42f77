// Reading job results of exports and imports (typed from `unknown`) and wording them for people.
import type { DatasetJob, ExportResult, ImportFileError, ImportResult } from "../../api/datasetTypes";
import { formatBytes } from "../../lib/format";
import { labelsChoiceText, presetOfParams } from "./formats";

type Rec = Record<string, unknown>;

function isRecord(value: unknown): value is Rec {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(rec: Rec, key: string): number {
  const v = rec[key];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** A result file to download: any result with a `download` URL (exports today). */
export interface ResultDownload {
  href: string;
  name: string;
  bytes: number | null;
}

export function resultDownload(result: unknown): ResultDownload | null {
  if (!isRecord(result) || typeof result.download !== "string" || !/^(\/|https?:)/.test(result.download)) return null;
  const name = typeof result.file === "string" && result.file ? result.file : result.download.split("/").pop() || "result";
  return { href: result.download, name, bytes: typeof result.bytes === "number" ? result.bytes : null };
}

export function asExportResult(result: unknown): ExportResult | null {
  if (!isRecord(result) || typeof result.file !== "string" || typeof result.format !== "string") return null;
  return {
    format: String(result.format ?? "") as ExportResult["format"],
    labels: String(result.labels ?? "latest") as ExportResult["labels"],
    version: typeof result.version === "string" ? result.version : null,
    file: typeof result.file === "string" ? result.file : "",
    download: typeof result.download === "string" ? result.download : null,
    bytes: num(result, "bytes"),
    assets: num(result, "assets"),
    objects: num(result, "objects"),
    parts: num(result, "parts"),
  };
}

/** "3 images · 12 objects · 1.2 MB" */
export function exportSummary(r: ExportResult): string {
  return [plural(r.assets, "image"), plural(r.objects, "object"), formatBytes(r.bytes)].join(" · ");
}

function fileErrors(value: unknown): ImportFileError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => ({ file: String(e.file ?? "?"), reason: String(e.reason ?? "failed") }));
}

export function asImportResult(result: unknown): ImportResult | null {
  if (!isRecord(result) || !("images_created" in result || "labels_created" in result || "errors" in result)) return null;
  const errors = fileErrors(result.errors);
  return {
    format: typeof result.format === "string" ? result.format : "",
    images_created: num(result, "images_created"),
    images_existing: num(result, "images_existing"),
    images_without_labels: num(result, "images_without_labels"),
    labels_created: num(result, "labels_created"),
    predictions_created: num(result, "predictions_created"),
    objects: num(result, "objects"),
    objects_trimmed: num(result, "objects_trimmed"),
    objects_unknown_class: num(result, "objects_unknown_class"),
    skipped: num(result, "skipped"),
    unknown_classes: strings(result.unknown_classes),
    classes_added: strings(result.classes_added),
    error_count: Math.max(num(result, "error_count"), errors.length),
    errors,
  };
}

export type Tone = "default" | "good" | "warn" | "bad";

export interface SummaryItem {
  key: string;
  label: string;
  value: number;
  tone: Tone;
}

/** The counts of an import, the ones worth a look toned; zero-valued side counts left out. */
export function importSummaryItems(r: ImportResult): SummaryItem[] {
  const items: SummaryItem[] = [
    { key: "images_created", label: "images created", value: r.images_created, tone: "default" },
    { key: "images_existing", label: "images already there", value: r.images_existing, tone: "default" },
    { key: "labels_created", label: "labels created", value: r.labels_created, tone: "default" },
    { key: "predictions_created", label: "predictions created", value: r.predictions_created, tone: "default" },
    { key: "objects", label: "objects", value: r.objects, tone: "default" },
    { key: "objects_trimmed", label: "objects trimmed (overlaps)", value: r.objects_trimmed, tone: "warn" },
    { key: "objects_unknown_class", label: "objects of unknown classes skipped", value: r.objects_unknown_class, tone: "warn" },
    { key: "skipped", label: "assets skipped (already labeled)", value: r.skipped, tone: "default" },
    { key: "images_without_labels", label: "images without labels", value: r.images_without_labels, tone: "default" },
    { key: "error_count", label: r.error_count === 1 ? "file error" : "file errors", value: r.error_count, tone: "bad" },
  ];
  const always = new Set(["images_created", "labels_created", "predictions_created", "objects", "error_count"]);
  return items
    .filter((i) => always.has(i.key) || i.value > 0)
    .map((i) => ({ ...i, tone: i.value > 0 ? i.tone : "default" }));
}

/** One line for job lists: "2 images, 2 labels, 5 objects · 1 error". */
export function importSummaryLine(r: ImportResult): string {
  const made = r.predictions_created > 0 && r.labels_created === 0
    ? [plural(r.images_created, "image"), plural(r.predictions_created, "prediction"), plural(r.objects, "object")]
    : [plural(r.images_created, "image"), plural(r.labels_created, "label"), plural(r.objects, "object")];
  const notes: string[] = [];
  if (r.unknown_classes.length > 0) notes.push(`unknown classes: ${r.unknown_classes.join(", ")}`);
  if (r.classes_added.length > 0) notes.push(`added classes: ${r.classes_added.join(", ")}`);
  if (r.error_count > 0) notes.push(plural(r.error_count, "error"));
  return [made.join(", "), ...notes].join(" · ");
}

/** What a job of the datasets kinds was asked to do: "COCO instances (RLE) · latest submitted". */
export function jobParamsText(job: Pick<DatasetJob, "kind" | "params">): string {
  const params = job.params ?? {};
  if (job.kind === "export") {
    const p = presetOfParams(params);
    const parts = [p?.label ?? String(params.format ?? "?"), labelsChoiceText(String(params.labels ?? "latest"), params.version as string | null)];
    if (params.include_images === true) parts.push("with images");
    return parts.join(" · ");
  }
  if (job.kind === "import") {
    const source = typeof params.file_name === "string" ? params.file_name
      : typeof params.path === "string" ? params.path
      : Array.isArray(params.urls) ? plural(params.urls.length, "URL") : "";
    const parts = [source, params.format && params.format !== "auto" ? String(params.format) : "auto-detect"];
    if (params.predictions === true) parts.push("as predictions");
    return parts.filter(Boolean).join(" · ");
  }
  return "";
}

/** One line describing a finished job's result, for kinds whose result we know; null otherwise. */
export function jobResultLine(job: Pick<DatasetJob, "kind" | "result">): string | null {
  if (job.kind === "export") {
    const r = asExportResult(job.result);
    return r ? exportSummary(r) : null;
  }
  if (job.kind === "import") {
    const r = asImportResult(job.result);
    return r ? importSummaryLine(r) : null;
  }
  return null;
}

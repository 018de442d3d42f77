import { describe, expect, it } from "vitest";
import { importFormData } from "../../api/datasets";
import { matchRoute, paths } from "../../lib/routes";
import type { VersionCompare } from "../../api/datasetTypes";
import { assetIdList, compareIsEmpty, compareRows, compareSummary, formatIou } from "./compare";
import {
  badUrls,
  classIdWarning,
  DEFAULT_EXPORT_FORM,
  EXPORT_FORMAT_IDS,
  EXPORT_PRESETS,
  exportFormProblems,
  exportRequest,
  IMPORT_FORMAT_HINTS,
  IMPORT_FORMATS,
  labelsChoiceText,
  needsSequence,
  parseTrackClasses,
  parseUrlList,
  presetById,
  presetOfParams,
  sequenceExportHint,
  SYNTHETIC_CHOICES,
} from "./formats";
import {
  asExportResult,
  asImportResult,
  exportSummary,
  importSummaryItems,
  importSummaryLine,
  jobParamsText,
  jobResultLine,
  resultDownload,
} from "./summaries";

describe("route", () => {
  it("serves the Datasets page at /projects/:id/datasets", () => {
    expect(paths.datasets(7)).toBe("/projects/7/datasets");
    expect(matchRoute("/projects/7/datasets")).toEqual({ name: "datasets", projectId: 7 });
    expect(matchRoute("/projects/7/datasets/")).toEqual({ name: "datasets", projectId: 7 });
  });
});

describe("export formats", () => {
  it("offers every backend format id, each at least once", () => {
    const offered = new Set(EXPORT_PRESETS.map((p) => p.format));
    expect([...offered].sort()).toEqual([...EXPORT_FORMAT_IDS].sort());
    expect(EXPORT_PRESETS.map((p) => p.id)).toHaveLength(new Set(EXPORT_PRESETS.map((p) => p.id)).size);
  });

  it("maps the picker entries to the request body", () => {
    expect(exportRequest(DEFAULT_EXPORT_FORM)).toEqual({
      format: "coco", labels: "latest", version: null, include_images: false, polygons: false,
      instance_mode: "binary", compress: true, synthetic: "exclude",
    });
    const polygons = exportRequest({ ...DEFAULT_EXPORT_FORM, presetId: "coco_polygons", includeImages: true });
    expect(polygons).toMatchObject({ format: "coco", polygons: true, include_images: true });
    expect(exportRequest({ ...DEFAULT_EXPORT_FORM, presetId: "instance_png_alpha" })).toMatchObject({
      format: "instance_png", instance_mode: "alpha", polygons: false,
    });
    expect(exportRequest({ ...DEFAULT_EXPORT_FORM, presetId: "rgb_png" }).format).toBe("rgb_png");
  });

  it("sends the synthetic choice, leaving synthetic images out unless asked as the API does", () => {
    expect(DEFAULT_EXPORT_FORM.synthetic).toBe("exclude");
    expect(SYNTHETIC_CHOICES.map((c) => c.value)).toEqual(["exclude", "include", "only"]);
    for (const synthetic of ["include", "only"] as const) {
      expect(exportRequest({ ...DEFAULT_EXPORT_FORM, synthetic }).synthetic).toBe(synthetic);
    }
    expect(exportRequest({ ...DEFAULT_EXPORT_FORM, labels: "version", version: "v1", synthetic: "only" })).toMatchObject({
      labels: "version", version: "v1", synthetic: "only",
    });
  });

  it("sends the version only with labels 'version', and asks for one", () => {
    const form = { ...DEFAULT_EXPORT_FORM, labels: "version" as const, version: " v1 " };
    expect(exportRequest(form)).toMatchObject({ labels: "version", version: "v1" });
    expect(exportRequest({ ...form, labels: "accepted" }).version).toBeNull();
    expect(exportFormProblems({ ...form, version: "" })).toEqual(["Pick the dataset version to export."]);
    expect(exportFormProblems(form)).toEqual([]);
  });

  it("finds the picker entry of a job's parameters", () => {
    expect(presetOfParams({ format: "coco", polygons: true })?.id).toBe("coco_polygons");
    expect(presetOfParams({ format: "instance_png", instance_mode: "alpha" })?.id).toBe("instance_png_alpha");
    expect(presetOfParams({ format: "voc", polygons: false, instance_mode: "binary" })?.id).toBe("voc");
    expect(presetOfParams({ format: "nope" })).toBeNull();
    expect(presetOfParams(undefined)).toBeNull();
    expect(presetById("missing").id).toBe("coco");
  });

  it("warns before exporting class ids a format cannot hold", () => {
    expect(classIdWarning(presetById("voc"), 300)).toMatch(/up to 254; this ontology uses 300/);
    expect(classIdWarning(presetById("cityscapes"), 66)).toMatch(/up to 65/);
    expect(classIdWarning(presetById("cityscapes"), 65)).toBeNull();
    expect(classIdWarning(presetById("coco"), 5000)).toBeNull();
    expect(classIdWarning(presetById("voc"), null)).toBeNull();
  });

  it("words label choices", () => {
    expect(labelsChoiceText("accepted")).toBe("accepted only");
    expect(labelsChoiceText("version", "v2")).toBe("version v2");
  });
});

describe("imports", () => {
  it("lists auto-detect first and every export format", () => {
    expect(IMPORT_FORMATS[0].value).toBe("auto");
    for (const id of EXPORT_FORMAT_IDS) expect(IMPORT_FORMATS.some((f) => f.value === id)).toBe(true);
  });

  it("parses URL lists and flags what the server refuses", () => {
    expect(parseUrlList("https://a.org/x.zip\n\n https://a.org/y.zip, https://a.org/x.zip")).toEqual([
      "https://a.org/x.zip",
      "https://a.org/y.zip",
    ]);
    expect(badUrls(["https://ok.org/a", "ftp://x.org/a", "not a url"])).toEqual(["ftp://x.org/a", "not a url"]);
  });

  it("builds the multipart form with DRF-readable booleans", () => {
    const file = new File([new Uint8Array([1, 2, 3])], "set.zip");
    const form = importFormData(file, {
      format: "auto", predictions: true, add_classes: false, model_version: "", source: "import", status: "submitted",
      sequence: null,
    });
    expect(form.get("predictions")).toBe("true");
    expect(form.get("add_classes")).toBe("false");
    expect(form.has("model_version")).toBe(false);
    expect((form.get("file") as File).name).toBe("set.zip");
    expect(form.has("sequence")).toBe(false);
    const into = importFormData(file, {
      format: "davis_png", predictions: false, add_classes: false, model_version: "", source: "import",
      status: "draft", sequence: 3,
    });
    expect(into.get("sequence")).toBe("3");
    expect(needsSequence("davis_png") && needsSequence("mots") && !needsSequence("coco")).toBe(true);
  });
});

describe("sequence formats", () => {
  it("exports DAVIS, YouTube-VIS and MOTS as sequence formats, with their hint, and COCO says it keeps track ids", () => {
    for (const format of ["davis_png", "youtube_vis", "mots"] as const) {
      const preset = presetById(format);
      expect(preset.format).toBe(format);
      expect(preset.sequences).toBe(true);
      expect(sequenceExportHint(preset)).toMatch(/only objects with a track/);
      expect(exportRequest({ ...DEFAULT_EXPORT_FORM, presetId: format })).toMatchObject({ format, polygons: false, instance_mode: "binary" });
      expect(presetOfParams({ format })?.id).toBe(format);
      expect(IMPORT_FORMAT_HINTS[format]).toBeTruthy();
    }
    expect(presetById("davis_png").description).toMatch(/value = track id \(tracks up to 255\)/);
    expect(presetById("mots").description).toMatch(/tracks under 1000/);
    expect(sequenceExportHint(presetById("coco"))).toBeNull();
    expect(presetById("coco").description).toMatch(/track_id/);
    expect(IMPORT_FORMAT_HINTS.coco).toMatch(/track_id/);
  });

  it("reads track classes as the server checks them", () => {
    expect(parseTrackClasses("  ")).toEqual({ value: null, problem: null });
    expect(parseTrackClasses('{"1": "person", "2": 4}')).toEqual({ value: { "1": "person", "2": 4 }, problem: null });
    expect(parseTrackClasses("{1: person}").problem).toMatch(/not JSON/);
    expect(parseTrackClasses('["person"]').problem).toMatch(/an object of track id to class/);
    expect(parseTrackClasses('{"0": "person"}').problem).toMatch(/"0" is not a track id/);
    expect(parseTrackClasses('{"x": "person"}').problem).toMatch(/"x" is not a track id/);
    expect(parseTrackClasses('{"2147483648": 1}').problem).toMatch(/not a track id/);
    expect(parseTrackClasses('{"3": ""}').problem).toMatch(/track 3 needs a class name/);
    expect(parseTrackClasses('{"3": true}').problem).toMatch(/track 3 needs/);
    expect(parseTrackClasses('{"3": 1.5}').problem).toMatch(/track 3 needs/);
  });

  it("sends track classes as the form field's JSON text, and leaves them out when absent", () => {
    const file = new File([new Uint8Array([1])], "davis.zip");
    const options = { format: "davis_png" as const, predictions: false, add_classes: false, model_version: "", source: "import", status: "draft" as const, sequence: 3 };
    const form = importFormData(file, { ...options, track_classes: { "1": "person", "2": 4 } });
    expect(JSON.parse(form.get("track_classes") as string)).toEqual({ "1": "person", "2": 4 });
    expect(importFormData(file, { ...options, track_classes: undefined }).has("track_classes")).toBe(false);
  });
});

const exportResult = {
  format: "coco", labels: "latest", version: null, file: "job-42-coco.zip", download: "/api/v1/jobs/42/result",
  bytes: 5242880, assets: 980, objects: 19600, parts: 1,
};

const importResult = {
  format: "coco", images_created: 120, images_existing: 0, images_without_labels: 2, labels_created: 118,
  predictions_created: 0, objects: 2301, objects_trimmed: 4, objects_unknown_class: 0, skipped: 0,
  unknown_classes: ["bus"], classes_added: [], error_count: 1,
  errors: [{ file: "annotations.json: img_7.jpg", reason: "img_7.jpg: not a readable image" }],
};

describe("job results", () => {
  it("reads an export result and its download", () => {
    const r = asExportResult(exportResult);
    expect(r && exportSummary(r)).toBe("980 images · 19,600 objects · 5.0 MB");
    expect(resultDownload(exportResult)).toEqual({ href: "/api/v1/jobs/42/result", name: "job-42-coco.zip", bytes: 5242880 });
    expect(resultDownload({ download: "javascript:alert(1)" })).toBeNull();
    expect(resultDownload("text")).toBeNull();
    expect(asExportResult({ images_created: 1 })).toBeNull();
  });

  it("reads an export result a labeler may not download: counts, no link", () => {
    const withheld: Record<string, unknown> = { ...exportResult };
    delete withheld.download;
    const r = asExportResult(withheld);
    expect(r && [r.download, exportSummary(r)]).toEqual([null, "980 images · 19,600 objects · 5.0 MB"]);
    expect(resultDownload(withheld)).toBeNull();
  });

  it("summarises an import with the per-file errors", () => {
    const r = asImportResult(importResult);
    expect(r).not.toBeNull();
    expect(r!.errors).toEqual([{ file: "annotations.json: img_7.jpg", reason: "img_7.jpg: not a readable image" }]);
    const items = importSummaryItems(r!);
    expect(items.map((i) => i.key)).toEqual([
      "images_created", "labels_created", "predictions_created", "objects", "objects_trimmed", "images_without_labels", "error_count",
    ]);
    expect(items.find((i) => i.key === "error_count")).toMatchObject({ value: 1, tone: "bad", label: "file error" });
    expect(items.find((i) => i.key === "predictions_created")?.tone).toBe("default");
    expect(importSummaryLine(r!)).toBe("120 images, 118 labels, 2,301 objects · unknown classes: bus · 1 error");
  });

  it("counts predictions when an import made no labels", () => {
    const r = asImportResult({ ...importResult, labels_created: 0, predictions_created: 7, unknown_classes: [], error_count: 0, errors: [] });
    expect(importSummaryLine(r!)).toBe("120 images, 7 predictions, 2,301 objects");
  });

  it("tolerates partial or odd results", () => {
    const r = asImportResult({ errors: [{ file: "a.png" }, "junk"], error_count: 0 });
    expect(r).toMatchObject({ images_created: 0, error_count: 1, errors: [{ file: "a.png", reason: "failed" }] });
    expect(asImportResult(null)).toBeNull();
    expect(asImportResult({ thumbnails: 3 })).toBeNull();
  });

  it("words job parameters and results by kind", () => {
    expect(jobParamsText({ kind: "export", params: { format: "coco", labels: "version", version: "v1", polygons: true } })).toBe(
      "COCO instances (polygons) · version v1",
    );
    expect(jobParamsText({ kind: "import", params: { file_name: "set.zip", format: "auto", predictions: true } })).toBe(
      "set.zip · auto-detect · as predictions",
    );
    expect(jobParamsText({ kind: "import", params: { urls: ["https://a/x"], format: "voc" } })).toBe("1 URL · voc");
    expect(jobResultLine({ kind: "export", result: exportResult })).toBe("980 images · 19,600 objects · 5.0 MB");
    expect(jobResultLine({ kind: "thumbnails", result: { made: 3 } })).toBeNull();
  });
});

const comparison: VersionCompare = {
  a: "v1",
  b: "v2",
  assets: { added: [31], added_count: 1, removed: [], removed_count: 0, changed: 2, unchanged: 977 },
  objects: { added: 24, removed: 1, changed: 1, unchanged: 19583 },
  changes: [
    { asset: 40, objects_added: [{ id: 990, class: 2 }], objects_removed: [], objects_changed: [], objects_unchanged: 1 },
    {
      asset: 17,
      objects_added: [],
      objects_removed: [{ id: 88, class: 3 }],
      objects_changed: [{ a: 301, b: 977, class: 1, iou: 0.9312, attributes_changed: true }],
      objects_unchanged: 3,
    },
  ],
  truncated: false,
};

describe("version comparison", () => {
  const names = new Map([[1, "car"], [2, "road"]]);

  it("shapes one row per object, by asset then kind", () => {
    const rows = compareRows(comparison, names);
    expect(rows.map((r) => [r.asset, r.change, r.className, r.a, r.b])).toEqual([
      [17, "changed", "car", 301, 977],
      [17, "removed", "class 3", 88, null],
      [40, "added", "road", null, 990],
    ]);
    expect(rows[0]).toMatchObject({ iou: 0.9312, attributesChanged: true });
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it("summarises assets and objects", () => {
    expect(compareSummary(comparison)).toEqual([
      { what: "assets", added: 1, removed: 0, changed: 2, unchanged: 977 },
      { what: "objects", added: 24, removed: 1, changed: 1, unchanged: 19583 },
    ]);
    expect(compareIsEmpty(comparison)).toBe(false);
    const same: VersionCompare = {
      ...comparison,
      assets: { added: [], added_count: 0, removed: [], removed_count: 0, changed: 0, unchanged: 5 },
      objects: { added: 0, removed: 0, changed: 0, unchanged: 9 },
      changes: [],
    };
    expect(compareIsEmpty(same)).toBe(true);
  });

  it("formats IoU and asset id lists", () => {
    expect(formatIou(0.9312)).toBe("0.931");
    expect(formatIou(0.99995)).toBe(">0.999");
    expect(formatIou(1)).toBe("1.000");
    expect(formatIou(null)).toBe("–");
    expect(assetIdList([1, 2, 3], 3)).toBe("#1, #2, #3");
    expect(assetIdList([1, 2, 3], 10, 2)).toBe("#1, #2, +8 more");
    expect(assetIdList([], 0)).toBe("");
  });
});

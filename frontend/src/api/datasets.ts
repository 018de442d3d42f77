// Datasets API: exports, imports (with upload progress), dataset versions and their comparison.
import { api } from "./client";
import type {
  DatasetJob,
  DatasetVersion,
  DatasetVersionInput,
  ExportRequest,
  ImportOptions,
  ImportSource,
} from "./datasetTypes";
import type { Job, Paginated } from "./types";
import { postMultipartOk, type UploadProgress } from "./upload";

export function startExport(projectId: number, body: ExportRequest): Promise<DatasetJob> {
  return api.post(`/projects/${projectId}/exports`, body);
}

/** Multipart form fields of an import: booleans as "true"/"false", as DRF's BooleanField reads them. */
export function importFormData(file: File, options: ImportOptions): FormData {
  const form = new FormData();
  form.append("file", file, file.name);
  for (const [key, value] of Object.entries(options)) {
    if ((value === "" && key === "model_version") || value === null || value === undefined) continue;
    form.append(key, typeof value === "object" ? JSON.stringify(value) : String(value)); // track_classes: its JSON text
  }
  return form;
}

/**
 * Start an import. A file goes up with XHR so `onUpload` sees the bytes sent; a server folder or
 * a URL list is a small JSON request. Resolves with the queued job; a refusal throws ApiError.
 */
export async function startImport(
  projectId: number,
  source: ImportSource,
  options: ImportOptions,
  onUpload?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<DatasetJob> {
  const path = `/projects/${projectId}/imports`;
  if ("file" in source) {
    return (await postMultipartOk(path, importFormData(source.file, options), (p) => onUpload?.(p), signal)) as DatasetJob;
  }
  return api.post(path, { ...source, ...options }, { signal });
}

export function listVersions(projectId: number, page = 1, signal?: AbortSignal): Promise<Paginated<DatasetVersion>> {
  return api.get(`/projects/${projectId}/versions`, { query: { page: page > 1 ? page : undefined }, signal });
}

export function createVersion(projectId: number, body: DatasetVersionInput): Promise<DatasetVersion> {
  return api.post(`/projects/${projectId}/versions`, body);
}

/** Start a `compare` job from version `a` to `b`; its result (a VersionCompare) arrives in the finished job. */
export function startCompare(projectId: number, a: string, b: string): Promise<Job> {
  return api.post(`/projects/${projectId}/versions/compare`, { a, b });
}


/** The newest export and import jobs of the project. */
export function listRecentJobs(projectId: number, pageSize: number, signal?: AbortSignal): Promise<Paginated<DatasetJob>> {
  return api.get(`/projects/${projectId}/jobs`, { query: { page_size: pageSize, kind: "export,import" }, signal });
}

// Multipart upload of many files with XMLHttpRequest (fetch has no upload progress).
// Files go in batches: Django refuses more than DATA_UPLOAD_MAX_NUMBER_FILES (default 100)
// per request, and smaller requests give finer progress and smaller failures.
import { apiUrl, getCsrfToken, looksUnauthenticated, notifyUnauthenticated, resetCsrf } from "./client";
import { CSRF_HEADER } from "./csrf";
import { ApiError } from "./errors";

export const MAX_FILES_PER_BATCH = 20;
export const MAX_BYTES_PER_BATCH = 64 * 1024 * 1024;

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface XhrResult {
  status: number;
  body: unknown;
}

/** Split files into batches by count and size; a single oversize file gets its own batch. */
export function planBatches<T extends { size: number }>(
  files: readonly T[],
  maxFiles = MAX_FILES_PER_BATCH,
  maxBytes = MAX_BYTES_PER_BATCH,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const f of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + f.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += f.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** POST a FormData with XHR, reporting upload progress. Resolves for any HTTP answer. */
export async function postMultipart(
  path: string,
  form: FormData,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<XhrResult> {
  const token = await getCsrfToken();
  return new Promise<XhrResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiUrl(path));
    xhr.withCredentials = true;
    xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total });
    };
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON (e.g. a proxy's 413 page): keep the text
      }
      if (xhr.status === 401 || xhr.status === 403) {
        const detail = new ApiError(xhr.status, body).detail;
        if (/csrf/i.test(detail)) resetCsrf();
        else if (looksUnauthenticated(xhr.status, detail)) notifyUnauthenticated();
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError(0, null, "Network error during upload"));
    xhr.onabort = () => reject(new DOMException("Upload aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** postMultipart for one answer: its body when 2xx, else an ApiError (a proxy's 413 page reads as "too large"). */
export async function postMultipartOk(
  path: string,
  form: FormData,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<unknown> {
  const answer = await postMultipart(path, form, onProgress, signal);
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  throw new ApiError(answer.status, answer.body, answer.status === 413 ? "The file is too large for the server" : undefined);
}

export interface AttributedErrors {
  /** Messages per index into the batch's file list. */
  perFile: Map<number, string[]>;
  /** Messages that name no file. */
  general: string[];
}

/**
 * Spread a 400 answer over the files of the batch. Accepted shapes (all seen from DRF):
 *   {"files": {"3": ["msg"]}}                 index-keyed (ListField child errors)
 *   {"files": [[], ["msg"], ...]}             positional lists
 *   {"files": [{"name": "a.png", "error": "msg"}]} / {"errors": [...]} by file name
 *   {"files": ["a.png: msg"]} or {"detail": "a.png: msg"}   messages naming the file
 */
export function attributeUploadErrors(body: unknown, names: readonly string[]): AttributedErrors {
  const perFile = new Map<number, string[]>();
  const general: string[] = [];
  const add = (index: number, msg: string) => {
    const list = perFile.get(index) ?? [];
    list.push(msg);
    perFile.set(index, list);
  };
  const byName = (name: string): number => names.indexOf(name);
  const attributeText = (msg: string) => {
    // Longest names first so "a.png" does not claim a message about "aa.png".
    const candidates = names
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => n && msg.includes(n))
      .sort((a, b) => b.n.length - a.n.length);
    if (candidates.length > 0) add(candidates[0].i, msg);
    else general.push(msg);
  };
  const handleEntry = (entry: unknown, position: number | null) => {
    if (typeof entry === "string") {
      attributeText(entry);
    } else if (Array.isArray(entry)) {
      const msgs = entry.filter((m): m is string => typeof m === "string");
      if (position !== null && position < names.length) msgs.forEach((m) => add(position, m));
      else msgs.forEach(attributeText);
    } else if (entry && typeof entry === "object") {
      const rec = entry as Record<string, unknown>;
      const name = [rec.name, rec.file, rec.filename].find((v): v is string => typeof v === "string");
      const raw = rec.error ?? rec.errors ?? rec.detail ?? rec.message;
      const msgs = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw.map(String) : [];
      const index = typeof rec.index === "number" ? rec.index : name !== undefined ? byName(name) : -1;
      if (index >= 0) msgs.forEach((m) => add(index, m));
      else msgs.forEach((m) => general.push(name ? `${name}: ${m}` : m));
    }
  };

  if (typeof body === "string") {
    if (body) general.push(body);
  } else if (Array.isArray(body)) {
    body.forEach((e) => handleEntry(e, null));
  } else if (body && typeof body === "object") {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (Array.isArray(value)) {
        const positional = value.some((v) => Array.isArray(v));
        value.forEach((v, i) => handleEntry(v, positional ? i : null));
      } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (/^\d+$/.test(k)) handleEntry(Array.isArray(v) ? v : [String(v)], Number(k));
          else handleEntry(v, null);
        }
      } else if (typeof value === "string" && key !== "detail") {
        attributeText(key === "non_field_errors" ? value : `${key}: ${value}`);
      }
    }
    // The backend's `detail` repeats the first field message: use it only when nothing else spoke.
    const detail = (body as Record<string, unknown>).detail;
    if (typeof detail === "string" && perFile.size === 0 && general.length === 0) attributeText(detail);
  }
  return { perFile, general };
}

// API errors: the backend answers `{"detail": "...", <field>: [msgs]}`; nested for nested fields.

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly fields: FieldErrors;
  readonly body: unknown;

  constructor(status: number, body: unknown, fallback?: string) {
    const { detail, fields } = parseErrorBody(body);
    const message = detail || firstFieldMessage(fields) || fallback || `Request failed (HTTP ${status})`;
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail || message;
    this.fields = fields;
    this.body = body;
  }

  /** All messages, the detail first, field messages prefixed with the field path. */
  messages(): string[] {
    const fieldMsgs: string[] = [];
    for (const [field, msgs] of Object.entries(this.fields)) {
      for (const m of msgs) fieldMsgs.push(field === "non_field_errors" ? m : `${field}: ${m}`);
    }
    // The backend's `detail` summarizes the first field error; do not show it twice.
    const detailRepeats = Object.values(this.fields).some((msgs) => msgs.some((m) => this.detail.endsWith(m)));
    return dedupe(this.detail && !detailRepeats ? [this.detail, ...fieldMsgs] : fieldMsgs.length ? fieldMsgs : [this.detail]);
  }
}

/**
 * 202 from an answer a worker computes (an asset's SAM embedding, segment, proposals): not computed yet,
 * which is no error status. The body names the job: `{"detail": "... being computed by job N ...", "job": N}`.
 */
export class NotReadyError extends Error {
  readonly detail: string;
  readonly jobId: number | null;

  constructor(body: unknown) {
    const { detail } = parseErrorBody(body);
    const job = body && typeof body === "object" ? (body as Record<string, unknown>).job : undefined;
    super(detail || "not computed yet");
    this.name = "NotReadyError";
    this.detail = this.message;
    this.jobId = typeof job === "number" && Number.isInteger(job) ? job : null;
  }
}

/** A network failure (no HTTP answer) is status 0. */
export function networkError(cause: unknown): ApiError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, null, `Network error: ${msg}`);
}

export function parseErrorBody(body: unknown): { detail: string; fields: FieldErrors } {
  const fields: FieldErrors = {};
  let detail = "";
  if (typeof body === "string") {
    detail = body;
  } else if (Array.isArray(body)) {
    fields.non_field_errors = flattenMessages(body);
  } else if (body && typeof body === "object") {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === "detail" && typeof value === "string") {
        detail = value;
      } else if (key === "current") {
        // 409 answers carry the current object, not a message.
        continue;
      } else {
        collectFieldErrors(key, value, fields);
      }
    }
  }
  return { detail, fields };
}

function collectFieldErrors(path: string, value: unknown, into: FieldErrors): void {
  if (typeof value === "string") {
    (into[path] ??= []).push(value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item === "string") (into[path] ??= []).push(item);
      else if (item && typeof item === "object" && Object.keys(item).length > 0) {
        collectFieldErrors(`${path}[${i}]`, item, into);
      }
    });
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const sub = /^\d+$/.test(k) ? `${path}[${k}]` : `${path}.${k}`;
      collectFieldErrors(sub, v, into);
    }
  }
}

function flattenMessages(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(flattenMessages);
  if (value && typeof value === "object") return Object.values(value).flatMap(flattenMessages);
  return [];
}

function firstFieldMessage(fields: FieldErrors): string {
  for (const [field, msgs] of Object.entries(fields)) {
    if (msgs.length > 0) return field === "non_field_errors" ? msgs[0] : `${field}: ${msgs[0]}`;
  }
  return "";
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

/** Human-readable messages for any thrown value. */
export function errorMessages(err: unknown): string[] {
  if (err instanceof ApiError) return err.messages();
  if (err instanceof Error) return [err.message];
  return [String(err)];
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}

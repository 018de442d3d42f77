// A job's result in words for the Jobs panel, instead of its raw JSON.

// Keys whose number names one thing (an id or a version), not a count: "sequence 2", not "2 sequence".
const NAMING_KEYS = new Set(["sequence", "source", "version", "project", "asset", "label", "job", "model"]);

function words(key: string): string {
  return key.replace(/_/g, " ");
}

/** `{"thumbnails": 10}` -> "10 thumbnails"; `{"model": "sam", "failed": 0}` -> "model: sam · 0 failed". */
export function jobResultSummary(result: unknown): string {
  if (result === null || result === undefined) return "";
  if (typeof result !== "object") return String(result);
  if (Array.isArray(result)) return `${result.length} item${result.length === 1 ? "" : "s"}`;
  const parts = Object.entries(result as Record<string, unknown>).map(([key, value]) => {
    if (typeof value === "number") return NAMING_KEYS.has(key) ? `${words(key)} ${value}` : `${value} ${words(key)}`;
    if (typeof value === "boolean") return `${words(key)}: ${value ? "yes" : "no"}`;
    if (typeof value === "string") return `${words(key)}: ${value}`;
    if (Array.isArray(value)) return `${value.length} ${words(key)}`;
    if (value === null) return `${words(key)}: none`;
    return words(key);
  });
  return parts.join(" · ");
}

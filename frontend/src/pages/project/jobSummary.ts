// A job's result in words for the Jobs panel, instead of its raw JSON.

// Keys whose number names one thing (an id or a version), not a count: "sequence 2", not "2 sequence".
const NAMING_KEYS = new Set(["sequence", "source", "version", "project", "asset", "label", "job", "model"]);

function words(key: string): string {
  return key.replace(/_/g, " ");
}

interface PropagationResult {
  from: number;
  to: number;
  frames: number;
  stopped_before_labeled: number | null;
  agreed_at?: number | null;
  min_confidence: number | null;
  mean_confidence: number | null;
}

function isPropagation(result: unknown): result is PropagationResult {
  const r = result as Partial<PropagationResult> | null;
  return typeof r === "object" && r !== null && typeof r.from === "number" && typeof r.to === "number" && typeof r.frames === "number";
}

/** A propagation in words: its range and confidence, not "0 from · 7 to · stopped before labeled: none · ...".
 * Frames are counted from 1, as the sequence editor shows them (the API's indexes start at 0). */
function propagationSummary(r: PropagationResult): string {
  const parts = [`frames ${r.from + 1} → ${r.to + 1}`, `${r.frames} carried`];
  if (r.stopped_before_labeled !== null) parts.push(`stopped before labeled frame ${r.stopped_before_labeled + 1}`);
  // A correction carried on stops where it agrees with what the frame held before.
  if (typeof r.agreed_at === "number") parts.push(`agrees with the earlier pre-label from frame ${r.agreed_at + 1}`);
  if (r.min_confidence !== null && r.mean_confidence !== null) {
    parts.push(`confidence ${r.mean_confidence.toFixed(2)} (lowest ${r.min_confidence.toFixed(2)})`);
  }
  return parts.join(" · ");
}

/** `{"thumbnails": 10}` -> "10 thumbnails"; `{"model": "sam", "failed": 0}` -> "model: sam · 0 failed". */
export function jobResultSummary(result: unknown, kind?: string): string {
  if (kind === "sequence_propagate" && isPropagation(result)) return propagationSummary(result);
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

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

function singular(word: string): string {
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

/** "1 things" -> "1 thing": the first plural word of a count's key ("labels used" -> "label used"). */
function countOf(n: number, key: string): string {
  if (n === 1) {
    const parts = words(key).split(" ");
    const at = parts.findIndex((w) => /[^su]s$/.test(w));
    if (at >= 0) parts[at] = singular(parts[at]);
    return `${n} ${parts.join(" ")}`;
  }
  return `${n} ${words(key)}`;
}

// Nested results (a trained model's metrics) are shown this deep; deeper ones are left out.
const MAX_DEPTH = 2;

function fieldSummary(key: string, value: unknown, depth: number): string | null {
  if (typeof value === "number") {
    if (NAMING_KEYS.has(key)) return `${words(key)} ${value}`;
    // A fraction is a measure (a mean IoU), not a count.
    return Number.isInteger(value) ? countOf(value, key) : `${words(key)} ${value.toFixed(2)}`;
  }
  if (typeof value === "boolean") return `${words(key)}: ${value ? "yes" : "no"}`;
  if (typeof value === "string") return `${words(key)}: ${value}`;
  if (Array.isArray(value)) return countOf(value.length, key);
  if (value === null) return `${words(key)}: none`;
  // An object: its fields in brackets, not the bare word "metrics"; a map keyed by ids (per class) is left out.
  const entries = Object.entries(value as Record<string, unknown>);
  if (depth >= MAX_DEPTH || entries.every(([k]) => /^\d+$/.test(k))) return null;
  const inner = fieldsSummary(entries.filter(([k]) => k !== "job"), depth + 1); // the job is the one shown
  return inner ? `${words(key)} (${inner})` : null;
}

function fieldsSummary(entries: [string, unknown][], depth: number): string {
  return entries.map(([key, value]) => fieldSummary(key, value, depth)).filter((part) => part !== null).join(" · ");
}

/** `{"thumbnails": 10}` -> "10 thumbnails"; `{"model": "sam", "failed": 0}` -> "model: sam · 0 failed". */
export function jobResultSummary(result: unknown, kind?: string): string {
  if (kind === "sequence_propagate" && isPropagation(result)) return propagationSummary(result);
  if (result === null || result === undefined) return "";
  if (typeof result !== "object") return String(result);
  if (Array.isArray(result)) return `${result.length} item${result.length === 1 ? "" : "s"}`;
  return fieldsSummary(Object.entries(result as Record<string, unknown>), 0);
}

// CSV of the per-labeler table: what a manager hands to accounting to pay vendors for productive time.
import type { LabelerStats } from "../../api/workflowTypes";

export type Cell = string | number | null | undefined;

/**
 * RFC 4180 quoting. Text starting with = + - @ is prefixed with ' so a spreadsheet shows it rather
 * than running it as a formula (usernames are user input).
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export const LABELER_CSV_HEADER = [
  "user_id", "username", "from", "to", "assets_labeled", "objects", "productive_time_s", "productive_hours",
  "time_per_asset_s", "saves", "reviews_received", "accepted", "rejected", "rejection_rate", "reviews_done",
] as const;

function round(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function labelerCsv(rows: readonly LabelerStats[], range: { from: string | null; to: string | null }): string {
  return toCsv([
    LABELER_CSV_HEADER,
    ...rows.map((r) => [
      r.user.id, r.user.username, range.from ?? "", range.to ?? "", r.assets_labeled, r.objects,
      round(r.productive_time_s, 3), round(r.productive_time_s / 3600, 4), round(r.time_per_asset_s, 3), r.saves,
      r.reviews_received, r.accepted, r.rejected, round(r.rejection_rate, 4), r.reviews_done,
    ]),
  ]);
}

export function csvFileName(projectId: number, range: { from: string | null; to: string | null }): string {
  return `project-${projectId}-labelers-${range.from || "start"}-to-${range.to || "now"}.csv`;
}

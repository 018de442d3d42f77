import { useState } from "react";
import type { LabelerStats } from "../../api/workflowTypes";
import { formatDuration, formatHours, formatRate } from "./statsFormat";

type Key = "username" | "assets_labeled" | "objects" | "productive_time_s" | "time_per_asset_s" | "rejection_rate" | "reviews_done";

const COLUMNS: { key: Key; title: string; numeric: boolean; hint?: string }[] = [
  { key: "username", title: "Labeler", numeric: false },
  { key: "assets_labeled", title: "Assets labeled", numeric: true, hint: "labels first submitted in the range" },
  { key: "objects", title: "Objects", numeric: true },
  { key: "productive_time_s", title: "Productive time", numeric: true, hint: "active editing time of every save, drafts included" },
  { key: "time_per_asset_s", title: "Time / asset", numeric: true },
  { key: "rejection_rate", title: "Rejection rate", numeric: true, hint: "rejected / reviewed, of reviews made in the range" },
  { key: "reviews_done", title: "Reviews done", numeric: true },
];

function sortValue(row: LabelerStats, key: Key): string | number {
  if (key === "username") return row.user.username.toLowerCase();
  return row[key] ?? -1;
}

export function sortRows(rows: readonly LabelerStats[], key: Key, descending: boolean): LabelerStats[] {
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    const c = va < vb ? -1 : va > vb ? 1 : a.user.username.localeCompare(b.user.username);
    return descending ? -c : c;
  });
}

/** Who did what, how fast and how well; click a heading to sort. */
export function LabelerTable({ rows }: { rows: readonly LabelerStats[] }) {
  const [sort, setSort] = useState<{ key: Key; descending: boolean }>({ key: "username", descending: false });
  if (rows.length === 0) return <div className="muted small">Nobody worked in this range.</div>;
  const sorted = sortRows(rows, sort.key, sort.descending);
  return (
    <div className="table-scroll">
      <table className="table stats-table" data-testid="labeler-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={c.numeric ? "num" : undefined} title={c.hint} aria-sort={sort.key === c.key ? (sort.descending ? "descending" : "ascending") : undefined}>
                <button
                  type="button"
                  className="th-sort"
                  onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.numeric }))}
                >
                  {c.title}
                  {sort.key === c.key ? (sort.descending ? " ▾" : " ▴") : ""}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.user.id} data-testid="labeler-row" data-username={r.user.username}>
              <td>{r.user.username}</td>
              <td className="num">{r.assets_labeled}</td>
              <td className="num">{r.objects}</td>
              <td className="num" title={`${formatHours(r.productive_time_s)} h in ${r.saves} saves`}>
                {formatDuration(r.productive_time_s)}
              </td>
              <td className="num">{formatDuration(r.time_per_asset_s)}</td>
              <td className="num" title={r.reviews_received ? `${r.rejected} of ${r.reviews_received} reviews` : "not reviewed"}>
                {formatRate(r.rejection_rate)}
              </td>
              <td className="num">{r.reviews_done}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

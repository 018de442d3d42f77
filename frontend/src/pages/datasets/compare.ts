// Shaping a version comparison (GET versions/compare) for the summary and the table of changed objects.
import type { VersionCompare } from "../../api/datasetTypes";

export type ChangeKind = "changed" | "added" | "removed";

export interface CompareRow {
  key: string;
  asset: number;
  change: ChangeKind;
  classId: number;
  className: string;
  /** Object id in version a (null for objects added in b). */
  a: number | null;
  /** Object id in version b (null for objects removed). */
  b: number | null;
  iou: number | null;
  attributesChanged: boolean;
}

const KIND_ORDER: Record<ChangeKind, number> = { changed: 0, added: 1, removed: 2 };

export function className(classNames: ReadonlyMap<number, string>, id: number): string {
  return classNames.get(id) ?? `class ${id}`;
}

/** One row per changed, added or removed object; by asset, then changed before added before removed. */
export function compareRows(cmp: VersionCompare, classNames: ReadonlyMap<number, string>): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const change of cmp.changes) {
    for (const o of change.objects_changed) {
      rows.push({
        key: `${change.asset}:c:${o.a}:${o.b}`, asset: change.asset, change: "changed", classId: o.class,
        className: className(classNames, o.class), a: o.a, b: o.b, iou: o.iou, attributesChanged: o.attributes_changed,
      });
    }
    for (const o of change.objects_added) {
      rows.push({
        key: `${change.asset}:a:${o.id}`, asset: change.asset, change: "added", classId: o.class,
        className: className(classNames, o.class), a: null, b: o.id, iou: null, attributesChanged: false,
      });
    }
    for (const o of change.objects_removed) {
      rows.push({
        key: `${change.asset}:r:${o.id}`, asset: change.asset, change: "removed", classId: o.class,
        className: className(classNames, o.class), a: o.id, b: null, iou: null, attributesChanged: false,
      });
    }
  }
  return rows.sort((x, y) => x.asset - y.asset || KIND_ORDER[x.change] - KIND_ORDER[y.change] || (x.a ?? x.b ?? 0) - (y.a ?? y.b ?? 0));
}

export interface CompareSummaryRow {
  what: "assets" | "objects";
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

export function compareSummary(cmp: VersionCompare): CompareSummaryRow[] {
  return [
    { what: "assets", added: cmp.assets.added_count, removed: cmp.assets.removed_count, changed: cmp.assets.changed, unchanged: cmp.assets.unchanged },
    { what: "objects", ...cmp.objects },
  ];
}

/** True when nothing differs between the two versions. */
export function compareIsEmpty(cmp: VersionCompare): boolean {
  return compareSummary(cmp).every((r) => r.added === 0 && r.removed === 0 && r.changed === 0);
}

/** IoU to three decimals; 1.000 is never shown for a changed object whose IoU rounds up. */
export function formatIou(iou: number | null): string {
  if (iou === null || !Number.isFinite(iou)) return "–";
  const text = iou.toFixed(3);
  return text === "1.000" && iou < 1 ? ">0.999" : text;
}

/** Asset ids added/removed whole, as a short list ("31, 40, … +12 more"). */
export function assetIdList(ids: readonly number[], total: number, show = 8): string {
  if (total === 0) return "";
  const shown = ids.slice(0, show).map((id) => `#${id}`).join(", ");
  const more = total - Math.min(ids.length, show);
  return more > 0 ? `${shown}${shown ? ", " : ""}+${more} more` : shown;
}

import type { ClassId, LabelObject, OntologyClass } from "../core/objectList";

/** What to show: a solo object or class hides everything else. */
export type Solo = { readonly objectIndex: number } | { readonly classId: ClassId } | null;

export interface OverlayVisibility {
  readonly hiddenClasses: ReadonlySet<ClassId>;
  readonly solo: Solo;
}

/** "#rrggbb" (or "#rgb") to [r, g, b]; grey for anything else. */
export function parseHexColor(color: string): [number, number, number] {
  const hex = color.trim().replace(/^#/, "");
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  if (!/^[0-9a-fA-F]{6}$/.test(full)) return [128, 128, 128];
  const n = parseInt(full, 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** RGBA packed for a little-endian Uint32 view of ImageData (bytes r, g, b, a). */
export function packRgba(r: number, g: number, b: number, a = 255): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export function isObjectVisible(object: LabelObject, visibility: OverlayVisibility): boolean {
  if (object.hidden || visibility.hiddenClasses.has(object.classId)) return false;
  const solo = visibility.solo;
  if (!solo) return true;
  return "objectIndex" in solo ? solo.objectIndex === object.index : solo.classId === object.classId;
}

/** Colour per object index (0 = transparent): hidden objects get 0. */
export function buildPalette(
  objects: readonly LabelObject[],
  classes: ReadonlyMap<ClassId, OntologyClass>,
  visibility: OverlayVisibility,
): Uint32Array {
  let maxIndex = 0;
  for (const o of objects) maxIndex = Math.max(maxIndex, o.index);
  const palette = new Uint32Array(maxIndex + 1);
  for (const object of objects) {
    if (!isObjectVisible(object, visibility)) continue;
    const cls = classes.get(object.classId);
    const [r, g, b] = parseHexColor(cls?.color ?? "#808080");
    palette[object.index] = packRgba(r, g, b);
  }
  return palette;
}

// Draws a label's masks as a coloured overlay: one label map (object index per pixel) painted to RGBA,
// a translucent fill and an opaque outline per object. Pure: no DOM, so it is tested in node.
import { decodeRle } from "../../editor";
import type { Rle } from "../../api/types";

export type Rgb = readonly [number, number, number];

const FALLBACK: Rgb = [160, 160, 160];

/** "#rrggbb" or "#rgb" to RGB; anything else is grey. */
export function parseColor(color: string | undefined): Rgb {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color?.trim() ?? "");
  if (!m) return FALLBACK;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)];
}

/** Object i (0-based) is painted as i + 1; later objects cover earlier ones where they overlap. */
export function buildLabelMap(masks: readonly Rle[], width: number, height: number): Uint16Array {
  const map = new Uint16Array(width * height);
  masks.forEach((mask, i) => decodeRle(mask, map, width, height, i + 1));
  return map;
}

export interface OverlayStyle {
  /** Per object (0-based): its colour, or null to hide it. */
  colors: readonly (Rgb | null)[];
  /** Fill opacity 0..1; outlines are drawn opaque whenever opacity > 0 or `outlines` is set. */
  opacity: number;
  outlines?: boolean;
  /** 0-based object drawn stronger; -1 for none. */
  highlight?: number;
}

function isEdge(map: Uint16Array, width: number, height: number, x: number, y: number, v: number): boolean {
  const i = y * width + x;
  return (
    x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
    map[i - 1] !== v || map[i + 1] !== v || map[i - width] !== v || map[i + width] !== v
  );
}

/** RGBA pixels (width * height * 4) of the overlay. */
export function paintOverlay(map: Uint16Array, width: number, height: number, style: OverlayStyle): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  const fill = Math.round(Math.max(0, Math.min(1, style.opacity)) * 255);
  const strong = Math.min(255, Math.round(fill * 0.5 + 140));
  const outlines = style.outlines ?? true;
  const highlight = (style.highlight ?? -1) + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = map[i];
      if (v === 0) continue;
      const color = style.colors[v - 1];
      if (!color) continue;
      const edge = outlines && isEdge(map, width, height, x, y, v);
      const alpha = edge ? 255 : v === highlight ? strong : fill;
      if (alpha === 0) continue;
      const o = i * 4;
      out[o] = color[0];
      out[o + 1] = color[1];
      out[o + 2] = color[2];
      out[o + 3] = alpha;
    }
  }
  return out;
}

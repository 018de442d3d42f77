import type { Rect } from "../core/geometry";
import type { LabelMap } from "../core/labelMap";

/** Which objects are drawn as outlines: all (true), none (false), or those whose index is flagged 1. */
export type Outline = boolean | Uint8Array;

/**
 * Colour the label-map pixels of `area` into `target`, a packed-RGBA buffer
 * covering `targetRect` (a tile). For outlined objects only pixels with a
 * 4-neighbour of another label (or on the image border) are coloured.
 * Pure: runs without a DOM.
 */
export function rasterizeOverlay(
  map: LabelMap,
  area: Rect,
  palette: Uint32Array,
  outline: Outline,
  target: Uint32Array,
  targetRect: Rect,
): void {
  const { data, width, height } = map;
  const targetWidth = targetRect.x1 - targetRect.x0;
  for (let y = area.y0; y < area.y1; y++) {
    const row = y * width;
    const out = (y - targetRect.y0) * targetWidth - targetRect.x0;
    for (let x = area.x0; x < area.x1; x++) {
      const v = data[row + x];
      let color = v < palette.length ? palette[v] : 0;
      if (color !== 0 && (outline === true || (outline !== false && v < outline.length && outline[v] === 1))) {
        const interior =
          x > 0 && x < width - 1 && y > 0 && y < height - 1 &&
          data[row + x - 1] === v && data[row + x + 1] === v && data[row + x - width] === v && data[row + x + width] === v;
        if (interior) color = 0;
      }
      target[out + x] = color;
    }
  }
}

/**
 * Onion skin: the previous frame's object outlines, drawn faintly over the
 * frame being edited so drift from one frame to the next shows at a glance.
 * This part is pure (label map and outline pixels); onionLayer.ts draws them.
 */
import { type LabelResponse, decodeRle } from "../editor";

/** Faint yellow, as little-endian RGBA in a Uint32 (ImageData's byte order): alpha 0xb0. */
export const ONION_COLOR = 0xb04ad5ff;

/** The frame's objects painted into one map (index = position + 1; where masks overlap the earlier keeps the pixel). */
export function labelMapOf(content: LabelResponse | null, width: number, height: number): Uint16Array {
  const map = new Uint16Array(width * height);
  (content?.objects ?? []).forEach((object, position) => {
    decodeRle(object.mask, map, width, height, position + 1, (current) => current === 0);
  });
  return map;
}

/**
 * Pixels on an object's border (a 4-neighbour holds another value or lies
 * outside the image) get `color`, every other pixel 0 (transparent).
 */
export function outlinePixels(map: Uint16Array, width: number, height: number, color = ONION_COLOR): Uint32Array {
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const v = map[i];
      if (v === 0) continue;
      const border =
        x === 0 || x === width - 1 || y === 0 || y === height - 1 ||
        map[i - 1] !== v || map[i + 1] !== v || map[i - width] !== v || map[i + width] !== v;
      if (border) out[i] = color;
    }
  }
  return out;
}

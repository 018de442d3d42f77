import { type Rect, rect } from "./geometry";
import { type Region, RegionBuilder } from "./region";
import { type WireRle, decodeRle } from "../io/rle";

/**
 * A proposed mask from the auto-segment backend: shown as a preview, not in
 * the label map and not in undo until accepted. `bits` covers `bounds` only
 * (row-major, 1 = inside), so a small object on a huge image stays small.
 */
export interface SegmentProposal {
  readonly score: number;
  readonly region: Region;
  readonly bounds: Rect;
  readonly bits: Uint8Array;
}

/** A full-image mask (row-major, non-zero = inside) or a COCO RLE of the image's size. */
export type ProposalMask = Uint8Array | WireRle;

function fullMask(mask: ProposalMask, width: number, height: number): Uint8Array {
  if (mask instanceof Uint8Array) {
    if (mask.length !== width * height) throw new Error(`proposal mask has ${mask.length} pixels, the image ${width * height}`);
    return mask;
  }
  const out = new Uint8Array(width * height);
  decodeRle(mask, out, width, height, 1);
  return out;
}

/** Build the proposal (row spans, bounds, cropped bits) in one pass over the mask. Throws on a size mismatch. */
export function proposalFromMask(mask: ProposalMask, score: number, width: number, height: number): SegmentProposal {
  const data = fullMask(mask, width, height);
  const builder = new RegionBuilder();
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (data[row + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < width && data[row + x] !== 0) x++;
      builder.add(y, start, x);
    }
  }
  const region = builder.build();
  const bounds = region.area > 0 ? region.bounds : rect(0, 0, 0, 0);
  const w = bounds.x1 - bounds.x0;
  const bits = new Uint8Array(w * (bounds.y1 - bounds.y0));
  const s = region.spans;
  for (let i = 0; i < s.length; i += 3) {
    const from = (s[i] - bounds.y0) * w - bounds.x0;
    bits.fill(1, from + s[i + 1], from + s[i + 2]);
  }
  return { score: Math.min(1, Math.max(0, Number.isFinite(score) ? score : 0)), region, bounds, bits };
}

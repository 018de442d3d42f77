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

/**
 * A mask given only inside `bounds` (row-major over the bounds, non-zero =
 * inside; nothing outside is inside): what a decoder in the browser makes, so
 * a small object on a 12-megapixel image is never scanned at full size.
 */
export interface CroppedMask {
  readonly bounds: Rect;
  readonly bits: Uint8Array;
  /** The same pixels as row spans with `bounds` their own, when the maker has them: taken as they are, no scan. */
  readonly region?: Region;
}

/** A full-image mask (row-major, non-zero = inside), a COCO RLE of the image's size, or a cropped mask. */
export type ProposalMask = Uint8Array | WireRle | CroppedMask;

function isCropped(mask: ProposalMask): mask is CroppedMask {
  return !(mask instanceof Uint8Array) && "bits" in mask;
}

/** The mask as row-major bits over a window of the image: the whole image, or a cropped mask's bounds. */
function maskWindow(mask: ProposalMask, width: number, height: number): { data: Uint8Array; area: Rect } {
  if (isCropped(mask)) {
    const { bounds: b, bits } = mask;
    if (b.x0 < 0 || b.y0 < 0 || b.x1 > width || b.y1 > height || b.x1 < b.x0 || b.y1 < b.y0) throw new Error("cropped proposal mask leaves the image");
    if (bits.length !== (b.x1 - b.x0) * (b.y1 - b.y0)) throw new Error(`cropped proposal mask has ${bits.length} pixels, its bounds ${(b.x1 - b.x0) * (b.y1 - b.y0)}`);
    return { data: bits, area: b };
  }
  if (mask instanceof Uint8Array) {
    if (mask.length !== width * height) throw new Error(`proposal mask has ${mask.length} pixels, the image ${width * height}`);
    return { data: mask, area: rect(0, 0, width, height) };
  }
  const out = new Uint8Array(width * height);
  decodeRle(mask, out, width, height, 1);
  return { data: out, area: rect(0, 0, width, height) };
}

/** Build the proposal (row spans, bounds, cropped bits) in one pass over the mask. Throws on a size mismatch. */
export function proposalFromMask(mask: ProposalMask, score: number, width: number, height: number): SegmentProposal {
  const { data, area } = maskWindow(mask, width, height);
  if (isCropped(mask) && mask.region && sameRect(mask.region.area > 0 ? mask.region.bounds : rect(0, 0, 0, 0), mask.bounds)) {
    return { score: clampScore(score), region: mask.region, bounds: mask.bounds, bits: mask.bits };
  }
  const builder = new RegionBuilder();
  const w0 = area.x1 - area.x0;
  for (let y = area.y0; y < area.y1; y++) {
    const row = (y - area.y0) * w0 - area.x0;
    let x = area.x0;
    while (x < area.x1) {
      if (data[row + x] === 0) {
        x++;
        continue;
      }
      const start = x;
      while (x < area.x1 && data[row + x] !== 0) x++;
      builder.add(y, start, x);
    }
  }
  const region = builder.build();
  const { bounds, bits } = croppedMaskOf(region);
  return { score: clampScore(score), region, bounds, bits };
}

/** The region as a mask cropped to its bounds (empty bounds at the origin when it is empty). */
export function croppedMaskOf(region: Region): Required<CroppedMask> {
  const bounds = region.area > 0 ? region.bounds : rect(0, 0, 0, 0);
  const w = bounds.x1 - bounds.x0;
  const bits = new Uint8Array(w * (bounds.y1 - bounds.y0));
  const s = region.spans;
  for (let i = 0; i < s.length; i += 3) {
    const from = (s[i] - bounds.y0) * w - bounds.x0;
    bits.fill(1, from + s[i + 1], from + s[i + 2]);
  }
  return { bounds, bits, region };
}

function clampScore(score: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(score) ? score : 0));
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x0 === b.x0 && a.y0 === b.y0 && a.x1 === b.x1 && a.y1 === b.y1;
}

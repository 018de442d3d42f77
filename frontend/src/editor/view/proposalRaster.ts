import type { SegmentProposal } from "../core/segmentProposal";
import { packRgba } from "./overlayStyle";

/** The proposal's look: a translucent fill no class colour uses, and a solid edge, so it never reads as a label. */
export const PROPOSAL_FILL = packRgba(0, 229, 255, 110);
export const PROPOSAL_EDGE = packRgba(255, 236, 0, 255);

/** Segment everything: a faint edge for every proposal (the hovered one is drawn with proposalPixels). */
export const PROPOSAL_OUTLINE = packRgba(255, 255, 255, 150);

/** Packed RGBA pixels of the proposal's bounds: only its edge pixels, in `color`. Pure. */
export function proposalOutlinePixels(proposal: SegmentProposal, color = PROPOSAL_OUTLINE): Uint32Array {
  return paintProposal(proposal, color, 0);
}

/**
 * Packed RGBA pixels of the proposal's bounds: inside pixels get the fill,
 * inside pixels with a 4-neighbour outside (or on the bounds) get the edge.
 * Pure: runs without a DOM.
 */
export function proposalPixels(proposal: SegmentProposal): Uint32Array {
  return paintProposal(proposal, PROPOSAL_EDGE, PROPOSAL_FILL);
}

/**
 * proposalPixels at a zoom where one screen pixel covers `step` x `step` image pixels: every step-th pixel of
 * every step-th row, edges found on that grid, so a large proposal on a 12-megapixel image rasterises only
 * what the screen shows. Pure.
 */
export function proposalPixelsSampled(proposal: SegmentProposal, step: number): { pixels: Uint32Array; width: number; height: number } {
  const { bounds, bits } = proposal;
  const w = bounds.x1 - bounds.x0;
  const h = bounds.y1 - bounds.y0;
  if (step <= 1) return { pixels: proposalPixels(proposal), width: w, height: h };
  const width = Math.ceil(w / step);
  const height = Math.ceil(h / step);
  const sampled = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = y * step * w;
    for (let x = 0; x < width; x++) sampled[y * width + x] = bits[from + x * step];
  }
  return { pixels: paintBits(sampled, width, height, PROPOSAL_EDGE, PROPOSAL_FILL), width, height };
}

function paintProposal(proposal: SegmentProposal, edgeColor: number, fillColor: number): Uint32Array {
  const { bounds, bits } = proposal;
  return paintBits(bits, bounds.x1 - bounds.x0, bounds.y1 - bounds.y0, edgeColor, fillColor);
}

function paintBits(bits: Uint8Array, w: number, h: number, edgeColor: number, fillColor: number): Uint32Array {
  const out = new Uint32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!bits[i]) continue;
      const edge = x === 0 || y === 0 || x === w - 1 || y === h - 1 || !bits[i - 1] || !bits[i + 1] || !bits[i - w] || !bits[i + w];
      out[i] = edge ? edgeColor : fillColor;
    }
  }
  return out;
}

import type { ImagePoint } from "./geometry";
import { type ProposalMask, type SegmentProposal, proposalFromMask } from "./segmentProposal";

/** One class-free proposal of "segment everything", as the app hands it over (a mask of the image's size and a score). */
export interface ProposalInput {
  readonly mask: ProposalMask;
  readonly score: number;
}

/** Build the proposals of an image (best first, as given); empty masks are dropped. Throws on a mask of another size. */
export function proposalsFromMasks(inputs: readonly ProposalInput[], width: number, height: number): SegmentProposal[] {
  return inputs.map((p) => proposalFromMask(p.mask, p.score, width, height)).filter((p) => p.region.area > 0);
}

/** Whether the proposal holds the pixel under `p`. */
export function proposalHolds(proposal: SegmentProposal, p: ImagePoint): boolean {
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  const b = proposal.bounds;
  if (x < b.x0 || y < b.y0 || x >= b.x1 || y >= b.y1) return false;
  return proposal.bits[(y - b.y0) * (b.x1 - b.x0) + (x - b.x0)] !== 0;
}

/**
 * The proposal under the pointer: its position in the list, -1 for none.
 * Proposals should not overlap; where they do, the smallest wins (a part
 * inside a whole stays reachable). A bounds check first, so the test costs
 * little per proposal even on a 12-megapixel image.
 */
export function proposalAt(proposals: readonly SegmentProposal[], p: ImagePoint): number {
  let best = -1;
  for (let i = 0; i < proposals.length; i++) {
    if (!proposalHolds(proposals[i], p)) continue;
    if (best < 0 || proposals[i].region.area < proposals[best].region.area) best = i;
  }
  return best;
}

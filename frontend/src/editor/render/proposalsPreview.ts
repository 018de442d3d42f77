import type { SegmentProposal } from "../core/segmentProposal";
import type { ProposalsPreview } from "../tools/proposalTool";
import { proposalOutlinePixels, proposalPixels } from "../view/proposalRaster";
import type { Viewport } from "../view/viewport";

/** A canvas holding `pixels` (packed RGBA): over the proposal's bounds, or `width` x `height` (a sampled raster). */
export function rasterCanvas(proposal: SegmentProposal, pixels: Uint32Array, width?: number, height?: number): HTMLCanvasElement {
  const { bounds } = proposal;
  const canvas = document.createElement("canvas");
  canvas.width = width ?? bounds.x1 - bounds.x0;
  canvas.height = height ?? bounds.y1 - bounds.y0;
  const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
  const image = ctx.createImageData(canvas.width, canvas.height);
  new Uint32Array(image.data.buffer).set(pixels);
  ctx.putImageData(image, 0, 0);
  return canvas;
}

/**
 * Segment everything on the interactive layer: each proposal's outline
 * (image pixels, one canvas per proposal made once) and the hovered one
 * filled like an auto-segment proposal.
 */
export class ProposalsPreviewLayer {
  private outlines = new WeakMap<SegmentProposal, HTMLCanvasElement>();
  private filled: { proposal: SegmentProposal; canvas: HTMLCanvasElement } | null = null;

  draw(ctx: CanvasRenderingContext2D, viewport: Viewport, ratio: number, preview: ProposalsPreview): void {
    ctx.save();
    ctx.setTransform(ratio * viewport.scale, 0, 0, ratio * viewport.scale, ratio * viewport.offsetX, ratio * viewport.offsetY);
    ctx.imageSmoothingEnabled = false;
    ctx.globalAlpha = 0.8;
    for (const proposal of preview.proposals) {
      if (proposal === preview.hovered) continue;
      let canvas = this.outlines.get(proposal);
      if (!canvas) {
        canvas = rasterCanvas(proposal, proposalOutlinePixels(proposal));
        this.outlines.set(proposal, canvas);
      }
      ctx.drawImage(canvas, proposal.bounds.x0, proposal.bounds.y0);
    }
    const hovered = preview.hovered;
    if (hovered) {
      if (this.filled?.proposal !== hovered) this.filled = { proposal: hovered, canvas: rasterCanvas(hovered, proposalPixels(hovered)) };
      ctx.globalAlpha = 1;
      ctx.drawImage(this.filled.canvas, hovered.bounds.x0, hovered.bounds.y0);
    }
    ctx.restore();
  }
}

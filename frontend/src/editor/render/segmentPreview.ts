import { type ImagePoint, imagePoint } from "../core/geometry";
import type { SegmentProposal } from "../core/segmentProposal";
import type { SegmentPreview } from "../tools/segmentTypes";
import { proposalPixelsSampled } from "../view/proposalRaster";
import { rasterCanvas } from "./proposalsPreview";
import type { Viewport } from "../view/viewport";

const POSITIVE = "#22c55e";
const NEGATIVE = "#ef4444";
const POINT_RADIUS_PX = 6;

/**
 * The auto-segment preview on the interactive layer: the proposed mask
 * (image pixels, cached as a canvas per proposal) under the scribbles (their
 * width in image pixels), the box and clicks (screen pixels, constant size at
 * any zoom).
 */
export class SegmentPreviewLayer {
  private cached: { proposal: SegmentProposal; step: number; canvas: HTMLCanvasElement } | null = null;

  draw(ctx: CanvasRenderingContext2D, viewport: Viewport, ratio: number, preview: SegmentPreview): void {
    if (preview.proposal && preview.proposal.region.area > 0) {
      const { bounds } = preview.proposal;
      ctx.save();
      ctx.setTransform(ratio * viewport.scale, 0, 0, ratio * viewport.scale, ratio * viewport.offsetX, ratio * viewport.offsetY);
      ctx.imageSmoothingEnabled = false;
      ctx.globalAlpha = preview.stale ? 0.45 : 1;
      // One raster pixel per screen pixel at most: zoomed out on a large image, only what the screen shows.
      const step = Math.max(1, Math.floor(1 / (ratio * viewport.scale)));
      const canvas = this.canvasOf(preview.proposal, step);
      ctx.drawImage(canvas, bounds.x0, bounds.y0, canvas.width * step, canvas.height * step);
      ctx.restore();
    }
    for (const s of preview.scribbles) {
      // Pixel coordinates: through the pixels' centres.
      strokeScribble(ctx, viewport, s.points.map(([x, y]) => imagePoint(x + 0.5, y + 0.5)), s.positive, s.radius, false);
    }
    if (preview.drawing) strokeScribble(ctx, viewport, preview.drawing.points, preview.drawing.positive, preview.drawing.radius, true);
    if (preview.box) {
      const [x, y, w, h] = preview.box;
      const a = viewport.toScreen(imagePoint(x, y));
      strokeBox(ctx, a.x, a.y, w * viewport.scale, h * viewport.scale, false);
    }
    if (preview.dragging) {
      const a = viewport.toScreen(preview.dragging.from);
      const b = viewport.toScreen(preview.dragging.to);
      strokeBox(ctx, Math.min(a.x, b.x), Math.min(a.y, b.y), Math.abs(b.x - a.x), Math.abs(b.y - a.y), true);
    }
    for (const p of preview.points) {
      // The centre of the clicked pixel.
      const c = viewport.toScreen(imagePoint(p.x + 0.5, p.y + 0.5));
      ctx.beginPath();
      ctx.arc(c.x, c.y, POINT_RADIUS_PX, 0, 2 * Math.PI);
      ctx.fillStyle = p.positive ? POSITIVE : NEGATIVE;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(c.x - 3, c.y);
      ctx.lineTo(c.x + 3, c.y);
      if (p.positive) {
        ctx.moveTo(c.x, c.y - 3);
        ctx.lineTo(c.x, c.y + 3);
      }
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }

  private canvasOf(proposal: SegmentProposal, step: number): HTMLCanvasElement {
    if (this.cached?.proposal === proposal && this.cached.step === step) return this.cached.canvas;
    const { pixels, width, height } = proposalPixelsSampled(proposal, step);
    const canvas = rasterCanvas(proposal, pixels, width, height);
    this.cached = { proposal, step, canvas };
    return canvas;
  }
}

/** A scribble as wide as it marks (2 × radius image pixels), green for object, red for background. */
function strokeScribble(ctx: CanvasRenderingContext2D, viewport: Viewport, points: readonly ImagePoint[], positive: boolean, radius: number, drawing: boolean): void {
  if (points.length === 0) return;
  const screen = points.map((p) => viewport.toScreen(p));
  ctx.save();
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(screen[0].x, screen[0].y);
  for (const p of screen.slice(1)) ctx.lineTo(p.x, p.y);
  if (screen.length === 1) ctx.lineTo(screen[0].x + 0.01, screen[0].y); // a dot
  ctx.globalAlpha = drawing ? 0.45 : 0.6;
  ctx.strokeStyle = positive ? POSITIVE : NEGATIVE;
  ctx.lineWidth = Math.max(2, 2 * radius * viewport.scale);
  ctx.stroke();
  // A thin dark core keeps the stroke visible on its own colour.
  ctx.globalAlpha = 0.7;
  ctx.strokeStyle = "rgba(0, 0, 0, 0.6)";
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.restore();
}

function strokeBox(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, dragging: boolean): void {
  ctx.lineWidth = 1.5;
  ctx.setLineDash([]);
  ctx.strokeStyle = "rgba(0, 0, 0, 0.8)";
  ctx.strokeRect(x, y, w, h);
  ctx.setLineDash(dragging ? [5, 4] : [6, 3]);
  ctx.strokeStyle = dragging ? "#ffffff" : "#ffec00";
  ctx.strokeRect(x, y, w, h);
  ctx.setLineDash([]);
}

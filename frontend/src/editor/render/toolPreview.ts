import type { ToolPreview } from "../tools/previews";
import type { Viewport } from "../view/viewport";

/** Draw the active tool's cursor or path on the interactive layer, in CSS pixels. */
export function drawToolPreview(ctx: CanvasRenderingContext2D, viewport: Viewport, preview: Exclude<ToolPreview, { kind: "segment" | "proposals" }>): void {
  if (preview.kind === "none") return;
  ctx.lineWidth = 1.5;
  if (preview.kind === "brush") {
    const c = viewport.toScreen(preview.center);
    ctx.beginPath();
    ctx.arc(c.x, c.y, Math.max(1, preview.radius * viewport.scale), 0, 2 * Math.PI);
    ctx.setLineDash(preview.erasing ? [4, 3] : []);
    ctx.strokeStyle = "rgba(0, 0, 0, 0.8)";
    ctx.stroke();
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
    ctx.lineWidth = 0.75;
    ctx.stroke();
    ctx.setLineDash([]);
    return;
  }
  const points = preview.points.map((p) => viewport.toScreen(p));
  if (points.length === 0) return;
  ctx.beginPath();
  ctx.moveTo(points[0].x, points[0].y);
  for (const p of points.slice(1)) ctx.lineTo(p.x, p.y);
  if (preview.hover) {
    const h = viewport.toScreen(preview.hover);
    ctx.lineTo(h.x, h.y);
  }
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = "#000000";
  ctx.stroke();
  ctx.setLineDash([]);
  // The first vertex: clicking it closes the path.
  ctx.beginPath();
  ctx.arc(points[0].x, points[0].y, 4, 0, 2 * Math.PI);
  ctx.fillStyle = "#ffffff";
  ctx.fill();
  ctx.strokeStyle = "#000000";
  ctx.stroke();
}

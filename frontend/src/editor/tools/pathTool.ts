import { type ImagePoint, distance } from "../core/geometry";
import { paintOp } from "../core/paintPolicy";
import { polygonBounds, polygonSpans } from "../core/raster";
import type { Tool, ToolHost } from "./tool";
import type { ToolPreview } from "./previews";

/** Screen pixels within which a click on the first vertex closes the path. */
const CLOSE_DISTANCE_PX = 8;
/** Screen pixels the pointer must move while pressed before the pen draws freehand. */
const DRAG_THRESHOLD_PX = 3;

type PathState =
  | { readonly kind: "idle" }
  /** Vertices placed; waiting for the next click. */
  | { readonly kind: "open"; readonly points: ImagePoint[] }
  /** Pointer pressed while a path is open: a click adds a vertex, a drag (pen) draws freehand. */
  | { readonly kind: "pressing"; readonly points: ImagePoint[]; readonly down: ImagePoint; dragging: boolean };

/**
 * Pen and polygon. Polygon: each click adds a vertex. Pen: clicks add straight
 * segments and drags add freehand segments. Closing the path (click on the first
 * vertex, double-click, Enter, or a pen drag released on the start) fills it
 * with even-odd scanline fill as one undo entry. Escape discards the path.
 */
export class PathTool implements Tool {
  readonly name: "pen" | "polygon";
  private state: PathState = { kind: "idle" };
  private hover: ImagePoint | null = null;

  constructor(
    private readonly host: ToolHost,
    freehand: boolean,
  ) {
    this.name = freehand ? "pen" : "polygon";
  }

  get busy(): boolean {
    return this.state.kind !== "idle";
  }

  get points(): readonly ImagePoint[] {
    return this.state.kind === "idle" ? [] : this.state.points;
  }

  pointerDown(p: ImagePoint): void {
    if (this.state.kind === "pressing") return;
    const points = this.state.kind === "open" ? this.state.points : [];
    if (points.length >= 3 && this.nearFirst(points, p)) {
      this.close(points);
      return;
    }
    if (points.length === 0) points.push(p);
    this.state = { kind: "pressing", points, down: p, dragging: false };
    this.host.previewChanged();
  }

  pointerMove(p: ImagePoint): void {
    this.hover = p;
    const state = this.state;
    if (state.kind === "pressing" && this.name === "pen") {
      const threshold = DRAG_THRESHOLD_PX * this.host.imagePixelsPerScreenPixel();
      if (!state.dragging && distance(p, state.down) >= threshold) {
        state.dragging = true;
        if (distance(state.points[state.points.length - 1], state.down) >= 0.5) state.points.push(state.down);
      }
      if (state.dragging && distance(p, state.points[state.points.length - 1]) >= 0.5) state.points.push(p);
    }
    this.host.previewChanged();
  }

  pointerUp(p: ImagePoint): void {
    const state = this.state;
    if (state.kind !== "pressing") return;
    const { points } = state;
    if (state.dragging) {
      if (distance(p, points[points.length - 1]) >= 0.5) points.push(p);
      if (points.length >= 3 && this.nearFirst(points, p)) {
        this.close(points);
        return;
      }
    } else if (distance(p, points[points.length - 1]) >= 0.5) {
      points.push(p);
    }
    this.state = { kind: "open", points };
    this.host.previewChanged();
  }

  doubleClick(): void {
    this.commit();
  }

  commit(): void {
    if (this.state.kind === "idle") return;
    const points = this.state.points;
    if (points.length >= 3) this.close(points);
  }

  cancel(): boolean {
    if (this.state.kind === "idle") return false;
    this.state = { kind: "idle" };
    this.host.previewChanged();
    return true;
  }

  preview(): ToolPreview {
    if (this.state.kind === "idle") return { kind: "none" };
    return { kind: "path", points: this.state.points, hover: this.hover };
  }

  private nearFirst(points: readonly ImagePoint[], p: ImagePoint): boolean {
    return distance(points[0], p) <= CLOSE_DISTANCE_PX * this.host.imagePixelsPerScreenPixel();
  }

  private close(points: readonly ImagePoint[]): void {
    this.state = { kind: "idle" };
    this.host.previewChanged();
    const target = this.host.paintTarget();
    if (!target) return;
    const tx = this.host.document.beginEdit();
    const op = paintOp(target.index, this.host.borderMode);
    const area = tx.paintSpans(polygonBounds(points), op, (sink) => polygonSpans(points, sink));
    if (area) this.host.document.sink.pixelsChanged(area);
    this.host.document.commitEdit(tx, this.name === "pen" ? "pen fill" : "polygon fill", target.created);
  }
}

import type { EditTransaction } from "../core/editTransaction";
import type { ImagePoint } from "../core/geometry";
import { type PaintOp, paintOp } from "../core/paintPolicy";
import { capsuleBounds, capsuleSpans } from "../core/raster";
import type { PaintTarget, Tool, ToolHost } from "./tool";
import type { ToolPreview } from "./previews";

type BrushState =
  | { readonly kind: "idle" }
  | { readonly kind: "stroking"; readonly tx: EditTransaction; readonly op: PaintOp; readonly target: PaintTarget | null; last: ImagePoint };

/**
 * Brush and eraser: a round stamp swept along the pointer path. One stroke
 * (pointer down to up) is one undo entry; Escape rolls it back.
 */
export class BrushTool implements Tool {
  readonly name: "brush" | "eraser";
  private state: BrushState = { kind: "idle" };
  private hover: ImagePoint | null = null;

  constructor(
    private readonly host: ToolHost,
    erasing: boolean,
  ) {
    this.name = erasing ? "eraser" : "brush";
  }

  get busy(): boolean {
    return this.state.kind === "stroking";
  }

  private get radius(): number {
    return Math.max(0.5, this.host.brushSize / 2);
  }

  pointerDown(p: ImagePoint): void {
    if (this.state.kind === "stroking") return;
    let target: PaintTarget | null = null;
    let op: PaintOp;
    if (this.name === "eraser") {
      op = paintOp(0, this.host.borderMode, this.host.selectedObject);
    } else {
      target = this.host.paintTarget();
      if (!target) return;
      op = paintOp(target.index, this.host.borderMode);
    }
    this.state = { kind: "stroking", tx: this.host.document.beginEdit(), op, target, last: p };
    this.stamp(p, p);
  }

  pointerMove(p: ImagePoint): void {
    this.hover = p;
    if (this.state.kind === "stroking") {
      this.stamp(this.state.last, p);
      this.state.last = p;
    }
    this.host.previewChanged();
  }

  pointerUp(p: ImagePoint): void {
    if (this.state.kind !== "stroking") return;
    if (p.x !== this.state.last.x || p.y !== this.state.last.y) this.stamp(this.state.last, p);
    const { tx, target } = this.state;
    this.state = { kind: "idle" };
    this.host.document.commitEdit(tx, this.name === "eraser" ? "erase" : "brush stroke", target?.created ?? []);
  }

  doubleClick(): void {}

  commit(): void {}

  cancel(): boolean {
    if (this.state.kind !== "stroking") return false;
    const { tx, target } = this.state;
    this.state = { kind: "idle" };
    const dirty = tx.rollback();
    if (dirty) this.host.document.sink.pixelsChanged(dirty);
    for (const command of [...(target?.created ?? [])].reverse()) command.undo();
    return true;
  }

  preview(): ToolPreview {
    if (!this.hover) return { kind: "none" };
    return { kind: "brush", center: this.hover, radius: this.radius, erasing: this.name === "eraser" };
  }

  private stamp(a: ImagePoint, b: ImagePoint): void {
    if (this.state.kind !== "stroking") return;
    const r = this.radius;
    const area = this.state.tx.paintSpans(capsuleBounds(a, b, r), this.state.op, (sink) => capsuleSpans(a, b, r, sink));
    if (area) this.host.document.sink.pixelsChanged(area);
  }
}

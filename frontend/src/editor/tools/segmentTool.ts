import { type ImagePoint, distance } from "../core/geometry";
import { paintOp } from "../core/paintPolicy";
import { type Vertex, thinPolyline } from "../core/polyline";
import { type ProposalMask, type SegmentProposal, proposalFromMask } from "../core/segmentProposal";
import type { PointerModifiers, Tool, ToolHost, ToolPreview } from "./tool";
import {
  MAX_SCRIBBLES,
  MAX_SCRIBBLE_POINTS,
  MAX_SCRIBBLE_RADIUS,
  MIN_SCRIBBLE_RADIUS,
  type SegmentBox,
  type SegmentMode,
  type SegmentPoint,
  type SegmentRequest,
  type SegmentScribble,
  type SegmentState,
} from "./segmentTypes";

/** Screen pixels the pointer must move while pressed before a press becomes a drag (box or scribble). */
const DRAG_THRESHOLD_PX = 4;
/** Thinning a scribble drops vertices that lie within this many image pixels of the kept line. */
const THIN_TOLERANCE = 1;
/** A dragged box thinner than this (image pixels) is taken as a click. */
const MIN_BOX_SIDE = 2;

/** One prompt, in the order they were given: Ctrl+Z drops the newest. */
type Prompt =
  | { readonly kind: "box"; readonly box: SegmentBox }
  | { readonly kind: "point"; readonly point: SegmentPoint }
  | { readonly kind: "scribble"; readonly scribble: SegmentScribble };

interface Pressing {
  readonly down: ImagePoint;
  readonly negative: boolean;
  /** The mode when the press began: what a drag draws. */
  readonly mode: SegmentMode;
  current: ImagePoint;
  /** Moved past the threshold: a box or scribble, not a click. */
  dragging: boolean;
  /** Scribble mode: every position since the press. */
  readonly path: ImagePoint[];
}

/** Half the brush size, within what the backend accepts. */
export function scribbleRadius(brushSize: number): number {
  return Math.min(MAX_SCRIBBLE_RADIUS, Math.max(MIN_SCRIBBLE_RADIUS, brushSize / 2));
}

/**
 * Auto-segment: prompts in, a proposed mask out, accepted as one undo entry.
 * A click adds a positive point, shift/alt+click (or a right-click) a negative
 * one. A drag draws a box in "box" mode, a scribble in "scribble" mode
 * (shift/alt+drag: a background scribble; width = the brush size). The tool
 * never calls the network: each change of prompts is emitted as a request,
 * and the app answers with setProposal(mask, score, requestId). Enter paints
 * the proposal into the selected object (or a new one of the active class)
 * with the border mode; Escape drops prompts and proposal. Prompts and
 * proposal are never in undo, but Ctrl+Z removes the newest prompt (of any
 * kind) while there are any.
 */
export class SegmentTool implements Tool {
  readonly name = "segment";
  private mode: SegmentMode = "box";
  private prompts: Prompt[] = [];
  private pressing: Pressing | null = null;
  private proposal: SegmentProposal | null = null;
  private requestId = 0;
  private awaiting = false;

  constructor(private readonly host: ToolHost) {}

  get busy(): boolean {
    return this.pressing !== null || this.prompts.length > 0;
  }

  get state(): SegmentState {
    const proposal = this.proposal ? { score: this.proposal.score, area: this.proposal.region.area } : null;
    return {
      mode: this.mode,
      box: this.box,
      points: this.points,
      scribbles: this.scribbles,
      requestId: this.requestId,
      awaiting: this.awaiting,
      proposal,
    };
  }

  /** Box or scribble drags; the prompts so far stay. */
  setMode(mode: SegmentMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.changed();
  }

  pointerDown(p: ImagePoint, modifiers: PointerModifiers = {}): void {
    if (this.pressing) return;
    this.pressing = { down: p, current: p, negative: Boolean(modifiers.shift || modifiers.alt), mode: this.mode, dragging: false, path: [p] };
  }

  pointerMove(p: ImagePoint): void {
    const pressing = this.pressing;
    if (!pressing) return;
    pressing.current = p;
    if (pressing.mode === "scribble") pressing.path.push(p);
    if (!pressing.dragging && distance(p, pressing.down) >= DRAG_THRESHOLD_PX * this.host.imagePixelsPerScreenPixel()) {
      // In box mode a negative press never draws a box: it stays a background click.
      pressing.dragging = pressing.mode === "scribble" || !pressing.negative;
    }
    if (pressing.dragging) this.host.previewChanged();
  }

  pointerUp(p: ImagePoint): void {
    const pressing = this.pressing;
    if (!pressing) return;
    this.pressing = null;
    let added: Prompt | null;
    if (!pressing.dragging) added = this.pointAt(pressing.down, !pressing.negative);
    else if (pressing.mode === "box") added = this.boxBetween(pressing.down, p);
    else added = this.scribbleAlong([...pressing.path, p], !pressing.negative);
    if (!added && pressing.dragging && pressing.mode === "box") added = this.pointAt(pressing.down, true); // too thin for a box
    if (!added) {
      this.host.previewChanged();
      return;
    }
    if (added.kind === "box") this.prompts = this.prompts.filter((q) => q.kind !== "box"); // one box: the new one replaces it
    this.prompts.push(added);
    this.promptsChanged();
  }

  secondaryClick(p: ImagePoint): void {
    const point = this.pointAt(p, false);
    if (!point) return;
    this.prompts.push(point);
    this.promptsChanged();
  }

  doubleClick(): void {}

  /** Enter: paint the proposal, once it answers the newest prompts (never an outdated one). */
  commit(): boolean {
    const proposal = this.proposal;
    if (!proposal || this.awaiting) return false;
    const target = proposal.region.area > 0 ? this.host.paintTarget() : null;
    if (proposal.region.area > 0 && !target) return false; // no class to create an object of: keep the proposal
    this.reset();
    if (target) this.host.document.paintRegion(proposal.region, paintOp(target.index, this.host.borderMode), "auto-segment", target.created);
    return true;
  }

  /** Escape: drop prompts and proposal. */
  cancel(): boolean {
    if (this.prompts.length === 0 && !this.proposal && !this.pressing) return false;
    this.reset();
    return true;
  }

  /** Ctrl+Z: drop the newest prompt, whatever its kind. */
  undoStep(): boolean {
    if (!this.prompts.pop()) return false;
    this.promptsChanged();
    return true;
  }

  /**
   * The app's answer to request `requestId` (omit it to show the mask for the current prompts).
   * Returns false when the answer is stale (newer prompts, or none any more).
   */
  setProposal(mask: ProposalMask, score: number, requestId?: number): boolean {
    if (this.prompts.length === 0 || (requestId !== undefined && requestId !== this.requestId)) return false;
    const { width, height } = this.host.document.map;
    this.proposal = proposalFromMask(mask, score, width, height);
    this.awaiting = false;
    this.changed();
    return true;
  }

  /** The request failed (the app shows why): stop waiting, keep the last proposal. */
  rejectRequest(requestId: number): void {
    if (requestId !== this.requestId || !this.awaiting) return;
    this.awaiting = false;
    this.changed();
  }

  /** Emit the current prompts again (e.g. the backend changed). Null when they cannot make a mask. */
  request(): SegmentRequest | null {
    const { box, points, scribbles } = this;
    const hasPositive = box !== null || points.some((p) => p.positive) || scribbles.some((s) => s.positive);
    if (!hasPositive) return null;
    const request: SegmentRequest = {
      id: ++this.requestId,
      box,
      points: points.map((p) => [p.x, p.y, p.positive ? 1 : 0] as const),
      ...(scribbles.length > 0 && {
        scribbles: scribbles.map((s) => ({ points: s.points, label: s.positive ? (1 as const) : (0 as const), radius: s.radius })),
      }),
    };
    this.awaiting = true;
    this.host.segmentRequested(request);
    return request;
  }

  preview(): ToolPreview {
    const pressing = this.pressing?.dragging ? this.pressing : null;
    const dragging = pressing?.mode === "box" ? { from: pressing.down, to: pressing.current } : null;
    const drawing =
      pressing?.mode === "scribble" ? { points: pressing.path, positive: !pressing.negative, radius: scribbleRadius(this.host.brushSize) } : null;
    if (this.prompts.length === 0 && !this.proposal && !pressing) return { kind: "none" };
    return {
      kind: "segment",
      box: this.box,
      dragging,
      drawing,
      points: this.points,
      scribbles: this.scribbles,
      proposal: this.proposal,
      stale: this.awaiting,
    };
  }

  private get box(): SegmentBox | null {
    for (const q of this.prompts) if (q.kind === "box") return q.box;
    return null;
  }

  private get points(): SegmentPoint[] {
    return this.prompts.flatMap((q) => (q.kind === "point" ? [q.point] : []));
  }

  private get scribbles(): SegmentScribble[] {
    return this.prompts.flatMap((q) => (q.kind === "scribble" ? [q.scribble] : []));
  }

  private promptsChanged(): void {
    if (!this.request()) {
      // Only background prompts so far: nothing to segment yet.
      this.proposal = null;
      this.awaiting = false;
    }
    this.changed();
  }

  private changed(): void {
    this.host.previewChanged();
    this.host.segmentChanged(this.state);
  }

  private reset(): void {
    this.prompts = [];
    this.pressing = null;
    this.proposal = null;
    this.awaiting = false;
    this.changed();
  }

  /** The pixel under p, or null outside the image (the backend refuses such prompts). */
  private pointAt(p: ImagePoint, positive: boolean): Prompt | null {
    const { width, height } = this.host.document.map;
    const x = Math.floor(p.x);
    const y = Math.floor(p.y);
    if (x < 0 || y < 0 || x >= width || y >= height) return null;
    return { kind: "point", point: { x, y, positive } };
  }

  /** The pixels the drag covers, clipped to the image; null when too thin to be a box. */
  private boxBetween(a: ImagePoint, b: ImagePoint): Prompt | null {
    const { width, height } = this.host.document.map;
    const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x)));
    const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y)));
    const x1 = Math.min(width, Math.ceil(Math.max(a.x, b.x)));
    const y1 = Math.min(height, Math.ceil(Math.max(a.y, b.y)));
    if (x1 - x0 < MIN_BOX_SIDE || y1 - y0 < MIN_BOX_SIDE) return null;
    return { kind: "box", box: [x0, y0, x1 - x0, y1 - y0] };
  }

  /**
   * The stroke as pixels clamped into the image (a stroke leaving the image
   * runs along its edge), thinned; null when it never touched the image or
   * the backend's scribble limit is reached.
   */
  private scribbleAlong(path: readonly ImagePoint[], positive: boolean): Prompt | null {
    if (this.scribbles.length >= MAX_SCRIBBLES) return null;
    const { width, height } = this.host.document.map;
    if (!path.some((p) => p.x >= 0 && p.y >= 0 && p.x < width && p.y < height)) return null;
    const pixels: Vertex[] = path.map((p) => [
      Math.min(width - 1, Math.max(0, Math.floor(p.x))),
      Math.min(height - 1, Math.max(0, Math.floor(p.y))),
    ]);
    const radius = scribbleRadius(this.host.brushSize);
    const points = thinPolyline(pixels, THIN_TOLERANCE, MAX_SCRIBBLE_POINTS);
    return { kind: "scribble", scribble: { points, positive, radius } };
  }
}

import { type ImagePoint, distance } from "../core/geometry";
import { paintOp } from "../core/paintPolicy";
import { type ProposalMask, type SegmentProposal, proposalFromMask } from "../core/segmentProposal";
import type { PointerModifiers, Tool, ToolHost, ToolPreview } from "./tool";
import type { SegmentBox, SegmentPoint, SegmentRequest, SegmentState } from "./segmentTypes";

/** Screen pixels the pointer must move while pressed before a press becomes a box drag. */
const DRAG_THRESHOLD_PX = 4;
/** A dragged box thinner than this (image pixels) is taken as a click. */
const MIN_BOX_SIDE = 2;

interface Pressing {
  readonly down: ImagePoint;
  readonly negative: boolean;
  current: ImagePoint;
  dragging: boolean;
}

/**
 * Auto-segment: prompts in, a proposed mask out, accepted as one undo entry.
 * Drag draws a box, click adds a positive point, shift/alt+click (or a
 * right-click) a negative one. The tool never calls the network: each change
 * of prompts is emitted as a request, and the app answers with
 * setProposal(mask, score, requestId). Enter paints the proposal into the
 * selected object (or a new one of the active class) with the border mode;
 * Escape drops prompts and proposal. Prompts and proposal are never in undo,
 * but Ctrl+Z removes the newest prompt while there are any.
 */
export class SegmentTool implements Tool {
  readonly name = "segment";
  private box: SegmentBox | null = null;
  private points: SegmentPoint[] = [];
  private pressing: Pressing | null = null;
  private proposal: SegmentProposal | null = null;
  private requestId = 0;
  private awaiting = false;

  constructor(private readonly host: ToolHost) {}

  get busy(): boolean {
    return this.pressing !== null || this.hasPrompts;
  }

  get state(): SegmentState {
    const proposal = this.proposal ? { score: this.proposal.score, area: this.proposal.region.area } : null;
    return { box: this.box, points: [...this.points], requestId: this.requestId, awaiting: this.awaiting, proposal };
  }

  private get hasPrompts(): boolean {
    return this.box !== null || this.points.length > 0;
  }

  pointerDown(p: ImagePoint, modifiers: PointerModifiers = {}): void {
    if (this.pressing) return;
    this.pressing = { down: p, current: p, negative: Boolean(modifiers.shift || modifiers.alt), dragging: false };
  }

  pointerMove(p: ImagePoint): void {
    const pressing = this.pressing;
    if (!pressing) return;
    pressing.current = p;
    if (!pressing.dragging && distance(p, pressing.down) >= DRAG_THRESHOLD_PX * this.host.imagePixelsPerScreenPixel()) {
      pressing.dragging = !pressing.negative; // a negative press never draws a box
    }
    if (pressing.dragging) this.host.previewChanged();
  }

  pointerUp(p: ImagePoint): void {
    const pressing = this.pressing;
    if (!pressing) return;
    this.pressing = null;
    const box = pressing.dragging ? this.boxBetween(pressing.down, p) : null;
    if (box) this.box = box;
    else if (!this.addPoint(pressing.down, !pressing.negative)) {
      this.host.previewChanged();
      return;
    }
    this.promptsChanged();
  }

  secondaryClick(p: ImagePoint): void {
    if (this.addPoint(p, false)) this.promptsChanged();
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
    if (!this.hasPrompts && !this.proposal && !this.pressing) return false;
    this.reset();
    return true;
  }

  undoStep(): boolean {
    if (this.points.length > 0) this.points.pop();
    else if (this.box) this.box = null;
    else return false;
    this.promptsChanged();
    return true;
  }

  /**
   * The app's answer to request `requestId` (omit it to show the mask for the current prompts).
   * Returns false when the answer is stale (newer prompts, or none any more).
   */
  setProposal(mask: ProposalMask, score: number, requestId?: number): boolean {
    if (!this.hasPrompts || (requestId !== undefined && requestId !== this.requestId)) return false;
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
    const hasPositive = this.box !== null || this.points.some((p) => p.positive);
    if (!hasPositive) return null;
    const request: SegmentRequest = {
      id: ++this.requestId,
      box: this.box,
      points: this.points.map((p) => [p.x, p.y, p.positive ? 1 : 0] as const),
    };
    this.awaiting = true;
    this.host.segmentRequested(request);
    return request;
  }

  preview(): ToolPreview {
    const dragging = this.pressing?.dragging ? { from: this.pressing.down, to: this.pressing.current } : null;
    if (!this.hasPrompts && !this.proposal && !dragging) return { kind: "none" };
    return { kind: "segment", box: this.box, dragging, points: this.points, proposal: this.proposal, stale: this.awaiting };
  }

  private promptsChanged(): void {
    if (!this.request()) {
      // Only negative clicks so far: nothing to segment yet.
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
    this.box = null;
    this.points = [];
    this.pressing = null;
    this.proposal = null;
    this.awaiting = false;
    this.changed();
  }

  /** The pixel under p, or null outside the image (the backend refuses such prompts). */
  private addPoint(p: ImagePoint, positive: boolean): boolean {
    const { width, height } = this.host.document.map;
    const x = Math.floor(p.x);
    const y = Math.floor(p.y);
    if (x < 0 || y < 0 || x >= width || y >= height) return false;
    this.points.push({ x, y, positive });
    return true;
  }

  /** The pixels the drag covers, clipped to the image; null when too thin to be a box. */
  private boxBetween(a: ImagePoint, b: ImagePoint): SegmentBox | null {
    const { width, height } = this.host.document.map;
    const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x)));
    const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y)));
    const x1 = Math.min(width, Math.ceil(Math.max(a.x, b.x)));
    const y1 = Math.min(height, Math.ceil(Math.max(a.y, b.y)));
    if (x1 - x0 < MIN_BOX_SIDE || y1 - y0 < MIN_BOX_SIDE) return null;
    return [x0, y0, x1 - x0, y1 - y0];
  }
}

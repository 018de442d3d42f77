import type { ImagePoint } from "../core/geometry";
import { paintOp } from "../core/paintPolicy";
import { type ProposalMask, type SegmentProposal, proposalFromMask } from "../core/segmentProposal";
import type { ToolPreview } from "./previews";
import { type Press, movePress, pressPreview, releasePress, startPress } from "./segmentPress";
import { type Prompt, pointAt, promptLists, requestBody, scribbleRadius, withPrompt } from "./segmentPrompts";
import type { SegmentMode, SegmentRequest, SegmentSink, SegmentState } from "./segmentTypes";
import type { PointerModifiers, Tool, ToolHost } from "./tool";

/** Screen pixels the pointer must move while pressed before a press becomes a drag (box or scribble). */
const DRAG_THRESHOLD_PX = 4;

/** The prompts given so far (never none: that is the idle state) and where their request stands. */
interface Session {
  readonly prompts: readonly Prompt[];
  /** The request these prompts were sent as; null while none of them is positive (nothing to segment yet). */
  readonly request: { readonly id: number; readonly awaiting: boolean } | null;
  /** The shown answer and the request it answered: an older one while `request` is awaited (drawn as stale). */
  readonly shown: { readonly proposal: SegmentProposal; readonly requestId: number } | null;
}

type SegmentToolState =
  | { readonly kind: "idle" }
  | { readonly kind: "prompting"; readonly session: Session }
  /** The pointer is down: on release, a click or drag adds a prompt to `session` (null: the first prompt). */
  | { readonly kind: "pressing"; readonly press: Press; readonly session: Session | null };

/**
 * Auto-segment: prompts in, a proposed mask out, accepted as one undo entry.
 * A click adds a positive point, shift/alt+click (or a right-click) a negative
 * one. A drag draws a box in "box" mode, a scribble in "scribble" mode
 * (shift/alt+drag: a background scribble; width = the brush size). The tool
 * never calls the network: each change of prompts goes to the sink as a
 * request, and the app answers with setProposal(mask, score, requestId). Enter
 * paints the proposal into the selected object (or a new one of the active
 * class) with the border mode; Escape drops prompts and proposal. Prompts and
 * proposal are never in undo, but Ctrl+Z removes the newest prompt (of any
 * kind) while there are any.
 */
export class SegmentTool implements Tool {
  readonly name = "segment";
  /** A setting, not a state: it outlives Escape and accepting. */
  private mode: SegmentMode = "box";
  private state: SegmentToolState = { kind: "idle" };
  /** Ids never repeat, so an answer to an earlier session is never taken for the current one. */
  private lastRequestId = 0;
  /** The pixel and sign last hovered (one hover per pixel), "" after a press. */
  private hovered = "";

  constructor(
    private readonly host: ToolHost,
    private readonly sink: SegmentSink,
  ) {}

  get busy(): boolean {
    return this.state.kind !== "idle";
  }

  /** What the UI shows: prompts, whether an answer is awaited, and the proposal's score and area. */
  get segmentState(): SegmentState {
    const session = this.session;
    const shown = session?.shown?.proposal;
    return {
      mode: this.mode,
      ...promptLists(session?.prompts ?? []),
      requestId: this.lastRequestId,
      awaiting: session?.request?.awaiting ?? false,
      proposal: shown ? { score: shown.score, area: shown.region.area } : null,
    };
  }

  /** Box or scribble drags; the prompts so far stay. */
  setMode(mode: SegmentMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.changed();
  }

  pointerDown(p: ImagePoint, modifiers: PointerModifiers = {}): void {
    if (this.state.kind === "pressing") return;
    this.hovered = "";
    this.state = { kind: "pressing", press: startPress(p, modifiers, this.mode), session: this.session };
  }

  pointerMove(p: ImagePoint, modifiers: PointerModifiers = {}): void {
    if (this.state.kind !== "pressing") {
      this.hover(p, modifiers);
      return;
    }
    if (movePress(this.state.press, p, DRAG_THRESHOLD_PX * this.host.imagePixelsPerScreenPixel())) this.host.previewChanged();
  }

  pointerUp(p: ImagePoint): void {
    if (this.state.kind !== "pressing") return;
    const { press, session } = this.state;
    this.state = session ? { kind: "prompting", session } : { kind: "idle" };
    const prompts = session?.prompts ?? [];
    const scribbles = prompts.filter((q) => q.kind === "scribble").length;
    const added = releasePress(press, p, { size: this.host.document.map, radius: scribbleRadius(this.host.brushSize), scribbles });
    if (added) this.promptsChanged(withPrompt(prompts, added));
    else this.host.previewChanged();
  }

  secondaryClick(p: ImagePoint): void {
    const point = pointAt(this.host.document.map, p, false);
    if (point) this.promptsChanged([...(this.session?.prompts ?? []), point]);
  }

  doubleClick(): void {}

  /** Enter: paint the proposal, once it answers the newest prompts (never an outdated one). */
  commit(): boolean {
    const session = this.session;
    const proposal = session?.shown?.proposal;
    if (!proposal || session.request?.awaiting) return false;
    const target = proposal.region.area > 0 ? this.host.paintTarget() : null;
    if (proposal.region.area > 0 && !target) return false; // no class to create an object of: keep the proposal
    this.reset();
    if (target) this.host.document.paintRegion(proposal.region, paintOp(target.index, this.host.borderMode), "auto-segment", target.created);
    return true;
  }

  /** Escape: drop prompts and proposal. */
  cancel(): boolean {
    if (this.state.kind === "idle") return false;
    this.reset();
    return true;
  }

  /** Ctrl+Z: drop the newest prompt, whatever its kind. */
  undoStep(): boolean {
    const session = this.session;
    if (!session) return false;
    this.promptsChanged(session.prompts.slice(0, -1));
    return true;
  }

  /**
   * The app's answer to request `requestId` (omit it to show the mask for the current prompts).
   * Returns false when the answer is stale (newer prompts, or none any more). Throws on a mask of another size.
   */
  setProposal(mask: ProposalMask, score: number, requestId?: number): boolean {
    const session = this.session;
    if (!session || (requestId !== undefined && requestId !== session.request?.id)) return false;
    const { width, height } = this.host.document.map;
    const proposal = proposalFromMask(mask, score, width, height);
    const request = session.request && { id: session.request.id, awaiting: false };
    this.setSession({ ...session, request, shown: { proposal, requestId: requestId ?? this.lastRequestId } });
    this.changed();
    return true;
  }

  /** The request failed (the app shows why): stop waiting, keep the last proposal. */
  rejectRequest(requestId: number): void {
    const session = this.session;
    if (!session?.request?.awaiting || session.request.id !== requestId) return;
    this.setSession({ ...session, request: { id: requestId, awaiting: false } });
    this.changed();
  }

  /** Send the current prompts again (e.g. the backend changed). Null when they cannot make a mask. */
  request(): SegmentRequest | null {
    const session = this.session;
    const body = session && requestBody(session.prompts, session.shown?.requestId);
    if (!session || !body) return null;
    const request: SegmentRequest = { id: ++this.lastRequestId, ...body };
    this.setSession({ ...session, request: { id: request.id, awaiting: true } });
    this.sink.requested(request);
    return request;
  }

  preview(): ToolPreview {
    const session = this.session;
    const press = this.state.kind === "pressing" && this.state.press.dragging ? this.state.press : null;
    if (!session && !press) return { kind: "none" };
    return {
      kind: "segment",
      ...promptLists(session?.prompts ?? []),
      ...pressPreview(press, scribbleRadius(this.host.brushSize)),
      proposal: session?.shown?.proposal ?? null,
      stale: session?.request?.awaiting ?? false,
    };
  }

  /** Tell the sink what a click on this pixel would request, so a decoder in the browser can run it ahead. */
  private hover(p: ImagePoint, modifiers: PointerModifiers): void {
    if (!this.sink.hovered) return;
    const point = pointAt(this.host.document.map, p, !(modifiers.shift || modifiers.alt));
    const key = point?.kind === "point" ? `${point.point.x},${point.point.y},${point.point.positive}` : "";
    if (!point || key === this.hovered) return;
    this.hovered = key;
    const session = this.session;
    const body = requestBody(withPrompt(session?.prompts ?? [], point), session?.shown?.requestId);
    if (body) this.sink.hovered(body);
  }

  private get session(): Session | null {
    return this.state.kind === "idle" ? null : this.state.session;
  }

  /** Replace the session; a press in progress goes on. */
  private setSession(session: Session | null): void {
    if (this.state.kind === "pressing") this.state = { ...this.state, session };
    else this.state = session ? { kind: "prompting", session } : { kind: "idle" };
  }

  /** New prompts: ask for a proposal, keeping the shown one (as stale) until the answer comes. */
  private promptsChanged(prompts: readonly Prompt[]): void {
    const session: Session | null = prompts.length > 0 ? { prompts, request: null, shown: this.session?.shown ?? null } : null;
    this.setSession(session);
    if (session && !this.request()) this.setSession({ ...session, shown: null }); // only background prompts: nothing to segment yet
    this.changed();
  }

  private changed(): void {
    this.host.previewChanged();
    this.sink.changed(this.segmentState);
  }

  private reset(): void {
    this.state = { kind: "idle" };
    this.changed();
  }
}

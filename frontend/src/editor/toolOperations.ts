import type { Emitter } from "./core/emitter";
import type { ImagePoint } from "./core/geometry";
import type { LabelDocument } from "./core/labelDocument";
import type { BorderMode } from "./core/paintPolicy";
import type { RgbaImage } from "./core/regionOps";
import type { ProposalMask } from "./core/segmentProposal";
import { MAX_BRUSH_SIZE, MIN_BRUSH_SIZE, type EditorEvents, type ToolState } from "./editorTypes";
import { type Tools, createTools } from "./tools/createTools";
import type { ToolPreview } from "./tools/previews";
import type { ProposalInput } from "./core/proposalSet";
import type { ProposalHost, ProposalsState } from "./tools/proposalTool";
import type { SegmentMode, SegmentRequest, SegmentState } from "./tools/segmentTypes";
import type { PaintTarget, PointerModifiers, Tool, ToolName } from "./tools/tool";

/** What the tools read from the rest of the editor. */
export interface ToolSurroundings {
  readonly document: LabelDocument;
  readonly events: Emitter<EditorEvents>;
  selectedObject(): number;
  paintTarget(): PaintTarget | null;
  /** A new object of the active class, whatever is selected. */
  newObjectTarget(): PaintTarget | null;
  /** The view's image pixels, or null when headless. */
  readImagePixels(): RgbaImage | null;
  imagePixelsPerScreenPixel(): number;
  redraw(): void;
}

/**
 * The Editor's tool collaborator: the active tool and the settings tools
 * share (brush size, border mode, wand tolerance), pointer input routed to
 * the active tool, and the auto-segment tool's requests and answers.
 */
export class ToolOperations {
  private readonly tools: Tools;
  private active: Tool;
  private size = 10;
  private mode: BorderMode = "over";
  private tolerance = 24;
  private imageRgba: RgbaImage | null = null;

  constructor(private readonly surroundings: ToolSurroundings) {
    const { events } = surroundings;
    this.tools = createTools(this.host(), {
      requested: (request) => events.emit("segmentRequest", request),
      changed: (state) => events.emit("segment", state),
      hovered: (body) => events.emit("segmentHover", body),
    }, { changed: (state) => events.emit("proposals", state) });
    this.active = this.tools.brush;
  }

  get tool(): ToolName {
    return this.active.name;
  }

  get brushSize(): number {
    return this.size;
  }

  get borderMode(): BorderMode {
    return this.mode;
  }

  get toolState(): ToolState {
    return { tool: this.active.name, brushSize: this.size, borderMode: this.mode, wandTolerance: this.tolerance, busy: this.active.busy };
  }

  get toolPreview(): ToolPreview {
    return this.active.preview();
  }

  get segmentState(): SegmentState {
    return this.tools.segment.segmentState;
  }

  get proposalsState(): ProposalsState {
    return this.tools.proposals.state;
  }

  setProposals(proposals: readonly ProposalInput[] | null): void {
    this.tools.proposals.setProposals(proposals);
  }

  acceptProposal(index: number, addToSelected?: boolean): boolean {
    const accepted = this.tools.proposals.accept(index, addToSelected);
    this.emitTool();
    return accepted;
  }

  /** The image's pixels for the magic wand; null forgets them (a view attached later reads its own). */
  setImagePixels(image: RgbaImage | null): void {
    this.imageRgba = image;
  }

  setTool(name: ToolName): void {
    if (this.active.name === name) return;
    this.active.cancel();
    this.active = this.tools[name];
    this.emitTool();
    this.surroundings.redraw();
  }

  setBrushSize(px: number): void {
    this.size = Math.round(Math.min(MAX_BRUSH_SIZE, Math.max(MIN_BRUSH_SIZE, px)));
    this.emitTool();
    this.surroundings.redraw();
  }

  setBorderMode(mode: BorderMode): void {
    this.mode = mode;
    this.emitTool();
  }

  setWandTolerance(tolerance: number): void {
    this.tolerance = Math.min(255, Math.max(0, Math.round(tolerance)));
    this.emitTool();
  }

  pointerDown(p: ImagePoint, modifiers?: PointerModifiers): void {
    this.active.pointerDown(p, modifiers);
    this.emitTool();
  }

  pointerMove(p: ImagePoint, modifiers?: PointerModifiers): void {
    this.active.pointerMove(p, modifiers);
  }

  pointerUp(p: ImagePoint): void {
    this.active.pointerUp(p);
    this.emitTool();
  }

  secondaryClick(p: ImagePoint): void {
    this.active.secondaryClick?.(p);
    this.emitTool();
  }

  doubleClick(p: ImagePoint): void {
    this.active.doubleClick(p);
    this.emitTool();
  }

  setSegmentProposal(mask: ProposalMask, score: number, requestId?: number): boolean {
    return this.tools.segment.setProposal(mask, score, requestId);
  }

  rejectSegmentRequest(requestId: number): void {
    this.tools.segment.rejectRequest(requestId);
  }

  requestSegment(): SegmentRequest | null {
    return this.tools.segment.request();
  }

  setSegmentMode(mode: SegmentMode): void {
    this.tools.segment.setMode(mode);
  }

  toggleScribbleMode(): void {
    const on = this.active.name !== "segment" || this.segmentState.mode !== "scribble";
    this.setTool("segment");
    this.setSegmentMode(on ? "scribble" : "box");
  }

  acceptSegment(): boolean {
    const accepted = this.tools.segment.commit();
    this.emitTool();
    return accepted;
  }

  cancel(): boolean {
    const cancelled = this.active.cancel();
    if (cancelled) this.emitTool();
    return cancelled;
  }

  commitPath(): void {
    this.active.commit();
    this.emitTool();
  }

  /** Ctrl+Z goes to the active tool first (auto-segment drops a prompt). Returns whether the tool took it. */
  undoStep(): boolean {
    return this.active.undoStep?.() ?? false;
  }

  private host(): ProposalHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const tools = this;
    const { surroundings } = this;
    return {
      document: surroundings.document,
      get brushSize() { return tools.size; },
      get borderMode() { return tools.mode; },
      get wandTolerance() { return tools.tolerance; },
      get selectedObject() { return surroundings.selectedObject(); },
      paintTarget: () => surroundings.paintTarget(),
      newObjectTarget: () => surroundings.newObjectTarget(),
      imagePixels: () => (this.imageRgba ??= surroundings.readImagePixels()),
      imagePixelsPerScreenPixel: () => surroundings.imagePixelsPerScreenPixel(),
      previewChanged: () => surroundings.redraw(),
    };
  }

  private emitTool(): void {
    this.surroundings.events.emit("tool", this.toolState);
  }
}

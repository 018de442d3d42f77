import type { ImagePoint, Rect } from "./core/geometry";
import { type KeyBinding, type KeyInput, matchKey } from "./core/keymap";
import { type DocumentListener, LabelDocument } from "./core/labelDocument";
import type { BorderMode } from "./core/paintPolicy";
import type { RgbaImage } from "./core/regionOps";
import type { ProposalMask } from "./core/segmentProposal";
import { ProductiveTimeTracker } from "./core/timeTracker";
import { MAX_BRUSH_SIZE, MIN_BRUSH_SIZE, type EditorOptions, type HistoryState, type ToolState } from "./editorTypes";
import { type LabelBody, type LabelResponse, labelObjectsFromResponse, toLabelBody } from "./io/labelBody";
import { performKeyAction } from "./keyActions";
import { type EditorImage, imageSize } from "./render/imageSource";
import type { InputOptions } from "./render/inputController";
import { mountCanvasView } from "./render/mount";
import { createTools } from "./tools/createTools";
import type { SegmentMode, SegmentRequest, SegmentState } from "./tools/segmentTypes";
import type { PaintTarget, PointerModifiers, Tool, ToolHost, ToolName, ToolPreview } from "./tools/tool";
import { ViewOperations } from "./viewOperations";

/**
 * The facade React talks to: one label map for all objects of an image,
 * tools, undo, zoom and saving. Works headless (tests) and, after attach(),
 * on canvases inside a container.
 */
export class Editor extends ViewOperations {
  readonly timeTracker: ProductiveTimeTracker;
  private readonly tools: ReturnType<typeof createTools>;
  private activeTool: Tool;
  private size = 10;
  private mode: BorderMode = "over";
  private tolerance = 24;
  private imageRgba: RgbaImage | null = null;
  private modifiedSinceSave = false;

  constructor(options: EditorOptions) {
    const listener: DocumentListener = {};
    super(new LabelDocument(options.width, options.height, { historyBytes: options.historyBytes, listener }));
    listener.pixels = (r) => this.onPixels(r);
    listener.objects = () => this.onObjects();
    listener.classifications = () => this.events.emit("classifications", this.document.classifications);
    listener.history = () => this.onHistory();
    this.timeTracker = new ProductiveTimeTracker(options.now);
    this.tools = createTools(this.toolHost());
    this.activeTool = this.tools.brush;
    if (options.classes) this.setClasses(options.classes);
    else this.recolor();
  }

  get width(): number {
    return this.document.map.width;
  }

  get height(): number {
    return this.document.map.height;
  }

  /** The label map (read it, never write it: edits must go through tools to be undoable). */
  get labelMap(): Uint16Array {
    return this.document.map.data;
  }

  get tool(): ToolName {
    return this.activeTool.name;
  }

  get brushSize(): number {
    return this.size;
  }

  get borderMode(): BorderMode {
    return this.mode;
  }

  get toolState(): ToolState {
    return { tool: this.activeTool.name, brushSize: this.size, borderMode: this.mode, wandTolerance: this.tolerance, busy: this.activeTool.busy };
  }

  get historyState(): HistoryState {
    return { canUndo: this.document.history.canUndo, canRedo: this.document.history.canRedo, modified: this.modifiedSinceSave };
  }

  get toolPreview(): ToolPreview {
    return this.activeTool.preview();
  }

  /** Create an editor sized to the image and show it in the container. */
  static mount(container: HTMLElement, image: EditorImage, options: Omit<EditorOptions, "width" | "height"> & InputOptions = {}): Editor {
    const editor = new Editor({ ...options, ...imageSize(image) });
    editor.attach(container, image, options);
    return editor;
  }

  /**
   * Show the editor in a container: creates the scene and interactive canvases
   * and listens to pointer, wheel and (unless keyboard: false) key events.
   */
  attach(container: HTMLElement, image: EditorImage, options: InputOptions = {}): void {
    const size = imageSize(image);
    if (size.width !== this.width || size.height !== this.height) {
      throw new Error(`image is ${size.width}x${size.height}, the label map ${this.width}x${this.height}`);
    }
    this.imageRgba = null;
    this.setView(mountCanvasView(container, image, this, options));
  }

  /** Remove the canvases and listeners; the label stays. */
  detach(): void {
    this.setView(null);
  }

  /** RGBA pixels of the image for the magic wand (the DOM view reads them itself when attached). */
  setImagePixels(image: RgbaImage): void {
    if (image.width !== this.width || image.height !== this.height) throw new Error("image pixels do not match the label map size");
    this.imageRgba = image;
  }

  // ---- tools ----

  setTool(name: ToolName): void {
    if (this.activeTool.name === name) return;
    this.activeTool.cancel();
    this.activeTool = this.tools[name];
    this.emitTool();
    this.view?.redraw();
  }

  setBrushSize(px: number): void {
    this.size = Math.round(Math.min(MAX_BRUSH_SIZE, Math.max(MIN_BRUSH_SIZE, px)));
    this.emitTool();
    this.view?.redraw();
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
    this.timeTracker.recordInput();
    this.activeTool.pointerDown(p, modifiers);
    this.emitTool();
  }

  pointerMove(p: ImagePoint): void {
    this.activeTool.pointerMove(p);
  }

  pointerUp(p: ImagePoint): void {
    this.timeTracker.recordInput();
    this.activeTool.pointerUp(p);
    this.emitTool();
  }

  /** Right-click without a drag (auto-segment: a background point). */
  secondaryClick(p: ImagePoint): void {
    this.timeTracker.recordInput();
    this.activeTool.secondaryClick?.(p);
    this.emitTool();
  }

  doubleClick(p: ImagePoint): void {
    this.activeTool.doubleClick(p);
    this.emitTool();
  }

  // ---- auto-segment (the app computes proposals; see the segmentRequest event) ----

  get segmentState(): SegmentState {
    return this.tools.segment.state;
  }

  /** Show the answer to a segmentRequest (full-image mask or COCO RLE). False when stale: prompts changed since. */
  setSegmentProposal(mask: ProposalMask, score: number, requestId?: number): boolean {
    return this.tools.segment.setProposal(mask, score, requestId);
  }

  /** The request could not be answered (the app shows why). */
  rejectSegmentRequest(requestId: number): void {
    this.tools.segment.rejectRequest(requestId);
  }

  /** Emit the current prompts again (e.g. another backend was chosen). */
  requestSegment(): SegmentRequest | null {
    return this.tools.segment.request();
  }

  /** What a drag draws with the auto-segment tool: a box or a scribble. Prompts so far stay. */
  setSegmentMode(mode: SegmentMode): void {
    this.tools.segment.setMode(mode);
  }

  /** Shift+S: scribble mode on/off; from another tool, picks auto-segment in scribble mode. */
  toggleScribbleMode(): void {
    const on = this.activeTool.name !== "segment" || this.segmentState.mode !== "scribble";
    this.setTool("segment");
    this.setSegmentMode(on ? "scribble" : "box");
  }

  /** Enter / Accept: paint the proposal into the selected or a new object, as one undo entry. */
  acceptSegment(): boolean {
    const accepted = this.tools.segment.commit();
    this.emitTool();
    return accepted;
  }

  /** Escape: roll back the stroke or path in progress. */
  cancel(): boolean {
    const cancelled = this.activeTool.cancel();
    if (cancelled) this.emitTool();
    return cancelled;
  }

  /** Enter: close the open pen or polygon path. */
  commitPath(): void {
    this.activeTool.commit();
    this.emitTool();
  }

  undo(): void {
    if (this.activeTool.undoStep?.()) return; // prompts of the auto-segment tool go first
    this.activeTool.cancel();
    this.document.undo();
  }

  redo(): void {
    this.activeTool.cancel();
    this.document.redo();
  }

  // ---- keyboard ----

  /** Handle a key event; returns true when it was used (then preventDefault it). */
  handleKey(input: KeyInput): boolean {
    this.timeTracker.recordInput();
    const binding = matchKey(input);
    if (!binding) return false;
    return this.perform(binding);
  }

  /** Run a key-map action directly (e.g. from a toolbar or the help overlay). */
  perform(binding: Pick<KeyBinding, "action" | "arg">): boolean {
    return performKeyAction(this, binding, (action) => this.events.emit("action", action));
  }

  // ---- load and save ----

  /** Replace the label with a saved one (label GET response). Not recorded in undo. */
  loadLabel(label: LabelResponse): void {
    this.activeTool.cancel();
    const objects = labelObjectsFromResponse(this.document.map, label);
    this.document.reset(objects, label.classifications ?? {});
    this.modifiedSinceSave = false;
    this.select(0);
    this.emitHistory();
  }

  /** The REST label body: objects (non-empty only) with COCO RLE masks, and classifications. */
  toLabelBody(): LabelBody {
    return toLabelBody(this.document.map, this.document.objects.all(), { ...this.document.classifications });
  }

  markSaved(): void {
    this.modifiedSinceSave = false;
    this.emitHistory();
  }

  destroy(): void {
    this.view?.destroy();
    this.view = null;
    this.events.clear();
  }

  // ---- internals ----

  protected get currentBorderMode(): BorderMode {
    return this.mode;
  }

  private toolHost(): ToolHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const editor = this;
    return {
      document: this.document,
      get brushSize() { return editor.size; },
      get borderMode() { return editor.mode; },
      get wandTolerance() { return editor.tolerance; },
      get selectedObject() { return editor.selectedIndex; },
      paintTarget: (): PaintTarget | null => this.paintTarget(),
      imagePixels: () => (this.imageRgba ??= this.view?.readImagePixels() ?? null),
      imagePixelsPerScreenPixel: () => 1 / this.viewport.scale,
      previewChanged: () => this.view?.redraw(),
      segmentRequested: (request) => this.events.emit("segmentRequest", request),
      segmentChanged: (state) => this.events.emit("segment", state),
    };
  }

  private onPixels(r: Rect): void {
    this.view?.invalidatePixels(r);
    this.events.emit("dirty", r);
  }

  private onObjects(): void {
    this.recolor();
    if (this.selectedIndex !== 0 && !this.document.objects.has(this.selectedIndex)) this.select(0);
    this.events.emit("objects", this.document.objects.all());
  }

  private onHistory(): void {
    this.modifiedSinceSave = true;
    this.emitHistory();
  }

  private emitHistory(): void {
    this.events.emit("change", this.historyState);
  }

  private emitTool(): void {
    this.events.emit("tool", this.toolState);
  }
}

import { Emitter } from "./core/emitter";
import type { ImagePoint, Rect, ScreenPoint } from "./core/geometry";
import { type KeyBinding, type KeyInput, matchKey } from "./core/keymap";
import type { OutsideEdit } from "./core/history";
import { LabelDocument, type ObjectChange } from "./core/labelDocument";
import type { ClassId, JsonRecord, JsonValue, LabelObject, OntologyClass } from "./core/objectList";
import type { BorderMode } from "./core/paintPolicy";
import type { RgbaImage } from "./core/regionOps";
import type { ProposalInput } from "./core/proposalSet";
import type { ProposalMask } from "./core/segmentProposal";
import { ProductiveTimeTracker } from "./core/timeTracker";
import type { EditorEvents, EditorOptions, HistoryState, ToolState, ZoomState } from "./editorTypes";
import { type LabelBody, type LabelResponse, labelObjectsFromResponse, toLabelBody } from "./io/labelBody";
import { performKeyAction } from "./keyActions";
import { ObjectOperations } from "./objectOperations";
import { type EditorImage, imageSize } from "./render/imageSource";
import type { InputOptions } from "./render/inputController";
import { mountCanvasView } from "./render/mount";
import { ToolOperations } from "./toolOperations";
import type { ToolPreview } from "./tools/previews";
import type { ProposalsState } from "./tools/proposalTool";
import type { SegmentMode, SegmentRequest, SegmentState } from "./tools/segmentTypes";
import type { PointerModifiers, ToolName } from "./tools/tool";
import { ViewOperations } from "./viewOperations";
import type { EditorView } from "./view/editorView";
import type { Solo } from "./view/overlayStyle";
import type { ViewState } from "./view/viewState";
import type { Viewport } from "./view/viewport";

/**
 * The facade React talks to: one label map for all objects of an image,
 * tools, undo, zoom and saving. Works headless (tests) and, after attach(),
 * on canvases inside a container. It holds three collaborators (objects,
 * view, tools) and delegates to them, so its whole API is listed here.
 */
export class Editor {
  readonly timeTracker: ProductiveTimeTracker;
  private readonly document: LabelDocument;
  private readonly events = new Emitter<EditorEvents>();
  private readonly objectOps: ObjectOperations;
  private readonly viewOps: ViewOperations;
  private readonly toolOps: ToolOperations;
  private modifiedSinceSave = false;

  constructor(options: EditorOptions) {
    const document = new LabelDocument(options.width, options.height, {
      historyBytes: options.historyBytes,
      listener: {
        pixels: (r) => this.onPixels(r),
        objects: () => this.onObjects(),
        classifications: () => this.events.emit("classifications", this.document.classifications),
        history: () => this.onHistory(),
      },
    });
    const events = this.events;
    this.document = document;
    this.objectOps = new ObjectOperations({ document, events, borderMode: () => this.toolOps.borderMode, classesChanged: () => this.viewOps.recolor() });
    this.viewOps = new ViewOperations({ document, events, classById: () => this.objectOps.classById });
    this.toolOps = new ToolOperations({
      document,
      events,
      selectedObject: () => this.objectOps.selectedObject,
      paintTarget: () => this.objectOps.paintTarget(),
      newObjectTarget: () => this.objectOps.newObjectTarget(),
      readImagePixels: () => this.viewOps.view?.readImagePixels() ?? null,
      imagePixelsPerScreenPixel: () => 1 / this.viewOps.viewport.scale,
      redraw: () => this.viewOps.view?.redraw(),
    });
    this.timeTracker = new ProductiveTimeTracker(options.now);
    if (options.classes) this.setClasses(options.classes);
    else this.viewOps.recolor();
  }

  /** Subscribe to an event; returns the unsubscribe function. */
  on<K extends keyof EditorEvents>(event: K, listener: (payload: EditorEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  get width(): number { return this.document.map.width; }
  get height(): number { return this.document.map.height; }
  /** The label map (read it, never write it: edits must go through tools to be undoable). */
  get labelMap(): Uint16Array { return this.document.map.data; }
  get historyState(): HistoryState {
    return { canUndo: this.document.history.canUndo, canRedo: this.document.history.canRedo, modified: this.modifiedSinceSave };
  }

  // ---- mounting ----

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
    this.toolOps.setImagePixels(null);
    this.setView(mountCanvasView(container, image, this, options));
  }

  /**
   * Show another image of the same size in the attached view, keeping canvases,
   * zoom and listeners (a sequence's next frame); the label is loaded separately.
   */
  replaceImage(image: EditorImage): void {
    const size = imageSize(image);
    if (size.width !== this.width || size.height !== this.height) {
      throw new Error(`image is ${size.width}x${size.height}, the label map ${this.width}x${this.height}`);
    }
    this.toolOps.setImagePixels(null);
    this.viewOps.view?.setImage(image);
  }

  /** Remove the canvases and listeners; the label stays. */
  detach(): void {
    this.setView(null);
  }

  /** RGBA pixels of the image for the magic wand (the DOM view reads them itself when attached). */
  setImagePixels(image: RgbaImage): void {
    if (image.width !== this.width || image.height !== this.height) throw new Error("image pixels do not match the label map size");
    this.toolOps.setImagePixels(image);
  }

  destroy(): void {
    this.setView(null);
    this.events.clear();
  }

  // ---- ontology and objects: ObjectOperations (each edit one undo entry) ----

  get classes(): readonly OntologyClass[] { return this.objectOps.classes; }
  get objects(): readonly LabelObject[] { return this.objectOps.objects; }
  get selectedObject(): number { return this.objectOps.selectedObject; }
  get activeClass(): ClassId | null { return this.objectOps.activeClass; }
  get classifications(): Readonly<Record<string, JsonValue>> { return this.objectOps.classifications; }
  setClasses(classes: readonly OntologyClass[]): void { this.objectOps.setClasses(classes); }
  setClass(classId: ClassId): void { this.objectOps.setClass(classId); }
  setClassByPosition(position: number): boolean { return this.objectOps.setClassByPosition(position); }
  createObject(classId?: ClassId | null, attributes?: JsonRecord): number { return this.objectOps.createObject(classId, attributes); }
  selectObject(index: number): void { this.objectOps.selectObject(index); }
  cycleObject(step: 1 | -1): boolean { return this.objectOps.cycleObject(step); }
  setObjectClass(index: number, classId: ClassId): boolean { return this.objectOps.setObjectClass(index, classId); }
  setObjectAttributes(index: number, attributes: JsonRecord): boolean { return this.objectOps.setObjectAttributes(index, attributes); }
  /** An edit of object `index`'s properties kept outside the engine (a track id), with `change` of its class or attributes, as one undo entry: `edit.redo()` applies it now and on redo, `edit.undo()` reverts it. */
  editObjectOutside(index: number, edit: OutsideEdit, change?: ObjectChange, label?: string): boolean { return this.objectOps.editObjectOutside(index, edit, change, label); }
  moveObject(index: number, toPosition: number): boolean { return this.objectOps.moveObject(index, toPosition); }
  deleteObject(index?: number): boolean { return this.objectOps.deleteObject(index); }
  deleteObjects(indices: readonly number[]): boolean { return this.objectOps.deleteObjects(indices); }
  setObjectHidden(index: number, hidden: boolean): void { this.objectOps.setObjectHidden(index, hidden); }
  toggleSelectedHidden(): boolean { return this.objectOps.toggleSelectedHidden(); }
  setClassification(key: string, value: JsonValue | undefined): void { this.objectOps.setClassification(key, value); }
  fillHoles(index?: number): boolean { return this.objectOps.fillHoles(index); }
  removeSpecks(minArea?: number, index?: number): boolean { return this.objectOps.removeSpecks(minArea, index); }
  /** Replace object `index`'s mask (full-image mask, COCO RLE or cropped) as one undo entry: a server's correction. */
  replaceObjectMask(index: number, mask: ProposalMask, label?: string): boolean { return this.objectOps.replaceObjectMask(index, mask, label); }

  // ---- view: ViewOperations (never in undo) ----

  get viewport(): Viewport { return this.viewOps.viewport; }
  get zoomState(): ZoomState { return this.viewOps.zoomState; }
  get viewSettings(): ViewState { return this.viewOps.viewSettings; }
  get overlayPalette(): Uint32Array { return this.viewOps.overlayPalette; }
  get overlayOutlined(): Uint8Array { return this.viewOps.overlayOutlined; }
  setView(view: EditorView | null): void { this.viewOps.setView(view); }
  setOpacity(opacity: number): void { this.viewOps.setOpacity(opacity); }
  setOutlineOnly(outlineOnly: boolean): void { this.viewOps.setOutlineOnly(outlineOnly); }
  setOutlined(indices: readonly number[]): void { this.viewOps.setOutlined(indices); }
  setClassHidden(classId: ClassId, hidden: boolean): void { this.viewOps.setClassHidden(classId, hidden); }
  setSolo(solo: Solo): void { this.viewOps.setSolo(solo); }
  zoomIn(anchor?: ScreenPoint): void { this.viewOps.zoomIn(anchor); }
  zoomOut(anchor?: ScreenPoint): void { this.viewOps.zoomOut(anchor); }
  zoomBy(factor: number, anchor?: ScreenPoint): void { this.viewOps.zoomBy(factor, anchor); }
  fit(): void { this.viewOps.fit(); }
  oneToOne(): void { this.viewOps.oneToOne(); }
  panBy(dx: number, dy: number): void { this.viewOps.panBy(dx, dy); }
  resizeView(width: number, height: number): void { this.viewOps.resizeView(width, height); }

  // ---- tools: ToolOperations ----

  get tool(): ToolName { return this.toolOps.tool; }
  get brushSize(): number { return this.toolOps.brushSize; }
  get borderMode(): BorderMode { return this.toolOps.borderMode; }
  get toolState(): ToolState { return this.toolOps.toolState; }
  get toolPreview(): ToolPreview { return this.toolOps.toolPreview; }
  setTool(name: ToolName): void { this.toolOps.setTool(name); }
  setBrushSize(px: number): void { this.toolOps.setBrushSize(px); }
  setBorderMode(mode: BorderMode): void { this.toolOps.setBorderMode(mode); }
  setWandTolerance(tolerance: number): void { this.toolOps.setWandTolerance(tolerance); }
  pointerMove(p: ImagePoint, modifiers?: PointerModifiers): void { this.toolOps.pointerMove(p, modifiers); }
  doubleClick(p: ImagePoint): void { this.toolOps.doubleClick(p); }
  /** Escape: roll back the stroke or path in progress (auto-segment: drop prompts and proposal). */
  cancel(): boolean { return this.toolOps.cancel(); }
  /** Enter: close the open pen or polygon path. */
  commitPath(): void { this.toolOps.commitPath(); }

  // Input that counts as productive time.
  pointerDown(p: ImagePoint, modifiers?: PointerModifiers): void {
    this.timeTracker.recordInput();
    this.toolOps.pointerDown(p, modifiers);
  }

  pointerUp(p: ImagePoint): void {
    this.timeTracker.recordInput();
    this.toolOps.pointerUp(p);
  }

  /** Right-click without a drag (auto-segment: a background point). */
  secondaryClick(p: ImagePoint): void {
    this.timeTracker.recordInput();
    this.toolOps.secondaryClick(p);
  }

  // ---- auto-segment: the app answers each segmentRequest event (REST or a decoder in the browser) ----

  get segmentState(): SegmentState { return this.toolOps.segmentState; }
  /** The answer to a segmentRequest (full-image mask or COCO RLE). False when stale: prompts changed since. */
  setSegmentProposal(mask: ProposalMask, score: number, requestId?: number): boolean { return this.toolOps.setSegmentProposal(mask, score, requestId); }
  /** The request could not be answered (the app shows why). */
  rejectSegmentRequest(requestId: number): void { this.toolOps.rejectSegmentRequest(requestId); }
  /** Emit the current prompts again (e.g. another backend was chosen). */
  requestSegment(): SegmentRequest | null { return this.toolOps.requestSegment(); }
  /** What a drag draws with the auto-segment tool: a box or a scribble. Prompts so far stay. */
  setSegmentMode(mode: SegmentMode): void { this.toolOps.setSegmentMode(mode); }
  /** Shift+S: scribble mode on/off; from another tool, picks auto-segment in scribble mode. */
  toggleScribbleMode(): void { this.toolOps.toggleScribbleMode(); }
  /** Enter / Accept: paint the proposal into the selected or a new object, as one undo entry. */
  acceptSegment(): boolean { return this.toolOps.acceptSegment(); }

  // ---- segment everything: the app fetches the image's proposals, the "proposals" tool shows and accepts them ----

  get proposalsState(): ProposalsState { return this.toolOps.proposalsState; }
  /** The image's class-free proposals, best first (null: none yet). Never in the label or in undo until accepted. */
  setProposals(proposals: readonly ProposalInput[] | null): void { this.toolOps.setProposals(proposals); }
  /** Paint proposal `index` into a new object of the active class (or the selected one), as one undo entry. */
  acceptProposal(index: number, addToSelected?: boolean): boolean { return this.toolOps.acceptProposal(index, addToSelected); }

  // ---- undo and keys ----

  undo(): void {
    if (this.toolOps.undoStep()) return; // prompts of the auto-segment tool go first
    this.toolOps.cancel();
    this.document.undo();
  }

  redo(): void {
    this.toolOps.cancel();
    this.document.redo();
  }

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
    this.toolOps.cancel();
    const objects = labelObjectsFromResponse(this.document.map, label);
    this.document.reset(objects, label.classifications ?? {});
    this.modifiedSinceSave = false;
    this.objectOps.selectObject(0);
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

  /** A save that was marked too early failed: the label counts as edited again. */
  markUnsaved(): void {
    this.modifiedSinceSave = true;
    this.emitHistory();
  }

  // ---- document events ----

  private onPixels(r: Rect): void {
    this.viewOps.view?.invalidatePixels(r);
    this.events.emit("dirty", r);
  }

  private onObjects(): void {
    this.viewOps.recolor();
    if (this.selectedObject !== 0 && !this.document.objects.has(this.selectedObject)) this.objectOps.selectObject(0);
    this.events.emit("objects", this.document.objects.all());
  }

  private onHistory(): void {
    this.modifiedSinceSave = true;
    this.emitHistory();
  }

  private emitHistory(): void {
    this.events.emit("change", this.historyState);
  }
}

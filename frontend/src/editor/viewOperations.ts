import type { Emitter } from "./core/emitter";
import type { ScreenPoint } from "./core/geometry";
import type { LabelDocument } from "./core/labelDocument";
import type { ClassId, OntologyClass } from "./core/objectList";
import type { EditorEvents, ZoomState } from "./editorTypes";
import type { EditorView } from "./view/editorView";
import { type Solo, buildPalette } from "./view/overlayStyle";
import { DEFAULT_VIEW_STATE, type ViewState } from "./view/viewState";
import { Viewport } from "./view/viewport";

/** What view operations read from the rest of the editor. */
export interface ViewSurroundings {
  readonly document: LabelDocument;
  readonly events: Emitter<EditorEvents>;
  /** The ontology's classes by id (their colours). */
  classById(): ReadonlyMap<ClassId, OntologyClass>;
}

/**
 * The Editor's view collaborator: zoom and pan, mask opacity, outline-only,
 * hidden and solo objects or classes, and the connected view (canvases, or
 * none when headless). View state is never recorded in undo.
 */
export class ViewOperations {
  readonly viewport: Viewport;
  private connected: EditorView | null = null;
  private viewState: ViewState = DEFAULT_VIEW_STATE;
  private palette = new Uint32Array(1);
  private outlinedFlags = new Uint8Array(1);
  /** The view shows the fitted image and the user has not zoomed or panned since: resizes re-fit. */
  private fitted = true;

  constructor(private readonly surroundings: ViewSurroundings) {
    const { map } = surroundings.document;
    this.viewport = new Viewport(map.width, map.height);
  }

  /** The connected view, null when headless. */
  get view(): EditorView | null {
    return this.connected;
  }

  get zoomState(): ZoomState {
    return { scale: this.viewport.scale, offsetX: this.viewport.offsetX, offsetY: this.viewport.offsetY };
  }

  get viewSettings(): ViewState {
    return this.viewState;
  }

  /** Current colour per object index (0 = not drawn), for renderers. */
  get overlayPalette(): Uint32Array {
    return this.palette;
  }

  /** Per object index, 1 where the object is drawn as an outline (setOutlined). */
  get overlayOutlined(): Uint8Array {
    return this.outlinedFlags;
  }

  /** Connect a view (attach() connects the DOM one). Pass null to disconnect. */
  setView(view: EditorView | null): void {
    this.connected?.destroy();
    this.connected = view;
    view?.invalidateOverlay();
  }

  /** Mask overlay opacity, 0..1. */
  setOpacity(opacity: number): void {
    this.updateView({ opacity: Math.min(1, Math.max(0, opacity)) }, false);
  }

  setOutlineOnly(outlineOnly: boolean): void {
    this.updateView({ outlineOnly }, true);
  }

  /** Draw these objects as outlines only (the label page marks low-confidence pre-labels so). */
  setOutlined(indices: readonly number[]): void {
    const outlined = new Set(indices);
    const same = outlined.size === this.viewState.outlined.size && [...outlined].every((i) => this.viewState.outlined.has(i));
    if (!same) this.updateView({ outlined }, true);
  }

  setClassHidden(classId: ClassId, hidden: boolean): void {
    const hiddenClasses = new Set(this.viewState.hiddenClasses);
    if (hidden) hiddenClasses.add(classId);
    else hiddenClasses.delete(classId);
    this.updateView({ hiddenClasses }, true);
  }

  /** Show only one object ({objectIndex}) or one class ({classId}); null shows all again. */
  setSolo(solo: Solo): void {
    this.updateView({ solo }, true);
  }

  zoomIn(anchor?: ScreenPoint): void {
    this.zoomBy(1.25, anchor);
  }

  zoomOut(anchor?: ScreenPoint): void {
    this.zoomBy(0.8, anchor);
  }

  /** Zoom keeping the image point under `anchor` (default: view centre) in place. */
  zoomBy(factor: number, anchor?: ScreenPoint): void {
    this.fitted = false;
    this.viewport.zoomBy(factor, anchor);
    this.afterViewportChange();
  }

  fit(): void {
    this.fitted = true;
    this.viewport.fit();
    this.afterViewportChange();
  }

  oneToOne(): void {
    this.fitted = false;
    this.viewport.oneToOne();
    this.afterViewportChange();
  }

  /** Pan by screen pixels. */
  panBy(dx: number, dy: number): void {
    this.fitted = false;
    this.viewport.panBy(dx, dy);
    this.afterViewportChange();
  }

  /**
   * The container's size in CSS pixels changed (the DOM view calls this). The
   * image stays fitted until the user zooms or pans (the page around it may
   * still be laying out when the first size arrives).
   */
  resizeView(width: number, height: number): void {
    this.viewport.resize(width, height);
    if (this.fitted) this.viewport.fit();
    this.afterViewportChange();
  }

  /** Rebuild the object colours; re-colour the overlay only if they changed. */
  recolor(): void {
    const palette = buildPalette(this.surroundings.document.objects.all(), this.surroundings.classById(), this.viewState);
    const flags = new Uint8Array(palette.length);
    for (const index of this.viewState.outlined) if (index < flags.length) flags[index] = 1;
    const changed = palette.length !== this.palette.length || palette.some((c, i) => c !== this.palette[i] || flags[i] !== this.outlinedFlags[i]);
    this.palette = palette;
    this.outlinedFlags = flags;
    if (changed) this.connected?.invalidateOverlay();
  }

  private updateView(change: Partial<ViewState>, recolor: boolean): void {
    this.viewState = { ...this.viewState, ...change };
    if (recolor) this.recolor();
    else this.connected?.redraw();
    this.surroundings.events.emit("view", this.viewState);
  }

  private afterViewportChange(): void {
    this.connected?.redraw();
    this.surroundings.events.emit("zoom", this.zoomState);
  }
}

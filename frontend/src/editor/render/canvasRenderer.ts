import { type Rect, expandRect } from "../core/geometry";
import { LabelMap } from "../core/labelMap";
import type { RgbaImage } from "../core/regionOps";
import type { ToolPreview } from "../tools/previews";
import type { EditorView } from "../view/editorView";
import { FrameScheduler } from "../view/frameScheduler";
import { TileGrid } from "../view/tileGrid";
import type { ViewState } from "../view/viewState";
import type { Viewport } from "../view/viewport";
import type { EditorImage } from "./imageSource";
import { ImageTiles, OverlayTiles } from "./layers";
import { ProposalsPreviewLayer } from "./proposalsPreview";
import { SegmentPreviewLayer } from "./segmentPreview";
import { drawToolPreview } from "./toolPreview";

/** What the renderer reads from the editor on each frame. */
export interface RenderSource {
  readonly viewport: Viewport;
  readonly width: number;
  readonly height: number;
  readonly labelMap: Uint16Array;
  readonly overlayPalette: Uint32Array;
  /** Per object index: 1 = drawn as an outline even when the overlay is filled. */
  readonly overlayOutlined: Uint8Array;
  readonly viewSettings: ViewState;
  readonly toolPreview: ToolPreview;
  resizeView(width: number, height: number): void;
}

function layerCanvas(container: HTMLElement, className: string): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.className = className;
  Object.assign(canvas.style, { position: "absolute", left: "0", top: "0", width: "100%", height: "100%", display: "block" });
  container.appendChild(canvas);
  return canvas;
}

/**
 * Two stacked canvases: the scene (image tiles + mask overlay tiles) and the
 * interactive layer (brush cursor, path preview, auto-segment proposal and prompts). Redraws on demand, at most
 * once per animation frame, re-colouring only dirty rects of visible tiles.
 */
export class CanvasRenderer implements EditorView {
  readonly scene: HTMLCanvasElement;
  readonly interactive: HTMLCanvasElement;
  private readonly grid: TileGrid;
  private imageTiles: ImageTiles;
  private readonly overlay: OverlayTiles;
  private readonly segmentPreview = new SegmentPreviewLayer();
  private readonly proposalsPreview = new ProposalsPreviewLayer();
  private readonly map: LabelMap;
  private readonly scheduler: FrameScheduler;
  private readonly resizeObserver: ResizeObserver;
  private pixelRatio = 1;

  constructor(
    private readonly container: HTMLElement,
    image: EditorImage,
    private readonly source: RenderSource,
  ) {
    if (getComputedStyle(container).position === "static") container.style.position = "relative";
    this.scene = layerCanvas(container, "editor-scene");
    this.interactive = layerCanvas(container, "editor-interactive");
    this.grid = new TileGrid(source.width, source.height);
    this.imageTiles = new ImageTiles(image, this.grid);
    this.overlay = new OverlayTiles(this.grid);
    this.map = new LabelMap(source.width, source.height, source.labelMap);
    this.scheduler = new FrameScheduler(() => this.draw(), (cb) => requestAnimationFrame(cb));
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
  }

  invalidatePixels(rect: Rect): void {
    // One pixel more: outlines of the neighbours change too.
    this.overlay.invalidate(expandRect(rect, 1));
    this.scheduler.request();
  }

  invalidateOverlay(): void {
    this.overlay.invalidateAll();
    this.scheduler.request();
  }

  redraw(): void {
    this.scheduler.request();
  }

  setImage(image: EditorImage): void {
    this.imageTiles = new ImageTiles(image, this.grid);
    this.scheduler.request();
  }

  readImagePixels(): RgbaImage | null {
    try {
      return { width: this.grid.width, height: this.grid.height, data: this.imageTiles.readPixels() };
    } catch {
      return null; // a cross-origin image taints the canvas: no magic wand
    }
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.scene.remove();
    this.interactive.remove();
  }

  private resize(): void {
    const { clientWidth, clientHeight } = this.container;
    this.pixelRatio = window.devicePixelRatio || 1;
    for (const canvas of [this.scene, this.interactive]) {
      canvas.width = Math.max(1, Math.round(clientWidth * this.pixelRatio));
      canvas.height = Math.max(1, Math.round(clientHeight * this.pixelRatio));
    }
    this.source.resizeView(clientWidth, clientHeight);
    this.scheduler.request();
  }

  private draw(): void {
    const { viewport, viewSettings } = this.source;
    const ctx = this.scene.getContext("2d");
    const top = this.interactive.getContext("2d");
    if (!ctx || !top) return;
    const ratio = this.pixelRatio;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.scene.width, this.scene.height);
    ctx.setTransform(ratio * viewport.scale, 0, 0, ratio * viewport.scale, ratio * viewport.offsetX, ratio * viewport.offsetY);
    // Crisp pixels when zoomed in: masks must be judged pixel by pixel.
    ctx.imageSmoothingEnabled = viewport.scale < 1;
    const visible = this.grid.tilesIn(viewport.visibleImageRect());
    ctx.globalAlpha = 1;
    for (const i of visible) this.imageTiles.draw(ctx, i);
    ctx.globalAlpha = viewSettings.opacity;
    const palette = this.source.overlayPalette;
    const outline = viewSettings.outlineOnly || this.source.overlayOutlined;
    for (const i of visible) this.overlay.draw(ctx, i, this.map, palette, outline);
    ctx.globalAlpha = 1;

    top.setTransform(ratio, 0, 0, ratio, 0, 0);
    top.clearRect(0, 0, this.interactive.width / ratio, this.interactive.height / ratio);
    const preview = this.source.toolPreview;
    if (preview.kind === "segment") this.segmentPreview.draw(top, viewport, ratio, preview);
    else if (preview.kind === "proposals") this.proposalsPreview.draw(top, viewport, ratio, preview);
    else drawToolPreview(top, viewport, preview);
  }
}

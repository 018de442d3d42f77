/**
 * The canvas that shows the onion skin above the editor's stage: the previous
 * frame's outlines rasterised once per frame, drawn with the editor's zoom and
 * pan. It takes no pointer events, so tools work through it.
 */
import type { LabelResponse, ZoomState } from "../editor";
import { labelMapOf, outlinePixels } from "./onionSkin";

/**
 * Outlines are rasterised this long after a switch, once the new frame is painted: while stepping or
 * playing faster than this, frames already left cost nothing (a full-frame scan competes with the next switch).
 */
const ONION_DELAY_MS = 120;

export class OnionLayer {
  readonly canvas: HTMLCanvasElement;
  private readonly outline: HTMLCanvasElement;
  private readonly resizeObserver: ResizeObserver;
  private zoom: ZoomState = { scale: 1, offsetX: 0, offsetY: 0 };
  private hasOutline = false;
  private visible = true;
  private frame = 0;
  private pending = 0;
  private previous: LabelResponse | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly width: number,
    private readonly height: number,
  ) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "onion-skin";
    this.canvas.dataset.testid = "onion-skin";
    Object.assign(this.canvas.style, { position: "absolute", inset: "0", width: "100%", height: "100%", pointerEvents: "none", zIndex: "1" });
    container.appendChild(this.canvas);
    this.outline = document.createElement("canvas");
    this.outline.width = width;
    this.outline.height = height;
    this.resizeObserver = new ResizeObserver(() => this.request());
    this.resizeObserver.observe(container);
  }

  /**
   * The previous frame's label (null: none, nothing drawn). Its outline is
   * rasterised in a later task, so a frame switch shows the new frame first.
   */
  setPrevious(content: LabelResponse | null): void {
    if (content === this.previous) return;
    this.previous = content;
    this.hasOutline = false;
    this.canvas.dataset.outlined = "false";
    window.clearTimeout(this.pending);
    this.request();
    if (!content || content.objects.length === 0) return;
    this.pending = window.setTimeout(() => {
      const ctx = this.outline.getContext("2d");
      if (!ctx || this.previous !== content) return;
      const image = ctx.createImageData(this.width, this.height);
      new Uint32Array(image.data.buffer).set(outlinePixels(labelMapOf(content, this.width, this.height), this.width, this.height));
      ctx.putImageData(image, 0, 0);
      this.hasOutline = true;
      this.canvas.dataset.outlined = "true";
      this.request();
    }, ONION_DELAY_MS);
  }

  setZoom(zoom: ZoomState): void {
    this.zoom = zoom;
    this.request();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.request();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    window.clearTimeout(this.pending);
    this.resizeObserver.disconnect();
    this.canvas.remove();
  }

  private request(): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.container.clientWidth * ratio));
    const h = Math.max(1, Math.round(this.container.clientHeight * ratio));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (!this.visible || !this.hasOutline) return;
    const { scale, offsetX, offsetY } = this.zoom;
    ctx.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * offsetX, ratio * offsetY);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.outline, 0, 0);
  }
}

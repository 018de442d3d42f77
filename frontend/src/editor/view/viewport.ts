import { type ImagePoint, type ScreenPoint, imagePoint, screenPoint } from "../core/geometry";

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;
const FIT_MARGIN_PX = 16;

/**
 * Zoom and pan: screen = image * scale + offset (CSS pixels). Pure state,
 * shared by the renderer, the input controller and hit tolerances.
 */
export class Viewport {
  scale = 1;
  offsetX = 0;
  offsetY = 0;
  viewWidth = 0;
  viewHeight = 0;

  constructor(
    readonly imageWidth: number,
    readonly imageHeight: number,
  ) {}

  toImage(p: ScreenPoint): ImagePoint {
    return imagePoint((p.x - this.offsetX) / this.scale, (p.y - this.offsetY) / this.scale);
  }

  toScreen(p: ImagePoint): ScreenPoint {
    return screenPoint(p.x * this.scale + this.offsetX, p.y * this.scale + this.offsetY);
  }

  resize(viewWidth: number, viewHeight: number): void {
    this.viewWidth = viewWidth;
    this.viewHeight = viewHeight;
  }

  /** Zoom by `factor` keeping the image point under `anchor` in place (default: view centre). */
  zoomBy(factor: number, anchor: ScreenPoint = this.center()): void {
    this.zoomTo(this.scale * factor, anchor);
  }

  zoomTo(scale: number, anchor: ScreenPoint = this.center()): void {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
    const fixed = this.toImage(anchor);
    this.scale = next;
    this.offsetX = anchor.x - fixed.x * next;
    this.offsetY = anchor.y - fixed.y * next;
  }

  panBy(dx: number, dy: number): void {
    this.offsetX += dx;
    this.offsetY += dy;
  }

  /** Whole image visible and centred. */
  fit(): void {
    const w = Math.max(1, this.viewWidth - 2 * FIT_MARGIN_PX);
    const h = Math.max(1, this.viewHeight - 2 * FIT_MARGIN_PX);
    this.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.min(w / this.imageWidth, h / this.imageHeight)));
    this.centerImage();
  }

  /**
   * One image pixel per CSS pixel, keeping the view centre in place. Offsets are
   * snapped to whole pixels so image pixels sit exactly on screen pixels.
   */
  oneToOne(): void {
    this.zoomTo(1);
    this.offsetX = Math.round(this.offsetX);
    this.offsetY = Math.round(this.offsetY);
  }

  /** Image rect visible in the view, in image pixels (may extend beyond the image). */
  visibleImageRect(): { x0: number; y0: number; x1: number; y1: number } {
    const a = this.toImage(screenPoint(0, 0));
    const b = this.toImage(screenPoint(this.viewWidth, this.viewHeight));
    return { x0: a.x, y0: a.y, x1: b.x, y1: b.y };
  }

  private center(): ScreenPoint {
    return screenPoint(this.viewWidth / 2, this.viewHeight / 2);
  }

  private centerImage(): void {
    this.offsetX = (this.viewWidth - this.imageWidth * this.scale) / 2;
    this.offsetY = (this.viewHeight - this.imageHeight * this.scale) / 2;
  }
}

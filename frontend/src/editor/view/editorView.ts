import type { Rect } from "../core/geometry";
import type { RgbaImage } from "../core/regionOps";
import type { EditorImage } from "../render/imageSource";

/** What the editor asks of whatever draws it (the DOM canvas renderer, or nothing when headless). */
export interface EditorView {
  /** Label-map pixels in rect changed: re-colour them. */
  invalidatePixels(rect: Rect): void;
  /** Colours or visibility changed: re-colour everything. */
  invalidateOverlay(): void;
  /** Zoom, pan, opacity or the tool preview changed: just redraw. */
  redraw(): void;
  /** Show another image of the same size (a sequence's next frame) in the same canvases. */
  setImage(image: EditorImage): void;
  /** The image's RGBA pixels, read once on demand (magic wand). */
  readImagePixels(): RgbaImage | null;
  destroy(): void;
}

import type { EditorView } from "../view/editorView";
import { CanvasRenderer, type RenderSource } from "./canvasRenderer";
import type { EditorImage } from "./imageSource";
import { type InputOptions, InputController, type InputTarget } from "./inputController";

/** The DOM side of an editor: canvases in the container plus input listeners. */
export function mountCanvasView(
  container: HTMLElement,
  image: EditorImage,
  editor: RenderSource & InputTarget,
  options: InputOptions = {},
): EditorView {
  const renderer = new CanvasRenderer(container, image, editor);
  const input = new InputController(renderer.interactive, editor, options);
  return {
    invalidatePixels: (r) => renderer.invalidatePixels(r),
    invalidateOverlay: () => renderer.invalidateOverlay(),
    redraw: () => renderer.redraw(),
    setImage: (next) => renderer.setImage(next),
    readImagePixels: () => renderer.readImagePixels(),
    destroy: () => {
      input.destroy();
      renderer.destroy();
    },
  };
}

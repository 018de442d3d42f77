/** The image an editor shows: anything canvas can draw with a known pixel size. */
export type EditorImage = ImageBitmap | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas;

export function imageSize(image: EditorImage): { width: number; height: number } {
  if (typeof HTMLImageElement !== "undefined" && image instanceof HTMLImageElement) {
    return { width: image.naturalWidth, height: image.naturalHeight };
  }
  return { width: image.width, height: image.height };
}

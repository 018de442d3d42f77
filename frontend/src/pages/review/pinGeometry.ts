// Pins live in image pixels; the image is shown scaled. These map between the two.

export interface BoxRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ImagePoint {
  x: number;
  y: number;
}

/** Image pixels are stored to 1/100 px: enough for a pin, short in JSON. */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * The image point under a click. `rect` is where the image is drawn on screen (getBoundingClientRect
 * of the element showing it at any zoom); null when the click is outside the image.
 */
export function clientToImage(clientX: number, clientY: number, rect: BoxRect, imageWidth: number, imageHeight: number): ImagePoint | null {
  if (rect.width <= 0 || rect.height <= 0) return null;
  const x = ((clientX - rect.left) / rect.width) * imageWidth;
  const y = ((clientY - rect.top) / rect.height) * imageHeight;
  if (x < 0 || y < 0 || x > imageWidth || y > imageHeight) return null;
  return { x: round2(x), y: round2(y) };
}

/** Where an image point is drawn on screen (the inverse of clientToImage). */
export function imageToClient(point: ImagePoint, rect: BoxRect, imageWidth: number, imageHeight: number): { clientX: number; clientY: number } {
  return {
    clientX: rect.left + (point.x / imageWidth) * rect.width,
    clientY: rect.top + (point.y / imageHeight) * rect.height,
  };
}

/** Size of the image drawn to fit a box (never upscaled beyond `maxScale`), keeping its aspect ratio. */
export function fitSize(imageWidth: number, imageHeight: number, boxWidth: number, boxHeight: number, maxScale = 1): { width: number; height: number; scale: number } {
  if (imageWidth <= 0 || imageHeight <= 0 || boxWidth <= 0 || boxHeight <= 0) return { width: 0, height: 0, scale: 0 };
  const scale = Math.min(boxWidth / imageWidth, boxHeight / imageHeight, maxScale);
  return { width: Math.round(imageWidth * scale), height: Math.round(imageHeight * scale), scale };
}

/** Pin markers keep the same size on screen whatever the zoom: their radius in image pixels. */
export function markerRadius(imageWidth: number, displayedWidth: number, screenRadius = 9): number {
  if (displayedWidth <= 0) return screenRadius;
  return (screenRadius * imageWidth) / displayedWidth;
}

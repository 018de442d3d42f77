import { Editor } from "../editor";
import { type ImagePoint, imagePoint } from "../core/geometry";
import type { OntologyClass } from "../core/objectList";

export const CLASSES: OntologyClass[] = [
  { id: 11, name: "road", color: "#ff0000", kind: "stuff" },
  { id: 12, name: "car", color: "#00ff00", kind: "thing" },
  { id: 13, name: "person", color: "#0000ff", kind: "thing" },
];

export function makeEditor(width = 40, height = 30, historyBytes?: number): Editor {
  return new Editor({ width, height, classes: CLASSES, historyBytes });
}

export const pt = (x: number, y: number): ImagePoint => imagePoint(x, y);

/** Press at the first point, move through the rest, release at the last. */
export function drag(editor: Editor, points: ImagePoint[]): void {
  editor.pointerDown(points[0]);
  for (const p of points.slice(1)) editor.pointerMove(p);
  editor.pointerUp(points[points.length - 1]);
}

export function click(editor: Editor, p: ImagePoint): void {
  editor.pointerDown(p);
  editor.pointerUp(p);
}

/** Pixels holding `index`. */
export function countOf(editor: Editor, index: number): number {
  let n = 0;
  for (const v of editor.labelMap) if (v === index) n++;
  return n;
}

export function at(editor: Editor, x: number, y: number): number {
  return editor.labelMap[y * editor.width + x];
}

/** Render a small map as text rows ('.' = 0) for readable assertions. */
export function rows(editor: Editor): string[] {
  const out: string[] = [];
  for (let y = 0; y < editor.height; y++) {
    let row = "";
    for (let x = 0; x < editor.width; x++) {
      const v = at(editor, x, y);
      row += v === 0 ? "." : String(v % 10);
    }
    out.push(row);
  }
  return out;
}

/** Ring: 10x10 square at (1,1) minus 4x4 square at (4,4), as one polygon path with a doubled bridge edge. */
export const RING_PATH = [pt(1, 1), pt(11, 1), pt(11, 11), pt(1, 11), pt(1, 4), pt(4, 4), pt(4, 8), pt(8, 8), pt(8, 4), pt(4, 4), pt(1, 4)];

/** Click every vertex with the polygon tool, then press Enter. Zooms in so vertices never snap closed early. */
export function polygon(editor: Editor, points: ImagePoint[]): void {
  editor.setTool("polygon");
  editor.zoomBy(8);
  for (const p of points) click(editor, p);
  editor.commitPath();
}

import type { ImagePoint } from "../core/geometry";
import type { Command } from "../core/history";
import type { LabelDocument } from "../core/labelDocument";
import type { BorderMode } from "../core/paintPolicy";
import type { RgbaImage } from "../core/regionOps";

export type ToolName = "brush" | "eraser" | "pen" | "polygon" | "fill" | "wand";

export const TOOL_NAMES: readonly ToolName[] = ["brush", "eraser", "pen", "polygon", "fill", "wand"];

/** The object a tool paints with; `created` holds the command that created it for this edit, if any. */
export interface PaintTarget {
  readonly index: number;
  readonly created: Command[];
}

/** What tools need from the editor. */
export interface ToolHost {
  readonly document: LabelDocument;
  readonly brushSize: number;
  readonly borderMode: BorderMode;
  readonly wandTolerance: number;
  /** Selected object index, 0 = none. */
  readonly selectedObject: number;
  /** The selected object, or a new object of the active class; null when there is nothing to paint with. */
  paintTarget(): PaintTarget | null;
  /** The image's RGBA pixels (for the magic wand), or null while unavailable. */
  imagePixels(): RgbaImage | null;
  /** How many image pixels one screen pixel spans (for hit tolerances). */
  imagePixelsPerScreenPixel(): number;
  /** The tool's preview (cursor, path) changed. */
  previewChanged(): void;
}

/** What the interactive layer draws for the active tool. */
export type ToolPreview =
  | { readonly kind: "brush"; readonly center: ImagePoint; readonly radius: number; readonly erasing: boolean }
  | { readonly kind: "path"; readonly points: readonly ImagePoint[]; readonly hover: ImagePoint | null }
  | { readonly kind: "none" };

/** A tool is a small state machine driven by pointer events in image coordinates. */
export interface Tool {
  readonly name: ToolName;
  /** True while a stroke or path is in progress. */
  readonly busy: boolean;
  pointerDown(p: ImagePoint): void;
  pointerMove(p: ImagePoint): void;
  pointerUp(p: ImagePoint): void;
  doubleClick(p: ImagePoint): void;
  /** Finish an in-progress path (Enter). */
  commit(): void;
  /** Escape: roll back the in-progress stroke or path. Returns whether anything was cancelled. */
  cancel(): boolean;
  preview(): ToolPreview;
}

export function pixelOf(p: ImagePoint): { x: number; y: number } {
  return { x: Math.floor(p.x), y: Math.floor(p.y) };
}

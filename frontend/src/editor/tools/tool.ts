import type { ImagePoint } from "../core/geometry";
import type { Command } from "../core/history";
import type { LabelDocument } from "../core/labelDocument";
import type { BorderMode } from "../core/paintPolicy";
import type { RgbaImage } from "../core/regionOps";
import type { ToolPreview } from "./previews";

export type ToolName = "brush" | "eraser" | "pen" | "polygon" | "fill" | "wand" | "segment" | "proposals";

export const TOOL_NAMES: readonly ToolName[] = ["brush", "eraser", "pen", "polygon", "fill", "wand", "segment", "proposals"];

/** Keys held during a pointer press (auto-segment: shift or alt marks a negative click or scribble). */
export interface PointerModifiers {
  readonly shift?: boolean;
  readonly alt?: boolean;
}

/** The object a tool paints with; `created` holds the command that created it for this edit, if any. */
export interface PaintTarget {
  readonly index: number;
  readonly created: Command[];
}

/** What every tool may need from the editor. A tool that needs more takes it as its own interface (SegmentSink). */
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
  /** The tool's preview (cursor, path, prompts) changed. */
  previewChanged(): void;
}

/** A tool is a small state machine driven by pointer events in image coordinates. */
export interface Tool {
  readonly name: ToolName;
  /** True while a stroke or path is in progress. */
  readonly busy: boolean;
  pointerDown(p: ImagePoint, modifiers?: PointerModifiers): void;
  /** The pointer moved, pressed or not; `modifiers` as held now (auto-segment: what a click there would add). */
  pointerMove(p: ImagePoint, modifiers?: PointerModifiers): void;
  pointerUp(p: ImagePoint): void;
  doubleClick(p: ImagePoint): void;
  /** Finish an in-progress path (Enter). */
  commit(): void;
  /** Escape: roll back the in-progress stroke or path. Returns whether anything was cancelled. */
  cancel(): boolean;
  preview(): ToolPreview;
  // Optional but generic: the input layer sends every tool a right-click (as it
  // sends double-clicks), and a tool that builds something in steps outside the
  // label's undo history may want Ctrl+Z to take back its newest step first.
  // Only auto-segment uses them today (a background point; dropping a prompt).
  /** Right-click without dragging. */
  secondaryClick?(p: ImagePoint): void;
  /** Ctrl+Z: take back the tool's newest step that is not in the label's undo history. False when it has none. */
  undoStep?(): boolean;
}

export function pixelOf(p: ImagePoint): { x: number; y: number } {
  return { x: Math.floor(p.x), y: Math.floor(p.y) };
}

import type { ImagePoint } from "../core/geometry";
import type { Command } from "../core/history";
import type { LabelDocument } from "../core/labelDocument";
import type { BorderMode } from "../core/paintPolicy";
import type { RgbaImage } from "../core/regionOps";
import type { SegmentProposal } from "../core/segmentProposal";
import type { SegmentBox, SegmentPoint, SegmentRequest, SegmentScribble, SegmentState } from "./segmentTypes";

export type ToolName = "brush" | "eraser" | "pen" | "polygon" | "fill" | "wand" | "segment";

export const TOOL_NAMES: readonly ToolName[] = ["brush", "eraser", "pen", "polygon", "fill", "wand", "segment"];

/** Keys held during a pointer press (the auto-segment tool reads them: shift or alt marks a negative click or scribble). */
export interface PointerModifiers {
  readonly shift?: boolean;
  readonly alt?: boolean;
}

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
  /** The auto-segment prompts changed: the app should compute a proposal. */
  segmentRequested(request: SegmentRequest): void;
  /** The auto-segment state (prompts, proposal, waiting) changed. */
  segmentChanged(state: SegmentState): void;
}

/** What the interactive layer draws for the active tool. */
export type ToolPreview =
  | { readonly kind: "brush"; readonly center: ImagePoint; readonly radius: number; readonly erasing: boolean }
  | { readonly kind: "path"; readonly points: readonly ImagePoint[]; readonly hover: ImagePoint | null }
  | {
      readonly kind: "segment";
      readonly box: SegmentBox | null;
      /** The box being dragged, corner to corner. */
      readonly dragging: { readonly from: ImagePoint; readonly to: ImagePoint } | null;
      /** The scribble being drawn: the pointer's path so far. */
      readonly drawing: { readonly points: readonly ImagePoint[]; readonly positive: boolean; readonly radius: number } | null;
      readonly points: readonly SegmentPoint[];
      readonly scribbles: readonly SegmentScribble[];
      readonly proposal: SegmentProposal | null;
      /** The proposal is for older prompts: a newer one is being computed. */
      readonly stale: boolean;
    }
  | { readonly kind: "none" };

/** A tool is a small state machine driven by pointer events in image coordinates. */
export interface Tool {
  readonly name: ToolName;
  /** True while a stroke or path is in progress. */
  readonly busy: boolean;
  pointerDown(p: ImagePoint, modifiers?: PointerModifiers): void;
  pointerMove(p: ImagePoint): void;
  pointerUp(p: ImagePoint): void;
  doubleClick(p: ImagePoint): void;
  /** Finish an in-progress path (Enter). */
  commit(): void;
  /** Escape: roll back the in-progress stroke or path. Returns whether anything was cancelled. */
  cancel(): boolean;
  preview(): ToolPreview;
  /** Right-click without dragging (auto-segment: a negative point). */
  secondaryClick?(p: ImagePoint): void;
  /** Ctrl+Z while the tool holds unsaved prompts: drop the newest prompt. Returns false when it has none. */
  undoStep?(): boolean;
}

export function pixelOf(p: ImagePoint): { x: number; y: number } {
  return { x: Math.floor(p.x), y: Math.floor(p.y) };
}

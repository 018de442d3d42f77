import type { Rect } from "./core/geometry";
import type { AppAction } from "./core/keymap";
import type { ClassId, JsonValue, LabelObject, OntologyClass } from "./core/objectList";
import type { BorderMode } from "./core/paintPolicy";
import type { ToolName } from "./tools/tool";
import type { ProposalsState } from "./tools/proposalTool";
import type { SegmentHover, SegmentRequest, SegmentState } from "./tools/segmentTypes";
import type { ViewState } from "./view/viewState";

export interface EditorOptions {
  readonly width: number;
  readonly height: number;
  readonly classes?: readonly OntologyClass[];
  /** Undo budget in bytes (default 100 MB). */
  readonly historyBytes?: number;
  /** Clock for the productive time tracker (ms). */
  readonly now?: () => number;
}

export interface ToolState {
  readonly tool: ToolName;
  readonly brushSize: number;
  readonly borderMode: BorderMode;
  readonly wandTolerance: number;
  readonly busy: boolean;
}

export interface HistoryState {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Edited since the last load or markSaved(). */
  readonly modified: boolean;
}

export interface SelectionState {
  /** Selected object index, 0 = none. */
  readonly objectIndex: number;
  /** Class that new objects get. */
  readonly classId: ClassId | null;
}

export interface ZoomState {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

/** Events the editor emits; subscribe with editor.on(name, callback). */
export interface EditorEvents {
  change: HistoryState;
  objects: readonly LabelObject[];
  classifications: Readonly<Record<string, JsonValue>>;
  selection: SelectionState;
  dirty: Rect;
  tool: ToolState;
  zoom: ZoomState;
  view: ViewState;
  action: AppAction;
  /** The auto-segment prompts changed: compute a proposal and pass it to setSegmentProposal. */
  segmentRequest: SegmentRequest;
  segment: SegmentState;
  /** The pointer rests on a pixel with the auto-segment tool: the request a click there would make (less its id), to decode ahead. */
  segmentHover: SegmentHover;
  /** The segment-everything proposals changed (handed over, hovered, accepted). */
  proposals: ProposalsState;
}

export const MIN_BRUSH_SIZE = 1;
export const MAX_BRUSH_SIZE = 500;

/**
 * The canvas engine for pixel-accurate segmentation masks. React (or anything
 * else) talks to it through the Editor facade and its typed events.
 */
export { Editor } from "./editor";
export { MAX_BRUSH_SIZE, MIN_BRUSH_SIZE } from "./editorTypes";
export type { EditorEvents, EditorOptions, HistoryState, SelectionState, ToolState, ZoomState } from "./editorTypes";
export type { EditorImage } from "./render/imageSource";
export type { InputOptions } from "./render/inputController";
export { DEFAULT_SPECK_AREA } from "./objectOperations";
export { imagePoint, screenPoint } from "./core/geometry";
export type { ImagePoint, Rect, ScreenPoint } from "./core/geometry";
export type { BorderMode } from "./core/paintPolicy";
export type { OutsideEdit } from "./core/history";
export type { ObjectChange } from "./core/labelDocument";
export type { ClassId, JsonRecord, JsonValue, LabelObject, OntologyClass } from "./core/objectList";
export { DEFAULT_KEYMAP, chordOf, matchKey } from "./core/keymap";
export type { AppAction, EditorAction, KeyAction, KeyBinding, KeyInput } from "./core/keymap";
export { ProductiveTimeTracker, IDLE_AFTER_MS } from "./core/timeTracker";
export { TOOL_NAMES } from "./tools/tool";
export type { PointerModifiers, ToolName } from "./tools/tool";
export type { ToolPreview } from "./tools/previews";
export type { SegmentBox, SegmentMode, SegmentPoint, SegmentRequest, SegmentHover, SegmentRequestScribble, SegmentScribble, SegmentState } from "./tools/segmentTypes";
export { EMPTY_SEGMENT_STATE, MAX_SCRIBBLES, MAX_SCRIBBLE_POINTS, hasSegmentPrompts } from "./tools/segmentTypes";
export type { CroppedMask, ProposalMask } from "./core/segmentProposal";
export { croppedMaskOf } from "./core/segmentProposal";
export { EMPTY_REGION, RegionBuilder } from "./core/region";
export type { Region } from "./core/region";
export type { ProposalInput } from "./core/proposalSet";
export type { ProposalsState } from "./tools/proposalTool";
export type { RgbaImage } from "./core/regionOps";
export { countsToString, decodeRle, encodeRle, stringToCounts } from "./io/rle";
export type { CocoRle, UncompressedRle, WireRle } from "./io/rle";
export { labelObjectsFromResponse, toLabelBody } from "./io/labelBody";
export type { LabelBody, LabelBodyObject, LabelResponse, LabelResponseObject } from "./io/labelBody";
export type { Solo } from "./view/overlayStyle";
export type { ViewState } from "./view/viewState";

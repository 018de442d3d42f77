import type { AppAction, KeyBinding } from "./core/keymap";
import type { BorderMode } from "./core/paintPolicy";
import type { ToolName } from "./tools/tool";

/** The editor operations the key map drives. */
export interface KeyActionTarget {
  readonly brushSize: number;
  readonly borderMode: BorderMode;
  readonly viewSettings: { readonly outlineOnly: boolean };
  setTool(name: ToolName): void;
  setBrushSize(px: number): void;
  setBorderMode(mode: BorderMode): void;
  setOutlineOnly(on: boolean): void;
  setClassByPosition(position: number): boolean;
  toggleSelectedHidden(): boolean;
  cycleObject(step: 1 | -1): boolean;
  deleteObject(): boolean;
  undo(): void;
  redo(): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  oneToOne(): void;
  cancel(): boolean;
  commitPath(): void;
  /** Auto-segment scribble mode on/off (picks the auto-segment tool first when another is active). */
  toggleScribbleMode(): void;
}

/** Brush size steps: by one pixel when small, by 25 % when large. */
export function nextBrushSize(size: number, larger: boolean): number {
  if (larger) return size >= 10 ? size * 1.25 : size + 1;
  return size > 10 ? size / 1.25 : size - 1;
}

/** Run the action of a key binding. Returns whether it did something. */
export function performKeyAction(
  target: KeyActionTarget,
  binding: Pick<KeyBinding, "action" | "arg">,
  onAppAction: (action: AppAction) => void,
): boolean {
  const action = binding.action;
  if (action.startsWith("app.")) {
    onAppAction(action as AppAction);
    return true;
  }
  if (action.startsWith("tool.")) {
    target.setTool(action.slice("tool.".length) as ToolName);
    return true;
  }
  switch (action) {
    case "brush.smaller":
    case "brush.larger":
      target.setBrushSize(nextBrushSize(target.brushSize, action === "brush.larger"));
      return true;
    case "undo":
      target.undo();
      return true;
    case "redo":
      target.redo();
      return true;
    case "class.select":
      return target.setClassByPosition(binding.arg ?? 1);
    case "borderMode.toggle":
      target.setBorderMode(target.borderMode === "over" ? "behind" : "over");
      return true;
    case "object.toggleHidden":
      return target.toggleSelectedHidden();
    case "object.next":
      return target.cycleObject(1);
    case "object.previous":
      return target.cycleObject(-1);
    case "object.delete":
      return target.deleteObject();
    case "view.toggleOutline":
      target.setOutlineOnly(!target.viewSettings.outlineOnly);
      return true;
    case "zoom.in":
      target.zoomIn();
      return true;
    case "zoom.out":
      target.zoomOut();
      return true;
    case "zoom.fit":
      target.fit();
      return true;
    case "zoom.oneToOne":
      target.oneToOne();
      return true;
    case "cancel":
      return target.cancel();
    case "path.commit":
      target.commitPath();
      return true;
    case "segment.toggleScribble":
      target.toggleScribbleMode();
      return true;
    default:
      return false;
  }
}

/** Actions the editor performs itself. */
export type EditorAction =
  | "tool.brush"
  | "tool.eraser"
  | "tool.pen"
  | "tool.polygon"
  | "tool.fill"
  | "tool.wand"
  | "tool.segment"
  | "tool.proposals"
  | "segment.toggleScribble"
  | "brush.smaller"
  | "brush.larger"
  | "undo"
  | "redo"
  | "class.select"
  | "borderMode.toggle"
  | "object.toggleHidden"
  | "object.next"
  | "object.previous"
  | "object.delete"
  | "view.toggleOutline"
  | "zoom.in"
  | "zoom.out"
  | "zoom.fit"
  | "zoom.oneToOne"
  | "cancel"
  | "path.commit";

/** Actions the app handles (the editor only reports them through its "action" event). */
export type AppAction = "app.submitAndNext" | "app.nextImage" | "app.previousImage" | "app.help" | "app.acceptConfident";

export type KeyAction = EditorAction | AppAction;

export interface KeyBinding {
  /** Normalised chord, e.g. "ctrl+shift+z"; also what a help overlay shows. */
  readonly chord: string;
  readonly action: KeyAction;
  /** For class.select: the class position 1..9. */
  readonly arg?: number;
  readonly description: string;
}

function bind(chord: string, action: KeyAction, description: string, arg?: number): KeyBinding {
  return arg === undefined ? { chord, action, description } : { chord, action, description, arg };
}

/** The default key map ("ctrl" also matches Cmd on macOS). */
export const DEFAULT_KEYMAP: readonly KeyBinding[] = [
  bind("b", "tool.brush", "Brush"),
  bind("e", "tool.eraser", "Eraser"),
  bind("p", "tool.pen", "Pen (click: straight, drag: freehand)"),
  bind("g", "tool.polygon", "Polygon"),
  bind("f", "tool.fill", "Bucket fill"),
  bind("w", "tool.wand", "Magic wand"),
  bind("s", "tool.segment", "Auto-segment (drag a box or click the object; Shift+click: background)"),
  bind("a", "tool.proposals", "Proposals (segment everything): click an outlined object to make it an object of the current class; Shift+click adds it to the selected object"),
  bind("shift+s", "segment.toggleScribble", "Auto-segment: switch drag between box and scribble (Shift+drag: background scribble)"),
  bind("[", "brush.smaller", "Smaller brush"),
  bind("]", "brush.larger", "Larger brush"),
  bind("ctrl+z", "undo", "Undo"),
  bind("ctrl+shift+z", "redo", "Redo"),
  bind("ctrl+y", "redo", "Redo"),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => bind(String(n), "class.select", `Class ${n}`, n)),
  bind("o", "borderMode.toggle", "Draw over / behind other objects"),
  bind("h", "object.toggleHidden", "Hide (and lock) or show the selected object"),
  bind("l", "view.toggleOutline", "Outline-only view"),
  bind("tab", "object.next", "Next object"),
  bind("shift+tab", "object.previous", "Previous object"),
  bind("delete", "object.delete", "Delete the selected object"),
  bind("backspace", "object.delete", "Delete the selected object"),
  bind("+", "zoom.in", "Zoom in"),
  bind("=", "zoom.in", "Zoom in"),
  bind("-", "zoom.out", "Zoom out"),
  bind("0", "zoom.fit", "Fit the image"),
  bind("shift+0", "zoom.oneToOne", "Zoom 1:1"),
  bind("escape", "cancel", "Cancel the stroke, path or auto-segment prompts"),
  bind("enter", "path.commit", "Close the path / accept the auto-segment mask"),
  bind("ctrl+enter", "app.submitAndNext", "Submit and next image"),
  bind(".", "app.nextImage", "Next image (next frame in a sequence)"),
  bind("pagedown", "app.nextImage", "Next image"),
  bind(",", "app.previousImage", "Previous image (previous frame in a sequence)"),
  bind("pageup", "app.previousImage", "Previous image"),
  bind("?", "app.help", "Keyboard shortcuts"),
  bind("shift+a", "app.acceptConfident", "Pre-labels: keep the objects scored at or above the threshold, delete the rest"),
];

/** The parts of a KeyboardEvent the key map reads. */
export interface KeyInput {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly shiftKey?: boolean;
  readonly altKey?: boolean;
}

/**
 * The chord of a key event. Digits are read from `code` so shift+0 stays "0"
 * on every layout; shift is dropped for punctuation, whose key already says it ("+", "?").
 */
export function chordOf(input: KeyInput): string {
  let key = input.key === " " ? "space" : input.key.toLowerCase();
  if (input.code && /^(Digit|Numpad)[0-9]$/.test(input.code)) key = input.code.slice(-1);
  const named = key.length > 1 || /^[a-z0-9]$/.test(key);
  const parts: string[] = [];
  if (input.ctrlKey || input.metaKey) parts.push("ctrl");
  if (input.altKey) parts.push("alt");
  if (input.shiftKey && named) parts.push("shift");
  parts.push(key);
  return parts.join("+");
}

export function matchKey(input: KeyInput, keymap: readonly KeyBinding[] = DEFAULT_KEYMAP): KeyBinding | null {
  const chord = chordOf(input);
  return keymap.find((b) => b.chord === chord) ?? null;
}

// The review page's keyboard shortcuts: which key does what, and when a key does nothing.
// Pure (no DOM, no React) so it is tested in node; ReviewPage listens and runs the action.
import { chordOf, type KeyInput } from "../../editor";
import type { Zoom } from "./ReviewCanvas";

export type ReviewAction =
  | "accept"
  | "reject"
  | "fix"
  | "next"
  | "masks.toggle"
  | "outline.toggle"
  | "opacity.less"
  | "opacity.more"
  | "zoom.fit"
  | "zoom.in"
  | "zoom.out"
  | "help"
  | "help.close";

export interface ReviewKeyBinding {
  /** Normalised as the editor's key map writes it (chordOf): "a", "?", "escape". */
  readonly chord: string;
  readonly action: ReviewAction;
  readonly description: string;
}

function bind(chord: string, action: ReviewAction, description: string): ReviewKeyBinding {
  return { chord, action, description };
}

/** Letters the label editor also knows mean the same kind of thing here (L: outline view, 0: fit, ?: help). */
export const REVIEW_KEYMAP: readonly ReviewKeyBinding[] = [
  bind("a", "accept", "Accept the label (after a fix: accept the fixed label)"),
  bind("r", "reject", "Reject: go to the comment box (Ctrl+Enter there sends the rejection)"),
  bind("f", "fix", "Fix the label in the editor (opens a new tab)"),
  bind("n", "next", "Next item: skip this one (asks why), or check the queue again"),
  bind("m", "masks.toggle", "Show / hide the masks"),
  bind("l", "outline.toggle", "Outlines only (no mask fill)"),
  bind("[", "opacity.less", "Less mask opacity"),
  bind("]", "opacity.more", "More mask opacity"),
  bind("0", "zoom.fit", "Fit the image"),
  bind("+", "zoom.in", "Zoom in"),
  bind("=", "zoom.in", "Zoom in"),
  bind("-", "zoom.out", "Zoom out"),
  bind("?", "help", "Keyboard shortcuts"),
  bind("escape", "help.close", "Close the shortcuts overlay"),
];

/** Keys that may act again while held down; a held A or R does its action once. */
const REPEATABLE: ReadonlySet<ReviewAction> = new Set(["opacity.less", "opacity.more", "zoom.in", "zoom.out"]);

/** The key a button's title names: "Accept (A)". */
export function keyOf(action: ReviewAction): string {
  const chord = REVIEW_KEYMAP.find((b) => b.action === action)?.chord ?? "";
  return chord.length === 1 ? chord.toUpperCase() : chord;
}

/** What a focused element is, as far as typing goes (an Element, or a plain object in tests). */
export interface KeyTarget {
  readonly tagName?: string;
  readonly type?: string;
  readonly isContentEditable?: boolean;
}

/** Input types that take no typed characters: shortcuts still work while one has focus (as in the editor). */
const NON_TEXT_INPUTS = new Set(["range", "checkbox", "radio", "button", "submit", "reset", "color", "file", "image"]);

/** True while the user types: a text input, a textarea, a select or contenteditable has the key. */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== "object") return false;
  const { tagName, type, isContentEditable } = target as KeyTarget;
  if (isContentEditable) return true;
  const tag = (tagName ?? "").toUpperCase();
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((type ?? "text").toLowerCase());
  return tag === "TEXTAREA" || tag === "SELECT";
}

/** The parts of a KeyboardEvent the shortcuts read. */
export interface ReviewKeyEvent extends KeyInput {
  readonly repeat?: boolean;
  readonly isComposing?: boolean;
  readonly target?: unknown;
}

/**
 * The action of a key press, or null: no binding, a modifier combination (Ctrl, Cmd, Alt: the
 * browser's and the system's), typing in a field, an IME composition, a held key repeating, or an
 * action that is not enabled now (the UI disables its control).
 */
export function reviewKeyAction(event: ReviewKeyEvent, enabled: ReadonlySet<ReviewAction>): ReviewAction | null {
  return keyActionIn(REVIEW_KEYMAP, REPEATABLE, event, enabled);
}

/** reviewKeyAction over any key map of the page (the consensus panel has its own). */
export function keyActionIn<A extends string>(
  keymap: readonly { readonly chord: string; readonly action: A }[],
  repeatable: ReadonlySet<A>,
  event: ReviewKeyEvent,
  enabled: ReadonlySet<A>,
): A | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  if (isTypingTarget(event.target)) return null;
  const binding = keymap.find((b) => b.chord === chordOf(event));
  if (!binding || !enabled.has(binding.action)) return null;
  if (event.repeat && !repeatable.has(binding.action)) return null;
  return binding.action;
}

/** Ctrl+Enter (Cmd+Enter) in the comment box or a pin note: send the rejection. */
export function isRejectSubmit(event: KeyInput): boolean {
  return event.key === "Enter" && !!(event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/** The zoom menu's steps, smallest first. */
export const ZOOM_LEVELS: readonly Zoom[] = ["fit", 1, 2, 4];

/** The next zoom step in or out; the same zoom at either end (or for a zoom not in the menu). */
export function stepZoom(zoom: Zoom, direction: 1 | -1): Zoom {
  const i = ZOOM_LEVELS.indexOf(zoom);
  if (i < 0) return zoom;
  return ZOOM_LEVELS[Math.max(0, Math.min(ZOOM_LEVELS.length - 1, i + direction))];
}

export const OPACITY_STEP = 0.1;

/** Mask opacity one step less or more, within 0..1, kept to the slider's 0.05 grid. */
export function stepOpacity(opacity: number, direction: 1 | -1): number {
  return Math.max(0, Math.min(1, Math.round((opacity + direction * OPACITY_STEP) * 20) / 20));
}

export interface ReviewKeyState {
  readonly helpOpen: boolean;
  /** What the page shows: a label to review, an empty or failed queue ("Check again"), or anything else. */
  readonly view: "item" | "empty" | "error" | "other";
  /** A decision or skip is being sent: Accept, Reject, Fix and Skip are disabled. */
  readonly busy: boolean;
  /** The mask opacity slider is disabled while the masks are hidden or drawn as outlines only. */
  readonly masksShown: boolean;
  readonly outlineOnly: boolean;
  readonly zoom: Zoom;
}

/** The actions whose controls are enabled now; the keys of the others do nothing. */
export function enabledReviewActions(state: ReviewKeyState): Set<ReviewAction> {
  // The overlay is modal: only ? and Esc (which close it) work under it.
  if (state.helpOpen) return new Set<ReviewAction>(["help", "help.close"]);
  const enabled = new Set<ReviewAction>(["help"]);
  if (state.view === "empty" || state.view === "error") enabled.add("next");
  if (state.view !== "item") return enabled;
  if (!state.busy) for (const action of ["accept", "reject", "fix", "next"] as const) enabled.add(action);
  enabled.add("masks.toggle");
  enabled.add("outline.toggle");
  if (state.masksShown && !state.outlineOnly) {
    enabled.add("opacity.less");
    enabled.add("opacity.more");
  }
  enabled.add("zoom.fit");
  if (stepZoom(state.zoom, 1) !== state.zoom) enabled.add("zoom.in");
  if (stepZoom(state.zoom, -1) !== state.zoom) enabled.add("zoom.out");
  return enabled;
}

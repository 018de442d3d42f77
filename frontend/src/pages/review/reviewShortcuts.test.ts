import { describe, expect, it } from "vitest";
import { prettyChord, shortcutRows } from "../label/shortcuts";
import {
  enabledReviewActions,
  isRejectSubmit,
  isTypingTarget,
  keyOf,
  REVIEW_KEYMAP,
  reviewKeyAction,
  stepOpacity,
  stepZoom,
  type ReviewAction,
  type ReviewKeyEvent,
  type ReviewKeyState,
} from "./reviewShortcuts";

const ALL = new Set<ReviewAction>(REVIEW_KEYMAP.map((b) => b.action));
const ITEM: ReviewKeyState = { helpOpen: false, view: "item", busy: false, masksShown: true, outlineOnly: false, zoom: "fit" };
const body = { tagName: "BODY" };

/** A key press as the browser reports it (US layout: "?" and "+" come with Shift). */
function key(k: string, extra: Partial<ReviewKeyEvent> = {}): ReviewKeyEvent {
  const shifted = k === "?" || k === "+";
  const code = /^[0-9]$/.test(k) ? `Digit${k}` : undefined;
  return { key: k, code, shiftKey: shifted, target: body, ...extra };
}

describe("review shortcuts: keys", () => {
  it("maps each key to its action", () => {
    const expected: [string, ReviewAction][] = [
      ["a", "accept"],
      ["r", "reject"],
      ["f", "fix"],
      ["n", "next"],
      ["m", "masks.toggle"],
      ["l", "outline.toggle"],
      ["[", "opacity.less"],
      ["]", "opacity.more"],
      ["0", "zoom.fit"],
      ["+", "zoom.in"],
      ["=", "zoom.in"],
      ["-", "zoom.out"],
      ["?", "help"],
      ["Escape", "help.close"],
    ];
    for (const [k, action] of expected) expect(reviewKeyAction(key(k), ALL), k).toBe(action);
    // every binding is exercised above
    expect(new Set(expected.map(([, a]) => a))).toEqual(ALL);
    // Caps Lock gives "A" without Shift: still Accept
    expect(reviewKeyAction(key("A"), ALL)).toBe("accept");
  });

  it("has one action per key, and unbound keys do nothing", () => {
    const chords = REVIEW_KEYMAP.map((b) => b.chord);
    expect(new Set(chords).size).toBe(chords.length);
    for (const k of ["x", "Enter", " ", "Tab", "1", "Delete"]) expect(reviewKeyAction(key(k), ALL), k).toBeNull();
  });

  it("ignores Ctrl, Cmd and Alt combinations (and Shift with a letter)", () => {
    for (const mod of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }]) {
      for (const k of ["a", "r", "f", "n", "m", "0", "?", "Escape"]) expect(reviewKeyAction(key(k, mod), ALL), `${JSON.stringify(mod)} ${k}`).toBeNull();
    }
    expect(reviewKeyAction(key("A", { shiftKey: true }), ALL)).toBeNull();
    expect(reviewKeyAction(key("0", { shiftKey: true }), ALL)).toBeNull();
  });

  it("ignores keys typed into inputs, textareas, selects and contenteditable", () => {
    const typing = [
      { tagName: "INPUT", type: "text" },
      { tagName: "INPUT" },
      { tagName: "input", type: "search" },
      { tagName: "TEXTAREA" },
      { tagName: "SELECT" },
      { tagName: "DIV", isContentEditable: true },
    ];
    for (const target of typing) {
      expect(isTypingTarget(target)).toBe(true);
      for (const k of ["a", "r", "n", "?", "Escape"]) expect(reviewKeyAction(key(k, { target }), ALL), `${k} in ${JSON.stringify(target)}`).toBeNull();
    }
    // controls that take no typed characters keep the shortcuts, as in the editor
    for (const target of [{ tagName: "BUTTON" }, { tagName: "INPUT", type: "range" }, { tagName: "INPUT", type: "checkbox" }, body, null, undefined]) {
      expect(isTypingTarget(target)).toBe(false);
      expect(reviewKeyAction(key("a", { target }), ALL)).toBe("accept");
    }
  });

  it("acts once for a held key, except zoom and opacity steps", () => {
    expect(reviewKeyAction(key("a", { repeat: true }), ALL)).toBeNull();
    expect(reviewKeyAction(key("r", { repeat: true }), ALL)).toBeNull();
    expect(reviewKeyAction(key("m", { repeat: true }), ALL)).toBeNull();
    expect(reviewKeyAction(key("]", { repeat: true }), ALL)).toBe("opacity.more");
    expect(reviewKeyAction(key("+", { repeat: true }), ALL)).toBe("zoom.in");
    expect(reviewKeyAction(key("a", { isComposing: true }), ALL)).toBeNull();
  });

  it("sends a rejection on Ctrl+Enter or Cmd+Enter only", () => {
    expect(isRejectSubmit({ key: "Enter", ctrlKey: true })).toBe(true);
    expect(isRejectSubmit({ key: "Enter", metaKey: true })).toBe(true);
    expect(isRejectSubmit({ key: "Enter" })).toBe(false);
    expect(isRejectSubmit({ key: "Enter", ctrlKey: true, shiftKey: true })).toBe(false);
    expect(isRejectSubmit({ key: "Enter", ctrlKey: true, altKey: true })).toBe(false);
    expect(isRejectSubmit({ key: "r", ctrlKey: true })).toBe(false);
  });
});

describe("review shortcuts: disabled actions do nothing", () => {
  const on = (state: Partial<ReviewKeyState>) => enabledReviewActions({ ...ITEM, ...state });
  const press = (k: string, state: Partial<ReviewKeyState>) => reviewKeyAction(key(k), on(state));

  it("enables every action of an idle item", () => {
    const enabled = on({});
    for (const action of ["accept", "reject", "fix", "next", "masks.toggle", "outline.toggle", "opacity.less", "opacity.more", "zoom.fit", "zoom.in", "help"] as const) {
      expect(enabled.has(action), action).toBe(true);
    }
    expect(enabled.has("zoom.out")).toBe(false); // already at Fit, the smallest step
    expect(enabled.has("help.close")).toBe(false);
  });

  it("sends no decision while a request is in flight", () => {
    for (const k of ["a", "r", "f", "n"]) expect(press(k, { busy: true }), k).toBeNull();
    // the view still works
    expect(press("m", { busy: true })).toBe("masks.toggle");
    expect(press("?", { busy: true })).toBe("help");
  });

  it("changes opacity only while its slider is enabled: masks shown, not outlines only", () => {
    expect(press("[", { masksShown: false })).toBeNull();
    expect(press("]", { masksShown: false })).toBeNull();
    expect(press("l", { masksShown: false })).toBe("outline.toggle");
    expect(press("m", { masksShown: false })).toBe("masks.toggle");
    expect(press("]", { outlineOnly: true })).toBeNull();
    expect(press("l", { outlineOnly: true })).toBe("outline.toggle");
  });

  it("zooms within the menu's steps", () => {
    expect(press("+", { zoom: 4 })).toBeNull();
    expect(press("-", { zoom: 4 })).toBe("zoom.out");
    expect(press("-", { zoom: "fit" })).toBeNull();
    expect(stepZoom("fit", 1)).toBe(1);
    expect(stepZoom(1, 1)).toBe(2);
    expect(stepZoom(4, 1)).toBe(4);
    expect(stepZoom(1, -1)).toBe("fit");
    expect(stepZoom(3, 1)).toBe(3);
  });

  it("steps opacity on the slider's grid, within 0..1", () => {
    expect(stepOpacity(0.45, 1)).toBe(0.55);
    expect(stepOpacity(0.45, -1)).toBe(0.35);
    expect(stepOpacity(0.05, -1)).toBe(0);
    expect(stepOpacity(0.95, 1)).toBe(1);
  });

  it("lets only ? and Esc through while the overlay is open", () => {
    const enabled = on({ helpOpen: true });
    expect([...enabled].sort()).toEqual(["help", "help.close"]);
    expect(press("a", { helpOpen: true })).toBeNull();
    expect(press("Escape", { helpOpen: true })).toBe("help.close");
    expect(press("?", { helpOpen: true })).toBe("help");
  });

  it("without an item: N checks the queue again when it was empty or failed, item keys do nothing", () => {
    for (const view of ["empty", "error"] as const) {
      expect(press("n", { view })).toBe("next");
      for (const k of ["a", "r", "f", "m", "0"]) expect(press(k, { view }), `${k} (${view})`).toBeNull();
    }
    expect(press("n", { view: "other" })).toBeNull(); // loading: nothing to move on from
    expect(press("?", { view: "other" })).toBe("help");
  });
});

describe("review shortcuts: labels", () => {
  it("names keys in button titles", () => {
    expect(keyOf("accept")).toBe("A");
    expect(keyOf("reject")).toBe("R");
    expect(keyOf("fix")).toBe("F");
    expect(keyOf("next")).toBe("N");
    expect(keyOf("opacity.less")).toBe("[");
  });

  it("lists every key once in the help overlay", () => {
    const rows = shortcutRows(REVIEW_KEYMAP);
    expect(rows.find((r) => r.description === "Zoom in")?.keys).toEqual(["+", "="]);
    expect(rows.flatMap((r) => r.keys).sort()).toEqual(REVIEW_KEYMAP.map((b) => b.chord).sort());
    expect(prettyChord("escape")).toBe("Escape");
  });
});

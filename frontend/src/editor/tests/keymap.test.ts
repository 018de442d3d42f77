import { describe, expect, it } from "vitest";
import { DEFAULT_KEYMAP, chordOf, matchKey } from "../core/keymap";
import type { AppAction } from "../core/keymap";
import { makeEditor } from "./helpers";

describe("key map", () => {
  it("normalises chords", () => {
    expect(chordOf({ key: "Z", ctrlKey: true, shiftKey: true })).toBe("ctrl+shift+z");
    expect(chordOf({ key: "z", metaKey: true })).toBe("ctrl+z");
    expect(chordOf({ key: ")", code: "Digit0", shiftKey: true })).toBe("shift+0");
    expect(chordOf({ key: "+", shiftKey: true })).toBe("+");
    expect(chordOf({ key: "?", shiftKey: true })).toBe("?");
  });

  it("binds every chord once", () => {
    const chords = DEFAULT_KEYMAP.map((b) => b.chord);
    expect(new Set(chords).size).toBe(chords.length);
  });

  it.each([
    [{ key: "b" }, "tool.brush"],
    [{ key: "e" }, "tool.eraser"],
    [{ key: "p" }, "tool.pen"],
    [{ key: "g" }, "tool.polygon"],
    [{ key: "f" }, "tool.fill"],
    [{ key: "w" }, "tool.wand"],
    [{ key: "z", ctrlKey: true }, "undo"],
    [{ key: "Z", ctrlKey: true, shiftKey: true }, "redo"],
    [{ key: "y", ctrlKey: true }, "redo"],
    [{ key: "0", code: "Digit0" }, "zoom.fit"],
    [{ key: "Enter", ctrlKey: true }, "app.submitAndNext"],
    [{ key: "a" }, "tool.proposals"],
    [{ key: "A", shiftKey: true }, "app.acceptConfident"],
  ])("maps %o to %s", (input, action) => {
    expect(matchKey(input)?.action).toBe(action);
  });

  it("drives the editor: tools, brush size, zoom", () => {
    const editor = makeEditor();
    editor.handleKey({ key: "g" });
    expect(editor.tool).toBe("polygon");
    const size = editor.brushSize;
    editor.handleKey({ key: "]" });
    expect(editor.brushSize).toBeGreaterThan(size);
    editor.handleKey({ key: "[" });
    editor.handleKey({ key: "[" });
    expect(editor.brushSize).toBeLessThan(size);
    editor.resizeView(800, 600);
    editor.handleKey({ key: "+" });
    expect(editor.zoomState.scale).toBeGreaterThan(1);
    editor.handleKey({ key: ")", code: "Digit0", shiftKey: true });
    expect(editor.zoomState.scale).toBe(1);
  });

  it("reports app-level actions to the UI", () => {
    const editor = makeEditor();
    const actions: AppAction[] = [];
    editor.on("action", (a) => actions.push(a));
    expect(editor.handleKey({ key: "Enter", ctrlKey: true })).toBe(true);
    expect(editor.handleKey({ key: "." })).toBe(true);
    expect(editor.handleKey({ key: "q" })).toBe(false);
    expect(actions).toEqual(["app.submitAndNext", "app.nextImage"]);
  });
});

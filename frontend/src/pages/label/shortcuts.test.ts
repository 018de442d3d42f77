import { describe, expect, it } from "vitest";
import { DEFAULT_KEYMAP } from "../../editor";
import { prettyChord, shortcutRows } from "./shortcuts";

describe("help overlay rows", () => {
  it("writes every chord readably, punctuation keys included", () => {
    expect(prettyChord("ctrl+shift+z")).toBe("Ctrl+Shift+Z");
    expect(prettyChord("+")).toBe("+");
    expect(prettyChord("shift+0")).toBe("Shift+0");
    expect(prettyChord("pagedown")).toBe("Pagedown");
    for (const b of DEFAULT_KEYMAP) expect(prettyChord(b.chord).length).toBeGreaterThan(0);
  });

  it("lists every action of the default key map once, with all its keys", () => {
    const rows = shortcutRows(DEFAULT_KEYMAP);
    const descriptions = rows.map((r) => r.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    expect(rows.find((r) => r.description === "Redo")?.keys).toEqual(["ctrl+shift+z", "ctrl+y"]);
    expect(rows.find((r) => r.description.startsWith("Class"))?.keys).toEqual(["1 … 9"]);
    const covered = new Set(rows.flatMap((r) => r.keys));
    for (const b of DEFAULT_KEYMAP) if (b.action !== "class.select") expect(covered.has(b.chord)).toBe(true);
  });
});

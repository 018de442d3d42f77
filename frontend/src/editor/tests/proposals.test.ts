import { describe, expect, it } from "vitest";
import { proposalAt, proposalsFromMasks } from "../core/proposalSet";
import { type CocoRle, encodeRle } from "../io/rle";
import { proposalOutlinePixels, PROPOSAL_OUTLINE } from "../view/proposalRaster";
import type { ProposalsState } from "../tools/proposalTool";
import { at, click, countOf, drag, makeEditor, polygon, pt, rows } from "./helpers";

/** A full-image mask of the rectangle [x0, x1) x [y0, y1). */
function rectMask(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) mask.fill(1, y * width + x0, y * width + x1);
  return mask;
}

/** A 20x10 editor with two proposals: A = [2,8)x[2,8), B = [10,18)x[1,9) (sent as COCO RLE, as the server does). */
function withProposals() {
  const editor = makeEditor(20, 10);
  const a = rectMask(20, 10, 2, 2, 8, 8);
  const b = rectMask(20, 10, 10, 1, 18, 9);
  editor.setTool("proposals");
  editor.setProposals([
    { mask: a, score: 0.97 },
    { mask: encodeRle(Uint16Array.from(b), 20, 10).get(1) as CocoRle, score: 0.91 },
  ]);
  return { editor, a, b };
}

describe("segment everything: proposals", () => {
  it("hit-tests by pixel, smallest proposal first where they overlap, none outside", () => {
    const big = rectMask(10, 10, 0, 0, 10, 10);
    const small = rectMask(10, 10, 3, 3, 6, 6);
    const proposals = proposalsFromMasks([{ mask: big, score: 0.9 }, { mask: small, score: 0.8 }, { mask: new Uint8Array(100), score: 1 }], 10, 10);
    expect(proposals).toHaveLength(2); // the empty one is dropped
    expect(proposalAt(proposals, pt(4.5, 4.9))).toBe(1);
    expect(proposalAt(proposals, pt(0.2, 9.9))).toBe(0);
    expect(proposalAt(proposals, pt(10, 5))).toBe(-1);
    expect(proposalAt(proposals, pt(-0.5, 5))).toBe(-1);
  });

  it("outlines only the edge pixels", () => {
    const [p] = proposalsFromMasks([{ mask: rectMask(5, 5, 0, 0, 3, 3), score: 1 }], 5, 5);
    expect([...proposalOutlinePixels(p)].map((v) => (v === PROPOSAL_OUTLINE ? 1 : 0))).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
  });

  it("never touches the label or undo until clicked; hovering highlights and reports", () => {
    const { editor } = withProposals();
    const states: ProposalsState[] = [];
    editor.on("proposals", (s) => states.push(s));
    editor.pointerMove(pt(4, 4));
    expect(editor.proposalsState).toEqual({ loaded: true, count: 2, hovered: { score: 0.97, area: 36 } });
    const preview = editor.toolPreview;
    expect(preview.kind === "proposals" && preview.hovered?.region.area).toBe(36);
    editor.pointerMove(pt(0, 0));
    expect(editor.proposalsState.hovered).toBeNull();
    expect(states.map((s) => s.hovered?.area ?? null)).toEqual([36, null]);
    expect(countOf(editor, 0)).toBe(200);
    expect(editor.historyState.canUndo).toBe(false);
    expect(editor.objects).toHaveLength(0);
  });

  it("a click makes the proposal a new object of the active class, exactly its mask, as one undo entry", () => {
    const { editor, a, b } = withProposals();
    editor.setClass(12);
    click(editor, pt(4, 4));
    expect(editor.objects).toHaveLength(1);
    const first = editor.objects[0];
    expect(first.classId).toBe(12);
    expect([...editor.labelMap].map((v) => (v === first.index ? 1 : 0))).toEqual([...a]);
    expect(editor.proposalsState.count).toBe(1); // the taken one leaves the overlay
    // A second click makes a second object, even though the first is selected.
    click(editor, pt(12, 5));
    expect(editor.objects).toHaveLength(2);
    const second = editor.objects[1];
    expect([...editor.labelMap].map((v) => (v === second.index ? 1 : 0))).toEqual([...b]);
    editor.undo();
    expect(editor.objects).toHaveLength(1);
    expect(countOf(editor, second.index)).toBe(0);
    expect(countOf(editor, first.index)).toBe(36);
    editor.undo();
    expect(editor.objects).toHaveLength(0);
    expect(countOf(editor, 0)).toBe(200);
    expect(editor.historyState.canUndo).toBe(false);
  });

  it("a click outside every proposal, or a drag, changes nothing", () => {
    const { editor } = withProposals();
    click(editor, pt(0, 0));
    drag(editor, [pt(3, 3), pt(6, 3), pt(7, 7)]);
    expect(editor.objects).toHaveLength(0);
    expect(editor.historyState.canUndo).toBe(false);
    expect(editor.proposalsState.count).toBe(2);
  });

  it("respects the border mode: behind fills only unlabeled pixels, over takes them", () => {
    for (const mode of ["behind", "over"] as const) {
      const editor = makeEditor(20, 10);
      polygon(editor, [pt(0, 0), pt(5, 0), pt(5, 10), pt(0, 10)]); // object 1 covers x < 5
      const left = editor.selectedObject;
      editor.setTool("proposals");
      editor.setBorderMode(mode);
      editor.setProposals([{ mask: rectMask(20, 10, 2, 2, 8, 8), score: 0.9 }]);
      click(editor, pt(6, 4));
      const made = editor.objects[editor.objects.length - 1].index;
      expect(made).not.toBe(left);
      expect(at(editor, 3, 4)).toBe(mode === "over" ? made : left);
      expect(at(editor, 6, 4)).toBe(made);
      expect(countOf(editor, made)).toBe(mode === "over" ? 36 : 18);
    }
  });

  it("shift+click adds the proposal to the selected object", () => {
    const { editor } = withProposals();
    click(editor, pt(4, 4));
    const first = editor.selectedObject;
    editor.pointerDown(pt(12, 5), { shift: true });
    editor.pointerUp(pt(12, 5));
    expect(editor.objects).toHaveLength(1);
    expect(countOf(editor, first)).toBe(36 + 64);
  });

  it("without an active class nothing is made and the proposal stays", () => {
    const editor = makeEditor(20, 10);
    editor.setClasses([]);
    editor.setTool("proposals");
    editor.setProposals([{ mask: rectMask(20, 10, 2, 2, 8, 8), score: 0.9 }]);
    click(editor, pt(4, 4));
    expect(editor.objects).toHaveLength(0);
    expect(editor.proposalsState.count).toBe(1);
  });

  it("'a' picks the tool; setProposals(null) forgets them", () => {
    const { editor } = withProposals();
    editor.setTool("brush");
    expect(editor.handleKey({ key: "a" })).toBe(true);
    expect(editor.tool).toBe("proposals");
    editor.setProposals(null);
    expect(editor.proposalsState).toEqual({ loaded: false, count: 0, hovered: null });
    expect(rows(editor).join("")).toBe(".".repeat(200));
  });
});

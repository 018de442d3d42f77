import { describe, expect, it } from "vitest";
import type { ConsensusAsset } from "../../api/workflowTypes";
import {
  consensusKeyAction,
  enabledConsensusActions,
  formatAgreement,
  labelIndexOf,
  nextAsset,
  type ConsensusKeyState,
} from "./consensusLogic";

const OPEN: ConsensusKeyState = { helpOpen: false, labels: 3, shown: 0, busy: false, ownShown: false };
const body = { tagName: "BODY" };

function press(k: string, state: ConsensusKeyState = OPEN, extra: object = {}) {
  const code = /^[0-9]$/.test(k) ? `Digit${k}` : undefined;
  return consensusKeyAction({ key: k, code, target: body, ...extra }, enabledConsensusActions(state));
}

function row(asset: number): ConsensusAsset {
  return { asset, name: `a${asset}.png`, width: 4, height: 3, labels: 3, choice: null, agreement: 0.5, needs_pick: true };
}

describe("consensus keys", () => {
  it("switches between the labels that exist with 1..k", () => {
    expect(press("2")).toBe("label.2");
    expect(press("3")).toBe("label.3");
    expect(press("4")).toBeNull(); // only three labels
    expect(press("1")).toBeNull(); // already shown
    expect(labelIndexOf("label.3")).toBe(2);
    expect(labelIndexOf("choose")).toBeNull();
  });

  it("chooses with C and moves on with N unless a pick is being sent", () => {
    expect(press("c")).toBe("choose");
    expect(press("n")).toBe("next");
    expect(press("c", { ...OPEN, busy: true })).toBeNull();
    expect(press("n", { ...OPEN, busy: true })).toBeNull();
    expect(press("2", { ...OPEN, busy: true })).toBe("label.2"); // looking stays possible
  });

  it("never chooses the caller's own label", () => {
    expect(press("c", { ...OPEN, ownShown: true })).toBeNull();
    expect(press("n", { ...OPEN, ownShown: true })).toBe("next");
  });

  it("does nothing under the help overlay, while typing, with modifiers, or with no image open", () => {
    expect(press("2", { ...OPEN, helpOpen: true })).toBeNull();
    expect(press("2", OPEN, { target: { tagName: "TEXTAREA" } })).toBeNull();
    expect(press("c", OPEN, { ctrlKey: true })).toBeNull();
    expect(press("c", { ...OPEN, labels: 0 })).toBeNull();
  });
});

describe("after a pick", () => {
  it("opens the image listed next, wrapping to the first", () => {
    const list = [row(7), row(3), row(9)];
    expect(nextAsset(list, 3)).toBe(9);
    expect(nextAsset(list, 9)).toBe(7);
    expect(nextAsset([row(7)], 7)).toBeNull();
    expect(nextAsset(list, 42)).toBe(7); // gone from the list meanwhile
  });

  it("shows agreement as a percentage", () => {
    expect(formatAgreement(0.754)).toBe("75%");
    expect(formatAgreement(null)).toBe("–");
  });
});

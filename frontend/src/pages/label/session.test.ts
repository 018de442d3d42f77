import { describe, expect, it } from "vitest";
import type { Label } from "../../api/types";
import type { Draft } from "./drafts";
import { neighbourIds } from "./labelApi";
import { chooseStart, prelabelNote } from "./session";

const mask = { size: [2, 2] as [number, number], counts: "0401" };
const own = { id: 9, revision: 4, status: "draft", objects: [{ id: 1, class: 1, mask, attributes: {}, area: 4, bbox: [0, 0, 2, 2] }], classifications: {} } as unknown as Label;
const draft: Draft = { savedAt: 1, labelId: 9, baseRevision: 3, objects: [], classifications: {} };
const prediction = { id: 2, source: "trained", model_version: "2", score: 0.8149, objects: [{ class: 1, mask, score: 0.2 }, { class: 2, mask, score: 0.9 }, { class: 99, mask, score: 1 }] };

describe("chooseStart", () => {
  it("prefers a restorable draft and keeps its base revision, so a newer server revision is a 409", () => {
    const start = chooseStart(own, draft, [prediction], new Set([1, 2]));
    expect(start.source).toBe("draft");
    expect(start.save).toEqual({ labelId: 9, revision: 3, status: "draft", unsaved: true });
  });

  it("then the caller's label", () => {
    const start = chooseStart(own, null, [prediction], new Set([1, 2]));
    expect(start).toMatchObject({ source: "label", content: own, save: { labelId: 9, revision: 4, unsaved: false } });
  });

  it("then the latest prediction, most confident first and without archived classes", () => {
    const older = { id: 1, objects: [{ class: 1, mask }] };
    const start = chooseStart(null, null, [prediction, older], new Set([1, 2]));
    expect(start.source).toBe("predictions");
    expect(start.content?.objects.map((o) => o.class)).toEqual([2, 1]);
    expect(start.save).toEqual({ labelId: null, revision: null, status: null, unsaved: false });
    expect(start.prelabel).toEqual({ source: "trained", modelVersion: "2", score: 0.8149, objectScores: [0.9, 0.2] });
    expect(prelabelNote(start.prelabel!)).toBe("Pre-labeled by trained 2 (score 0.81): correct and submit.");
  });

  it("names the source even without a version or score", () => {
    expect(prelabelNote({ source: "import", modelVersion: "", score: null, objectScores: [] })).toBe("Pre-labeled by import: correct and submit.");
  });

  it("else an empty label", () => {
    expect(chooseStart(null, null, [], new Set([1])).source).toBe("empty");
  });
});

describe("neighbourIds", () => {
  it("finds the previous and next asset in id order", () => {
    expect(neighbourIds([5, 2, 9, 7], 7)).toEqual({ previous: 5, next: 9 });
    expect(neighbourIds([5, 2, 9], 2)).toEqual({ previous: null, next: 5 });
    expect(neighbourIds([5, 2, 9], 9)).toEqual({ previous: 5, next: null });
    expect(neighbourIds([5, 9], 6)).toEqual({ previous: 5, next: 9 });
  });
});

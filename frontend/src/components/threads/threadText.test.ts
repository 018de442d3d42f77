import { describe, expect, it } from "vitest";
import type { Thread } from "../../api/discussions";
import { completeMention, mentionQuery, mentionSegments, pinNumbers, pinnedThreads, sortThreads } from "./threadText";

describe("mentionSegments", () => {
  it("marks the mentions of known members and leaves the rest as text", () => {
    expect(mentionSegments("@ana look, @bob. not me@ana", new Set(["ana", "bob"]))).toEqual([
      { text: "@ana", mention: true },
      { text: " look, ", mention: false },
      { text: "@bob", mention: true },
      { text: ". not me@ana", mention: false },
    ]);
  });
  it("keeps unknown names as plain text", () => {
    expect(mentionSegments("hi @zed", new Set(["ana"]))).toEqual([{ text: "hi @zed", mention: false }]);
  });
});

describe("sortThreads", () => {
  const t = (id: number, status: Thread["status"]) => ({ id, status }) as Thread;
  it("puts open threads first, newest first", () => {
    expect(sortThreads([t(1, "open"), t(2, "resolved"), t(3, "open")]).map((x) => x.id)).toEqual([3, 1, 2]);
  });
});

describe("mention completion", () => {
  it("finds the word after @ at the caret and completes it", () => {
    expect(mentionQuery("see @an", 7)).toBe("an");
    expect(mentionQuery("mail a@b", 8)).toBeNull();
    expect(completeMention("see @an now", 7, "ana")).toEqual({ text: "see @ana  now", caret: 9 });
  });
});

describe("pinNumbers", () => {
  it("numbers the pinned threads in the order they were opened", () => {
    const t = (id: number, x: number | null) => ({ id, x, y: x }) as Thread;
    expect([...pinNumbers([t(5, 1), t(2, null), t(3, 4)])]).toEqual([[3, 1], [5, 2]]);
  });
  it("draws the same threads in the same order on the image", () => {
    const t = (id: number, x: number | null) => ({ id, x, y: x }) as Thread;
    expect(pinnedThreads([t(5, 1), t(2, null), t(3, 0)]).map((x) => x.id)).toEqual([3, 5]);
  });
});

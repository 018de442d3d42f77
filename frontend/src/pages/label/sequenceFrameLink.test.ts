import { describe, expect, it } from "vitest";
import { sequenceFrameLink } from "./sequenceFrameLink";

describe("sequenceFrameLink", () => {
  it("opens the sequence editor at the frame's place as the editor counts it, not the API's index", () => {
    // a restricted labeler sees one frame of four: index 2 is their frame 1
    const place = { sequence: 7, sequence_name: "walk", index: 2, position: 1, frames: 1 };
    expect(sequenceFrameLink(3, place)).toEqual({ text: "Frame 1 of walk", to: "/projects/3/sequences/7?frame=1" });
    expect(sequenceFrameLink(3, { ...place, position: 3, frames: 4 }).to).toBe("/projects/3/sequences/7?frame=3");
  });
});

import { describe, expect, it } from "vitest";
import { showDecoderText } from "./segmentStatusText";

describe("showDecoderText", () => {
  it("leaves out the decoder's 'preparing' while the click's status says the same", () => {
    expect(showDecoderText({ phase: "preparing" }, { phase: "embedding" })).toBe(false);
  });

  it("shows it otherwise: before a click, and once the decoder is ready or failed", () => {
    expect(showDecoderText({ phase: "preparing" }, { phase: "idle" })).toBe(true);
    expect(showDecoderText({ phase: "ready" }, { phase: "embedding" })).toBe(true);
    expect(showDecoderText({ phase: "failed" }, { phase: "pending" })).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { ProductiveTimeTracker } from "../core/timeTracker";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("productive time tracker", () => {
  it("counts nothing before the first input", () => {
    const c = clock();
    const tracker = new ProductiveTimeTracker(c.now);
    c.advance(30_000);
    expect(tracker.elapsedMs()).toBe(0);
  });

  it("counts time while input is at most 60 s old", () => {
    const c = clock();
    const tracker = new ProductiveTimeTracker(c.now);
    tracker.recordInput();
    c.advance(20_000);
    tracker.recordInput();
    c.advance(10_000);
    expect(tracker.elapsedMs()).toBe(30_000);
  });

  it("stops counting 60 s after the last input", () => {
    const c = clock();
    const tracker = new ProductiveTimeTracker(c.now);
    tracker.recordInput();
    c.advance(5 * 60_000);
    expect(tracker.elapsedMs()).toBe(60_000);
    tracker.recordInput();
    c.advance(1_500);
    expect(tracker.elapsedSeconds()).toBe(61);
  });

  it("does not count while the tab is hidden", () => {
    const c = clock();
    const tracker = new ProductiveTimeTracker(c.now);
    tracker.recordInput();
    c.advance(10_000);
    tracker.setVisible(false);
    c.advance(20_000);
    tracker.setVisible(true);
    c.advance(10_000);
    // 10 s before hiding, then 10 s after showing (the input is 40 s old, still recent).
    expect(tracker.elapsedMs()).toBe(20_000);
    c.advance(60_000);
    expect(tracker.elapsedMs()).toBe(40_000);
  });

  it("is reset for the next image", () => {
    const c = clock();
    const tracker = new ProductiveTimeTracker(c.now);
    tracker.recordInput();
    c.advance(5_000);
    tracker.reset();
    c.advance(5_000);
    expect(tracker.elapsedMs()).toBe(0);
  });
});

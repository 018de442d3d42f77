import { describe, expect, it } from "vitest";
import { saveRefusal } from "./pendingSegment";

describe("saveRefusal", () => {
  it("refuses a save while an auto-segment mask is shown but not accepted", () => {
    expect(saveRefusal(true)).toMatch(/^Accept the auto-segment mask first \(Enter\) or Esc to discard/);
  });

  it("lets a save through when no mask is pending", () => {
    expect(saveRefusal(false)).toBeNull();
  });
});

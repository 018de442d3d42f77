import { describe, expect, it } from "vitest";
import { claimFromSearch, labelUrlWithClaim } from "./claim";

describe("claim in the label page URL", () => {
  it("reads a positive integer claim id", () => {
    expect(claimFromSearch("?claim=42")).toBe(42);
    expect(claimFromSearch("?x=1&claim=7")).toBe(7);
  });

  it("ignores missing or malformed ids", () => {
    expect(claimFromSearch("")).toBeNull();
    expect(claimFromSearch("?claim=abc")).toBeNull();
    expect(claimFromSearch("?claim=-3")).toBeNull();
    expect(claimFromSearch("?claim=1.5")).toBeNull();
  });

  it("puts the claim on the next URL only when there is one", () => {
    expect(labelUrlWithClaim("/projects/1/assets/2/label", 9)).toBe("/projects/1/assets/2/label?claim=9");
    expect(labelUrlWithClaim("/projects/1/assets/2/label", null)).toBe("/projects/1/assets/2/label");
  });
});

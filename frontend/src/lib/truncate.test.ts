import { describe, expect, it } from "vitest";
import { splitForMiddle } from "./truncate";

describe("splitForMiddle", () => {
  it("keeps the frame number and the extension whole", () => {
    expect(splitForMiddle("0016E5_07901.png")).toEqual(["0016E5", "_07901.png"]);
    expect(splitForMiddle("0016E5_07901.png").join("")).toBe("0016E5_07901.png");
  });

  it("leaves short names in the tail, which is never cut", () => {
    expect(splitForMiddle("car.jpg")).toEqual(["", "car.jpg"]);
  });

  it("treats a long suffix after the last dot as part of the name", () => {
    expect(splitForMiddle("scan.2031-03-01-frame0042")).toEqual(["scan.2031-03-01-fra", "me0042"]);
  });
});

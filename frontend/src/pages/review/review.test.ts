import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { buildLabelMap, paintOverlay, parseColor } from "./maskOverlay";
import { clientToImage, fitSize, imageToClient, markerRadius } from "./pinGeometry";
import { explainError, frameSummary, heartbeatDelay, rejectionProblem, reviewBody } from "./reviewLogic";

describe("pin coordinates", () => {
  const rect = { left: 100, top: 50, width: 640, height: 480 }; // a 320x240 image shown at 200%

  it("maps a click to image pixels at any scale", () => {
    expect(clientToImage(100, 50, rect, 320, 240)).toEqual({ x: 0, y: 0 });
    expect(clientToImage(420, 290, rect, 320, 240)).toEqual({ x: 160, y: 120 });
    expect(clientToImage(740, 530, rect, 320, 240)).toEqual({ x: 320, y: 240 });
    expect(clientToImage(101, 51, rect, 320, 240)).toEqual({ x: 0.5, y: 0.5 });
  });

  it("rounds to 1/100 px and refuses clicks outside the image", () => {
    expect(clientToImage(100 + 1 / 3, 50, rect, 320, 240)).toEqual({ x: 0.17, y: 0 });
    expect(clientToImage(99, 60, rect, 320, 240)).toBeNull();
    expect(clientToImage(300, 531, rect, 320, 240)).toBeNull();
    expect(clientToImage(300, 300, { ...rect, width: 0 }, 320, 240)).toBeNull();
  });

  it("round-trips through imageToClient", () => {
    const shrunk = { left: 10, top: 20, width: 200, height: 150 }; // 4000x3000 shown at 5%
    const at = imageToClient({ x: 1234, y: 2345 }, shrunk, 4000, 3000);
    const back = clientToImage(at.clientX, at.clientY, shrunk, 4000, 3000);
    expect(back!.x).toBeCloseTo(1234, 1);
    expect(back!.y).toBeCloseTo(2345, 1);
  });

  it("fits an image into a box keeping its aspect ratio", () => {
    expect(fitSize(4000, 3000, 800, 800)).toEqual({ width: 800, height: 600, scale: 0.2 });
    expect(fitSize(320, 240, 1000, 600, 4)).toEqual({ width: 800, height: 600, scale: 2.5 });
    expect(fitSize(320, 240, 1000, 600)).toEqual({ width: 320, height: 240, scale: 1 });
    expect(fitSize(320, 240, 0, 600).scale).toBe(0);
  });

  it("keeps markers the same size on screen", () => {
    expect(markerRadius(4000, 400)).toBe(90);
    expect(markerRadius(320, 640)).toBe(4.5);
  });
});

describe("mask overlay", () => {
  // 3 wide, 2 high; column-major runs. Object A: the left column; object B: the right column + (1,1).
  const a = { size: [2, 3] as [number, number], counts: [0, 2, 4] };
  const b = { size: [2, 3] as [number, number], counts: [3, 3] };

  it("parses class colours", () => {
    expect(parseColor("#ff8000")).toEqual([255, 128, 0]);
    expect(parseColor("#0f0")).toEqual([0, 255, 0]);
    expect(parseColor("red")).toEqual([160, 160, 160]);
    expect(parseColor(undefined)).toEqual([160, 160, 160]);
  });

  it("decodes masks into one map, later objects on top", () => {
    const map = buildLabelMap([a, b], 3, 2);
    expect([...map]).toEqual([1, 0, 2, 1, 2, 2]);
    const overlap = buildLabelMap([b, { size: [2, 3], counts: [4, 2] }], 3, 2);
    expect([...overlap]).toEqual([0, 0, 2, 0, 1, 2]);
  });

  it("paints edges opaque and hides hidden objects", () => {
    const map = new Uint16Array(25);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) map[y * 5 + x] = 1; // one 5x5 object
    const px = paintOverlay(map, 5, 5, { colors: [[10, 20, 30]], opacity: 0.5 });
    const alpha = (x: number, y: number) => px[(y * 5 + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(255); // border of the image is an edge
    expect(alpha(2, 2)).toBe(128); // interior: the fill opacity
    expect([...px.slice(48, 51)]).toEqual([10, 20, 30]);
    const hidden = paintOverlay(map, 5, 5, { colors: [null], opacity: 0.5 });
    expect(hidden.every((v) => v === 0)).toBe(true);
    const highlighted = paintOverlay(map, 5, 5, { colors: [[1, 2, 3]], opacity: 0.5, highlight: 0 });
    expect(highlighted[(2 * 5 + 2) * 4 + 3]).toBeGreaterThan(128);
    const noFill = paintOverlay(map, 5, 5, { colors: [[1, 2, 3]], opacity: 0 });
    expect(noFill[(2 * 5 + 2) * 4 + 3]).toBe(0);
    expect(noFill[3]).toBe(255);
  });
});

describe("review logic", () => {
  it("renews leases at a third of the time left, within bounds", () => {
    const now = Date.parse("2031-03-01T10:00:00Z");
    expect(heartbeatDelay("2031-03-01T10:15:00Z", now)).toBe(5 * 60_000);
    expect(heartbeatDelay("2031-03-01T10:03:00Z", now)).toBe(60_000);
    expect(heartbeatDelay("2031-03-01T10:00:03Z", now)).toBe(10_000);
    expect(heartbeatDelay("not a date", now)).toBe(10_000);
  });

  it("needs a comment or a pin to reject", () => {
    expect(rejectionProblem("  ", [])).toMatch(/comment or click/);
    expect(rejectionProblem("too loose", [])).toBeNull();
    expect(rejectionProblem("", [{ x: 1, y: 2, text: "" }])).toBeNull();
  });

  it("builds review bodies", () => {
    expect(reviewBody("accept", " ", [{ x: 1, y: 2, text: "x" }])).toEqual({ decision: "accept" });
    expect(reviewBody("reject", " cut short ", [{ x: 1.5, y: 2, text: " here " }])).toEqual({
      decision: "reject",
      comment: "cut short",
      pins: [{ x: 1.5, y: 2, text: "here" }],
    });
  });

  it("explains errors in the reviewer's terms", () => {
    const own = new ApiError(403, { detail: "nobody reviews their own label" });
    expect(explainError(own, "review")).toBe("You cannot review this label: nobody reviews their own label.");
    const role = new ApiError(403, { detail: "your role 'labeler' may not review in project" });
    expect(explainError(role, "claim")).toMatch(/^You may not review in this project/);
    const draft = new ApiError(409, { detail: "label 4 is a draft; only submitted labels are reviewed" });
    expect(explainError(draft, "review")).toMatch(/cannot be reviewed now: label 4 is a draft.*next item/);
    const expired = new ApiError(409, { detail: "claim 3 has expired" });
    expect(explainError(expired, "heartbeat")).toMatch(/ended or expired/);
    expect(explainError(new ApiError(0, null, "Network error: x"), "review")).toMatch(/could not be reached/);
    expect(explainError(new Error("boom"), "review")).toBe("boom");
  });
});

describe("frame summary", () => {
  it("names the sequence, the frame (counted from 1, as the sequence editor's Frame N / M) and propagation's confidence", () => {
    expect(frameSummary({ sequence: 3, sequence_name: "bear", index: 12, confidence: 0.614 })).toBe(
      "bear · frame 13 · confidence 61%",
    );
    expect(frameSummary({ sequence: 3, sequence_name: "bear", index: 0, confidence: null })).toBe("bear · frame 1");
  });
});

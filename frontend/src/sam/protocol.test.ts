import { describe, expect, it } from "vitest";
import { type SamConfig, clippedScore, encoderInputSize, pickCandidate, replaySteps, stepInputs, thinnedScribble } from "./protocol";

const CONFIG: SamConfig = {
  encoder: { size: [1024, 1024], resize: "longest" },
  decoder: {
    embedding_input: "image_embeddings", points_input: "point_coords", labels_input: "point_labels",
    mask_input: "mask_input", has_mask_input: "has_mask_input", mask_output: "low_res_masks",
    score_output: "iou_predictions", low_res: true,
  },
};

describe("encoder input size", () => {
  it("scales the longest side to 1024 with SAM's rounding", () => {
    expect(encoderInputSize(CONFIG, 480, 640)).toEqual([768, 1024]);
    expect(encoderInputSize(CONFIG, 321, 481)).toEqual([683, 1024]); // 321 * 1024 / 481 = 683.4
    expect(encoderInputSize(CONFIG, 3000, 4000)).toEqual([768, 1024]);
    expect(encoderInputSize(CONFIG, 1000, 333)).toEqual([1024, 341]); // 333 * 1.024 = 340.99
  });

  it("is the configured size without longest-side resizing", () => {
    expect(encoderInputSize({ ...CONFIG, encoder: { size: [512, 768] } }, 480, 640)).toEqual([512, 768]);
  });
});

describe("replay steps", () => {
  it("a first click alone picks among the multimask candidates; later clicks add to it", () => {
    const steps = replaySteps({ box: null, points: [[10, 20, 1], [30, 40, 0]] });
    expect(steps.map((s) => s.points)).toEqual([[[10, 20, 1]], [[10, 20, 1], [30, 40, 0]]]);
    expect(steps.map((s) => s.multimask)).toEqual([true, false]);
  });

  it("a box is the first run, as corners labelled 2 and 3, then one run per click, none multimask", () => {
    const steps = replaySteps({ box: [5, 6, 100, 50], points: [[40, 30, 1]] });
    expect(steps.map((s) => s.points)).toEqual([
      [[5, 6, 2], [105, 56, 3]],
      [[5, 6, 2], [105, 56, 3], [40, 30, 1]],
    ]);
    expect(steps.map((s) => s.multimask)).toEqual([false, false]);
  });

  it("scribbles become 8 of their points each, before the box", () => {
    const line = Array.from({ length: 30 }, (_, i) => [i, 2 * i] as const);
    const steps = replaySteps({ box: [0, 0, 50, 70], points: [], scribbles: [{ points: line, label: 0, radius: 3 }] });
    expect(steps).toHaveLength(1);
    expect(steps[0].points.slice(0, 8).map(([x]) => x)).toEqual([0, 4, 8, 12, 17, 21, 25, 29]); // numpy linspace, rounded
    expect(steps[0].points.slice(0, 8).every(([, , label]) => label === 0)).toBe(true);
    expect(steps[0].points.slice(8)).toEqual([[0, 0, 2], [50, 70, 3]]);
    expect(thinnedScribble([[1, 1], [2, 2]])).toEqual([[1, 1], [2, 2]]);
  });

  it("keys name a run and every run before it", () => {
    const a = replaySteps({ box: null, points: [[1, 1, 1], [2, 2, 1]] });
    const b = replaySteps({ box: null, points: [[1, 1, 1], [2, 2, 1], [3, 3, 0]] });
    const c = replaySteps({ box: [0, 0, 4, 4], points: [[1, 1, 1], [2, 2, 1]] });
    expect(b[1].key).toBe(a[1].key);
    expect(new Set([...a, ...b, ...c].map((s) => s.key)).size).toBe(6);
  });
});

describe("step inputs", () => {
  it("scales points to the encoder input and pads with a -1 point when there is no box", () => {
    const [step] = replaySteps({ box: null, points: [[320, 240, 1]] });
    const inputs = stepInputs(step, CONFIG, 480, 640);
    expect(inputs.count).toBe(2);
    expect([...inputs.coords]).toEqual([512, 384, 0, 0]);
    expect([...inputs.labels]).toEqual([1, -1]);
  });

  it("adds no padding point with a box", () => {
    const [step] = replaySteps({ box: [0, 0, 481, 321], points: [] });
    const inputs = stepInputs(step, CONFIG, 321, 481);
    expect([...inputs.labels]).toEqual([2, 3]);
    expect(inputs.coords[2]).toBeCloseTo(1024);
    expect(inputs.coords[3]).toBeCloseTo(683, 3); // y scaled by 683 / 321
  });
});

describe("candidate pick and score", () => {
  it("takes the best predicted IoU among the multimask candidates, the first otherwise", () => {
    expect(pickCandidate([0.99, 0.5, 0.9, 0.7], 4, true)).toBe(2);
    expect(pickCandidate([0.99, 0.5, 0.9, 0.7], 4, false)).toBe(0);
    expect(pickCandidate([0.2, 0.8, 0.8, 0.1], 4, true)).toBe(1); // ties: the first, as numpy's argmax
    expect(pickCandidate([0.2], 1, true)).toBe(0);
  });

  it("clips the score to 0..1 with 4 places", () => {
    expect(clippedScore(1.03)).toBe(1);
    expect(clippedScore(-0.2)).toBe(0);
    expect(clippedScore(0.912345)).toBe(0.9123);
  });
});

import { describe, expect, it } from "vitest";
import type { Attribute, AttributeValue } from "../../api/types";
import {
  answersForOntology,
  childValue,
  chooseOption,
  isOptionChosen,
  missingRequired,
  optionValues,
  pruneSubAnswers,
  subPath,
  withChildAnswer,
  withValue,
} from "./attributeValues";

const bodyType: Attribute = { name: "body", type: "radio", required: false, options: [{ value: "sedan", label: "" }, { value: "suv", label: "" }] };
const vehicle: Attribute = {
  name: "vehicle",
  type: "radio",
  required: true,
  options: [{ value: "car", label: "Car", children: [bodyType] }, { value: "bike", label: "Bike" }],
};
const extras: Attribute = { name: "tags", type: "checklist", required: false, options: [{ value: "lights", label: "", children: [{ ...bodyType, name: "which", type: "checklist", options: [{ value: "front", label: "" }, { value: "rear", label: "" }] }] }, { value: "roof", label: "" }] };

describe("nested options", () => {
  it("collects option values at every depth (what the server accepts)", () => {
    expect([...optionValues(vehicle.options)].sort()).toEqual(["bike", "car", "sedan", "suv"]);
  });

  it("a radio holds the deepest answer and still shows its parent option as chosen", () => {
    let value = chooseOption(vehicle, undefined, vehicle.options[0]);
    expect(value).toBe("car");
    value = withChildAnswer(vehicle, value, vehicle.options[0], bodyType, "suv");
    expect(value).toBe("suv");
    expect(isOptionChosen(vehicle.options[0], value)).toBe(true);
    expect(isOptionChosen(vehicle.options[1], value)).toBe(false);
    expect(childValue(bodyType, value)).toBe("suv");
    expect(withChildAnswer(vehicle, value, vehicle.options[0], bodyType, undefined)).toBe("car");
    expect(chooseOption(vehicle, value, vehicle.options[1])).toBe("bike");
  });

  it("a checklist keeps checked options and sub-answers; unchecking drops the sub-answers", () => {
    const lights = extras.options[0];
    const which = lights.children![0];
    let value = chooseOption(extras, undefined, lights);
    value = withChildAnswer(extras, value, lights, which, ["front", "rear"]);
    value = chooseOption(extras, value, extras.options[1]);
    expect(value).toEqual(["lights", "front", "rear", "roof"]);
    expect(childValue(which, value)).toEqual(["front", "rear"]);
    expect(chooseOption(extras, value, lights)).toEqual(["roof"]);
  });
});

describe("values records", () => {
  it("removes empty answers instead of storing them", () => {
    expect(withValue({ a: "x", b: ["y"] }, "a", undefined)).toEqual({ b: ["y"] });
    expect(withValue({ b: ["y"] }, "b", [])).toEqual({});
    expect(withValue({}, "c", 0)).toEqual({ c: 0 });
  });

  it("names required fields without an answer", () => {
    expect(missingRequired([vehicle, bodyType], {})).toEqual(["vehicle"]);
    expect(missingRequired([vehicle], { vehicle: "bike" })).toEqual([]);
  });
});

describe("text and number sub-answers", () => {
  const plate: Attribute = { name: "plate", type: "text", required: true, options: [] };
  const seats: Attribute = { name: "seats", type: "number", required: false, options: [] };
  const body: Attribute = { name: "body", type: "radio", required: true, options: [{ value: "sedan", label: "" }, { value: "van", label: "", children: [seats] }] };
  const car: Attribute = { name: "vehicle", type: "radio", required: true, options: [{ value: "car", label: "", children: [body, plate] }, { value: "bike", label: "" }] };

  it("names each by the path from its top-level field", () => {
    expect(subPath("vehicle", car.options[0], plate)).toBe("vehicle/car/plate");
    expect(subPath("vehicle/car/body", body.options[1], seats)).toBe("vehicle/car/body/van/seats");
  });

  it("drops sub-answers once their option is no longer chosen", () => {
    const values = { vehicle: "van", "vehicle/car/plate": "AB-1", "vehicle/car/body/van/seats": 7 };
    expect(pruneSubAnswers([car], values)).toEqual(values);
    expect(pruneSubAnswers([car], { ...values, vehicle: "sedan" })).toEqual({ vehicle: "sedan", "vehicle/car/plate": "AB-1" });
    expect(pruneSubAnswers([car], { ...values, vehicle: "bike" })).toEqual({ vehicle: "bike" });
  });

  it("reports required sub-questions of chosen options as missing", () => {
    expect(missingRequired([car], { vehicle: "bike" })).toEqual([]);
    expect(missingRequired([car], { vehicle: "car" })).toEqual(["vehicle/car/body", "vehicle/car/plate"]);
    expect(missingRequired([car], { vehicle: "sedan", "vehicle/car/plate": "AB-1" })).toEqual([]);
  });

  it("counts an answer naming only a removed option as missing (the save drops it)", () => {
    expect(missingRequired([vehicle], { vehicle: "scooter" })).toEqual(["vehicle"]);
    const required: Attribute = { ...extras, required: true };
    expect(missingRequired([required], { tags: ["gone"] })).toEqual(["tags"]);
    expect(missingRequired([required], { tags: ["gone", "roof"] })).toEqual([]);
  });
});

describe("a label's answers against the ontology of now", () => {
  const occluded: Attribute = { name: "occluded", type: "radio", required: false, options: [{ value: "yes", label: "" }, { value: "no", label: "" }] };
  const weather: Attribute = { name: "weather", type: "radio", required: false, options: [{ value: "sun", label: "" }] };
  const mask = { size: [2, 2] as [number, number], counts: "04" };

  it("drops the answers of a former class and of removed questions, keeps the rest", () => {
    // found walking: a vehicle with occluded=yes turned into a car (no attributes), or a question the manager
    // removed, made every save a 400 "unknown fields" that the labeler had no control to clear
    const ontology = {
      classes: [{ id: 1, attributes: [occluded] }, { id: 2, attributes: [] }],
      classifications: [weather],
    };
    type Answers = Record<string, AttributeValue>;
    const body: { objects: { class: number; mask: typeof mask; attributes: Answers; track?: number }[]; classifications: Answers } = {
      objects: [
        { class: 1, mask, attributes: { occluded: "yes", gone: "x" }, track: 3 },
        { class: 2, mask, attributes: { occluded: "no" } },
      ],
      classifications: { weather: "sun", season: "winter" },
    };
    const out = answersForOntology(body, ontology);
    expect(out.objects).toEqual([
      { class: 1, mask, attributes: { occluded: "yes" }, track: 3 },
      { class: 2, mask, attributes: {} },
    ]);
    expect(out.classifications).toEqual({ weather: "sun" });
    expect(body.objects[0].attributes).toEqual({ occluded: "yes", gone: "x" }); // the editor's own copy is kept
  });

  it("drops option values the ontology no longer offers, and the sub-answers they opened", () => {
    // found walking: a checked option a manager removed was refused by the server ("must be a list of ...")
    // and the editor showed no checkbox left to untick
    const parts: Attribute = {
      name: "parts",
      type: "checklist",
      required: false,
      options: [{ value: "wheel", label: "" }, { value: "door", label: "", children: [{ name: "colour", type: "radio", required: false, options: [{ value: "red", label: "" }] }] }],
    };
    const note: Attribute = { name: "note", type: "text", required: false, options: [] };
    const mirror: Attribute = {
      name: "mirror",
      type: "radio",
      required: false,
      options: [{ value: "left", label: "", children: [note] }],
    };
    const ontology = { classes: [{ id: 1, attributes: [parts, mirror] }], classifications: [weather] };
    const body = {
      objects: [
        { class: 1, attributes: { parts: ["wheel", "roof", "red"], mirror: "right", "mirror/right/note": "x" } as Record<string, AttributeValue> },
        { class: 1, attributes: { parts: ["roof"], mirror: "left", "mirror/left/note": "ok" } as Record<string, AttributeValue> },
      ],
      classifications: { weather: "rain" } as Record<string, AttributeValue>,
    };
    const out = answersForOntology(body, ontology);
    expect(out.objects.map((o) => o.attributes)).toEqual([
      { parts: ["wheel", "red"] }, // "red" answers door's colour, offered at depth
      { mirror: "left", "mirror/left/note": "ok" },
    ]);
    expect(out.classifications).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import type { Ontology } from "../../api/types";
import { draftToInput, emptyClass, ontologyToDraft, parentCandidates, sameInput, slugify, validateDraft } from "./ontologyDraft";

const ontology: Ontology = {
  version: 3,
  created_at: null,
  classes: [
    { id: 1, name: "vehicle", color: "#FF0000", kind: "thing", parent: null, attributes: [], archived: false },
    {
      id: 2,
      name: "car",
      color: "#00ff00",
      kind: "thing",
      parent: 1,
      archived: false,
      attributes: [
        {
          name: "occluded",
          type: "radio",
          required: true,
          options: [
            { value: "yes", label: "Yes", children: [{ name: "how much", type: "number", options: [], required: false }] },
            { value: "no", label: "No" },
          ],
        },
      ],
    },
    { id: 3, name: "old", color: "#0000ff", kind: "stuff", parent: null, attributes: [], archived: true },
  ],
  classifications: [{ name: "weather", type: "checklist", required: false, options: [{ value: "rain", label: "Rain" }] }],
};

describe("ontology draft", () => {
  it("round-trips to the PUT body, leaving archived classes out", () => {
    const input = draftToInput(ontologyToDraft(ontology));
    expect(input.classes.map((c) => c.id)).toEqual([1, 2]);
    expect(input.classes[0].color).toBe("#ff0000");
    expect(input.classes[1].attributes[0].options[0].children?.[0].name).toBe("how much");
    expect(input.classes[1].attributes[0].options[1]).toEqual({ value: "no", label: "No" });
    expect(input.classifications).toEqual(ontology.classifications);
  });

  it("sends new classes without id and derives option values from labels", () => {
    const draft = ontologyToDraft(ontology);
    const cls = { ...emptyClass([]), name: "Traffic light" };
    cls.attributes = [{ key: "x", name: "state", type: "radio", required: false, options: [{ key: "o", value: "", label: "Red light", children: [] }] }];
    const input = draftToInput({ ...draft, classes: [...draft.classes, cls] });
    const last = input.classes[input.classes.length - 1];
    expect("id" in last).toBe(false);
    expect(last.attributes[0].options[0].value).toBe("red_light");
    expect(validateDraft({ ...draft, classes: [...draft.classes, cls] })).toEqual([]);
  });

  it("finds what the server would reject", () => {
    const draft = ontologyToDraft(ontology);
    draft.classes[0] = { ...draft.classes[0], archived: true }; // parent of "car"
    draft.classes.push({ ...emptyClass([]), name: "CAR" });
    draft.classifications[0] = { ...draft.classifications[0], options: [] };
    const problems = validateDraft(draft);
    expect(problems.some((p) => p.includes("parent 'vehicle' is archived"))).toBe(true);
    expect(problems.some((p) => p.includes("Duplicate class name 'car'"))).toBe(true);
    expect(problems.some((p) => p.includes("'weather' (checklist) needs at least one option"))).toBe(true);
  });

  it("offers as parents only saved, active classes that are not descendants", () => {
    const draft = ontologyToDraft(ontology);
    const vehicle = draft.classes[0];
    expect(parentCandidates(draft, vehicle).map((c) => c.id)).toEqual([]);
    const fresh = emptyClass([]);
    expect(parentCandidates({ ...draft, classes: [...draft.classes, fresh] }, fresh).map((c) => c.id)).toEqual([1, 2]);
  });

  it("compares drafts by what would be sent", () => {
    expect(sameInput(ontologyToDraft(ontology), ontologyToDraft(ontology))).toBe(true);
  });

  it("slugifies labels", () => {
    expect(slugify("  Traffic light (red) ")).toBe("traffic_light_red");
  });
});

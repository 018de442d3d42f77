import { describe, expect, it } from "vitest";
import type { Attribute, OntologyClass } from "../api/types";
import { TrackBook, attributesFor, sharedTracks, trackBody, trackChoices, trackSpan, trackTitle, type TrackInfo } from "./tracks";

const W = 4;
const H = 2;

const occluded: Attribute = { name: "occluded", type: "radio", required: false, options: [{ value: "yes" }, { value: "no" }] } as unknown as Attribute;
const pose: Attribute = { name: "pose", type: "select", required: false, options: [{ value: "sitting" }, { value: "walking" }] } as unknown as Attribute;
const cls = (id: number, attributes: Attribute[], archived = false): OntologyClass => ({ id, name: `c${id}`, color: "#fff", kind: "thing", parent: null, attributes, archived });
const classes = [cls(1, [occluded, pose]), cls(2, [occluded]), cls(3, [], true)];

describe("TrackBook moves", () => {
  it("moves an object onto an existing track and the label body carries it", () => {
    const book = new TrackBook([2]);
    book.load([{ track: 1 }, { track: 2 }]);
    book.assign(1, 2);
    const map = new Uint16Array(W * H);
    map[0] = 1;
    map[7] = 2;
    const objects = [1, 2].map((index) => ({ index, classId: 1, attributes: {}, hidden: false }));
    expect(book.labelBody(map, W, H, objects, {}, { classes, classifications: [] }).objects.map((o) => o.track)).toEqual([2, 2]); // the server refuses this one
  });

  it("saves only the answers the ontology asks for now, as the labeling page does", () => {
    // found walking: an object made a class without its attribute, or a question the manager removed, made
    // every frame save a 400 "unknown fields" that the sequence editor had no control to clear
    const weather: Attribute = { name: "weather", type: "radio", required: false, options: [{ value: "sun" }] } as unknown as Attribute;
    const book = new TrackBook();
    book.load([{ track: 1 }, { track: 2 }]);
    const map = new Uint16Array(W * H);
    map[0] = 1;
    map[7] = 2;
    const objects = [
      { index: 1, classId: 1, attributes: { occluded: "yes", pose: "sitting" }, hidden: false },
      { index: 2, classId: 2, attributes: { occluded: "no", pose: "walking" }, hidden: false }, // class 2 has no pose
    ];
    const body = book.labelBody(map, W, H, objects, { weather: "sun", season: "winter" }, { classes, classifications: [weather] });
    expect(body.objects.map((o) => [o.track, o.class, o.attributes])).toEqual([
      [1, 1, { occluded: "yes", pose: "sitting" }],
      [2, 2, { occluded: "no" }],
    ]);
    expect(body.classifications).toEqual({ weather: "sun" });
    expect(objects[1].attributes).toEqual({ occluded: "no", pose: "walking" }); // the editor's own answers are kept
  });

  it("gives a new track an id above every id seen, including one assigned by hand", () => {
    const book = new TrackBook([3]);
    book.load([{ track: 1 }]);
    book.assign(1, 9);
    expect(book.newTrack()).toBe(10);
    book.sync([{ index: 1 }, { index: 2 }]);
    expect(book.trackOf(2)).toBe(11);
    expect(() => book.assign(1, 0)).toThrow();
  });
});

describe("track choices", () => {
  const known: TrackInfo[] = [
    { track: 4, class: 2, name: "left", attributes: {}, labeled_frames: 3, first: 0, last: 5 },
    { track: 1, class: 1, name: "", attributes: { occluded: "yes" }, labeled_frames: 1, first: 2, last: 2 },
  ];

  it("merges the sequence's tracks with the frame's objects, by id, and finds shared tracks", () => {
    const choices = trackChoices(known, [
      { index: 1, track: 4, classId: 2 },
      { index: 2, track: 7, classId: 1 },
      { index: 3, track: 4, classId: 2 },
    ]);
    expect(choices.map((c) => [c.track, c.class, c.objects])).toEqual([
      [1, 1, []],
      [4, 2, [1, 3]],
      [7, 1, [2]],
    ]);
    expect(choices[2].info).toBeNull();
    expect(sharedTracks(choices).map((c) => c.track)).toEqual([4]);
    expect(sharedTracks(trackChoices(known, [{ index: 1, track: 4, classId: 2 }]))).toEqual([]);
  });

  it("names tracks and their span", () => {
    expect(trackTitle({ track: 4, name: "left" })).toBe("Track 4 · left");
    expect(trackTitle({ track: 7, name: "" })).toBe("Track 7");
    expect(trackSpan(known[0])).toBe("frames 1–6, 3 labeled");
    expect(trackSpan(known[1])).toBe("frame 3, 1 labeled");
    expect(trackSpan(null)).toBe("not saved on a frame yet");
  });
});

describe("track edits follow the API's rules", () => {
  it("sends name, class and the class's own attributes", () => {
    const { body, problems } = trackBody({ name: "  bear  ", class: 1, attributes: { occluded: "yes", pose: "sitting", "pose/sitting/where": "rock" } }, classes);
    expect(problems).toEqual([]);
    expect(body).toEqual({ name: "bear", class: 1, attributes: { occluded: "yes", pose: "sitting", "pose/sitting/where": "rock" } });
  });

  it("drops the old class's attributes when the class changes, and all of them without a class", () => {
    expect(trackBody({ name: "", class: 2, attributes: { occluded: "no", pose: "walking" } }, classes).body.attributes).toEqual({ occluded: "no" });
    expect(trackBody({ name: "x", class: null, attributes: { occluded: "yes" } }, classes).body).toEqual({ name: "x", class: null, attributes: {} });
  });

  it("refuses an archived or unknown class and a name over 200 characters before sending", () => {
    expect(trackBody({ name: "", class: 3, attributes: {} }, classes).problems).toEqual(["Class 3 is not an active class of the ontology."]);
    expect(trackBody({ name: "", class: 99, attributes: {} }, classes).problems).toHaveLength(1);
    expect(trackBody({ name: "n".repeat(201), class: null, attributes: {} }, classes).problems).toEqual(["A track's name has at most 200 characters."]);
  });

  it("keeps answers by top-level name or sub-question path", () => {
    expect(attributesFor({ pose: "sitting", "pose/x": 1, other: 2, "other/y": 3 }, [pose])).toEqual({ pose: "sitting", "pose/x": 1 });
  });
});

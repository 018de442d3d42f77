import { describe, expect, it } from "vitest";
import { carriesObject, dropAllowed, droppedObject, OBJECT_DRAG_TYPE, objectDragData, parseObjectDrag } from "./trackDrop";

const SHOWN = { sequence: 4, asset: 31 };
const OBJECTS = [{ index: 1 }, { index: 2 }];
const TRACKS = new Map([
  [1, 3],
  [2, 5],
]);
const trackOf = (index: number) => TRACKS.get(index);

describe("the dragged object's data", () => {
  it("reads back what the drag wrote", () => {
    expect(parseObjectDrag(objectDragData({ sequence: 4, asset: 31, index: 2 }))).toEqual({ sequence: 4, asset: 31, index: 2 });
  });

  it("is null for what another source dropped", () => {
    expect(parseObjectDrag("")).toBeNull(); // getData of a type the drag lacks
    expect(parseObjectDrag("a file name.png")).toBeNull();
    expect(parseObjectDrag("null")).toBeNull();
    expect(parseObjectDrag("[4, 31, 2]")).toBeNull();
    expect(parseObjectDrag('{"sequence": 4, "asset": 31}')).toBeNull();
    expect(parseObjectDrag('{"sequence": 4, "asset": 31, "index": "2"}')).toBeNull();
    expect(parseObjectDrag('{"sequence": 4, "asset": 31, "index": 1.5}')).toBeNull();
    expect(parseObjectDrag('{"sequence": 4, "asset": 31, "index": 0}')).toBeNull();
  });

  it("is told apart by its type while dragging", () => {
    expect(carriesObject(["text/plain", OBJECT_DRAG_TYPE])).toBe(true);
    expect(carriesObject(["Files"])).toBe(false);
    expect(carriesObject([])).toBe(false);
  });
});

describe("dropAllowed", () => {
  it("refuses the object's own track and takes any other, or a new one", () => {
    expect(dropAllowed(3, 3)).toBe(false);
    expect(dropAllowed(3, 5)).toBe(true);
    expect(dropAllowed(3, "new")).toBe(true);
    expect(dropAllowed(undefined, 3)).toBe(true); // an object drawn on this frame has no track until the book syncs
  });
});

describe("droppedObject", () => {
  const drag = (index: number, over: Partial<typeof SHOWN> = {}) => ({ ...SHOWN, index, ...over });

  it("is the dragged object of the shown frame, dropped on another track or a new one", () => {
    expect(droppedObject(drag(2), SHOWN, OBJECTS, trackOf, 3)).toBe(2);
    expect(droppedObject(drag(1), SHOWN, OBJECTS, trackOf, "new")).toBe(1);
  });

  it("is null on the object's own track", () => {
    expect(droppedObject(drag(2), SHOWN, OBJECTS, trackOf, 5)).toBeNull();
  });

  it("is null for a drag from another frame or sequence, an object gone since, or no object at all", () => {
    expect(droppedObject(drag(2, { asset: 32 }), SHOWN, OBJECTS, trackOf, 3)).toBeNull();
    expect(droppedObject(drag(2, { sequence: 5 }), SHOWN, OBJECTS, trackOf, 3)).toBeNull();
    expect(droppedObject(drag(7), SHOWN, OBJECTS, trackOf, 3)).toBeNull();
    expect(droppedObject(null, SHOWN, OBJECTS, trackOf, 3)).toBeNull();
  });
});

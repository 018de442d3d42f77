import { type DragEvent, useEffect, useMemo, useRef, useState } from "react";
import type { ObjectRowDrag } from "../pages/label/ObjectList";
import type { SequenceSession } from "./sequenceSession";
import { type DropTarget, OBJECT_DRAG_TYPE, carriesObject, dropAllowed, droppedObject, objectDragData, parseObjectDrag } from "./trackDrop";

/** The object whose row is dragged: `index` as last rendered (for the look), `now()` as of this event. */
export interface ObjectDragging {
  readonly index: number | null;
  now(): number | null;
}

/**
 * An object row dragged towards the Tracks section: `rowDrag` fills the drag's data (the shown frame's
 * object) for the object list, `dragging` names the object until the drag ends, for the track panel
 * (dragover cannot read the data). A dragover can come before React renders the drag's start, so the
 * panel's handlers ask `now()`.
 */
export function useObjectDrag(session: SequenceSession): { dragging: ObjectDragging; rowDrag: ObjectRowDrag } {
  const [index, setIndex] = useState<number | null>(null);
  const current = useRef<number | null>(null);
  const rowDrag = useMemo<ObjectRowDrag>(() => {
    const set = (value: number | null) => {
      current.current = value;
      setIndex(value);
    };
    return {
      start: (dragged, data) => {
        const asset = session.sequence.frames[session.position].asset;
        data.setData(OBJECT_DRAG_TYPE, objectDragData({ sequence: session.sequence.id, asset, index: dragged }));
        data.effectAllowed = "move";
        set(dragged);
      },
      end: () => set(null),
    };
  }, [session]);
  const dragging = useMemo<ObjectDragging>(() => ({ index, now: () => current.current }), [index]);
  return { dragging, rowDrag };
}

/** A drop target's props: its look (`data-drop`, absent where the dragged object may not land) and drag handlers. */
export interface TrackDrop {
  readonly "data-drop": "ready" | "over" | undefined;
  onDragEnter(e: DragEvent): void;
  onDragOver(e: DragEvent): void;
  onDragLeave(e: DragEvent): void;
  onDrop(e: DragEvent): void;
}

/**
 * The track rows and "+ New track" zone as drop targets for `dragging`: a target takes the drop only when
 * the object is not already on it, is highlighted while the object is over it, and a drop calls `move`
 * with the object the drag's data names, when that is an object of the shown frame.
 */
export function useTrackDrop(
  session: SequenceSession,
  objects: readonly { index: number }[],
  dragging: ObjectDragging,
  move: (index: number, target: DropTarget) => void,
): (target: DropTarget) => TrackDrop {
  const [over, setOver] = useState<DropTarget | null>(null);
  useEffect(() => {
    if (dragging.index === null) setOver(null); // dropped, or given up anywhere (Escape)
  }, [dragging.index]);
  const trackOf = (index: number) => session.tracks.trackOf(index);
  const takes = (index: number | null, target: DropTarget) => index !== null && dropAllowed(trackOf(index), target);
  return (target) => {
    // Cancelled on entering and on each move over it: the browser's sign that this target takes the drop.
    const accept = (e: DragEvent) => {
      if (!takes(dragging.now(), target) || !carriesObject([...e.dataTransfer.types])) return; // not cancelled: refused
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
      setOver(target);
    };
    return {
      "data-drop": !takes(dragging.index, target) ? undefined : over === target ? "over" : "ready",
      onDragEnter: accept,
      onDragOver: accept,
      onDragLeave: (e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver((o) => (o === target ? null : o));
      },
      onDrop: (e) => {
        e.preventDefault();
        setOver(null);
        const shown = { sequence: session.sequence.id, asset: session.sequence.frames[session.position].asset };
        const index = droppedObject(parseObjectDrag(e.dataTransfer.getData(OBJECT_DRAG_TYPE)), shown, objects, trackOf, target);
        if (index !== null) move(index, target);
      },
    };
  };
}

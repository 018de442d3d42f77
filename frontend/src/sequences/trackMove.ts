/**
 * Moving an object of the shown frame to another track, as one step of the
 * editor's undo history: the track id lives in the TrackBook beside the
 * engine, so the engine records the move as an outside edit, together with
 * the class change that may come with it (Ctrl+Z reverts both at once).
 */
import type { Editor } from "../editor";
import type { TrackBook } from "./tracks";

/**
 * Put object `index` on `track` (an existing track, or tracks.newTrack()); with `classId` (a class of the
 * editor's ontology) it also takes the track's class. `changed` is told after the move, its undo and its
 * redo. False when nothing changes; throws when the frame has no such object.
 */
export function moveToTrack(editor: Editor, tracks: TrackBook, index: number, track: number, classId: number | null | undefined, changed: () => void): boolean {
  const object = editor.objects.find((o) => o.index === index);
  if (!object) throw new Error(`no object ${index} on this frame`);
  tracks.sync(editor.objects);
  const before = tracks.trackOf(index) ?? track; // sync gave every object a track
  const recolor = classId != null && classId !== object.classId && editor.classes.some((c) => c.id === classId);
  if (before === track && !recolor) return false;
  const put = (to: number) => {
    tracks.assign(index, to);
    changed();
  };
  return editor.editObjectOutside(index, { undo: () => put(before), redo: () => put(track) }, recolor ? { classId } : {}, "change track");
}

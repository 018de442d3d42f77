// The labeling page's way back to the sequence a frame belongs to (a frame handed out by the queue opens here).
import { paths } from "../../lib/routes";
import type { FramePlace } from "../../sequences/api";

/** "Frame 3 of walk" and the sequence editor's address at that frame (?frame= counts from 1, as `position`). */
export function sequenceFrameLink(projectId: number, place: FramePlace): { text: string; to: string } {
  return { text: `Frame ${place.position} of ${place.sequence_name}`, to: paths.sequence(projectId, place.sequence, place.position) };
}

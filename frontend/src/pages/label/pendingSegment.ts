// An auto-segment mask shown but not accepted (Enter) is no object yet: a save or submit then would keep a
// label without it (seen: a labeler clicked, saw the mask, pressed Save; the frame counted as labeled, empty).

export const ACCEPT_SEGMENT_FIRST = "Accept the auto-segment mask first (Enter)";

/** Why Save / Submit must wait, or null when no auto-segment mask is pending. */
export function saveRefusal(pendingSegment: boolean): string | null {
  return pendingSegment ? `${ACCEPT_SEGMENT_FIRST} or Esc to discard: it is not in the label yet.` : null;
}

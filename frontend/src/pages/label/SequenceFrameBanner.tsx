import { useAsync } from "../../lib/hooks";
import { Link } from "../../lib/router";
import { getFramePlace } from "../../sequences/api";
import { sequenceFrameLink } from "./sequenceFrameLink";

/** For an asset that is a frame of a sequence: a link to the sequence editor at that frame (its timeline and
 * onion skin); nothing for a plain image, or while the one small request is on its way or failed. */
export function SequenceFrameBanner({ projectId, assetId }: { projectId: number; assetId: number }) {
  const place = useAsync((signal) => getFramePlace(assetId, signal), [assetId]);
  if (!place.data) return null;
  const link = sequenceFrameLink(projectId, place.data);
  return (
    <div className="review-banner sequence-frame-banner small" data-testid="label-sequence-frame">
      {link.text} — <Link to={link.to} data-testid="label-sequence-link">open in the sequence editor</Link>
    </div>
  );
}

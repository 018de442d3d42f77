import { useState } from "react";
import type { Review } from "../../api/workflowTypes";
import { listReviews } from "../../api/workflow";
import type { ZoomState } from "../../editor";
import { formatDate } from "../../lib/format";
import { useAsync } from "../../lib/hooks";
import { PinOverlay } from "../review/PinOverlay";
import { ReviewComments } from "../review/ReviewComments";
import type { ReviewNotice } from "./reviewNotes";

/** The reviews of the label being edited (none for a new label). */
export function useLabelReviews(labelId: number | null): readonly Review[] {
  const state = useAsync(async (signal) => (labelId === null ? [] : listReviews(labelId, signal)), [labelId]);
  return state.data ?? [];
}

/** Above the image: the newest review in one line, and every review (comments, pins, who and when) on demand. */
export function ReviewBanner({ notice, reviews, pinsShown, onTogglePins }: { notice: ReviewNotice; reviews: readonly Review[]; pinsShown: boolean; onTogglePins(): void }) {
  const [open, setOpen] = useState(false);
  const { review } = notice;
  return (
    <div className={`review-banner review-banner-${notice.kind}`} data-testid="review-banner" data-kind={notice.kind} role={notice.kind === "rework" ? "alert" : "status"}>
      <div className="review-banner-row">
        <strong>{notice.kind === "rework" ? "Rework" : notice.kind === "accepted" ? "Accepted" : "Reviewed"}</strong>
        <span className="review-banner-text">{notice.text}</span>
        <span className="review-banner-when">{formatDate(review.created_at)}</span>
        {review.pins.length > 0 && (
          <button type="button" className="btn btn-sm" data-testid="review-pins-toggle" onClick={onTogglePins} aria-pressed={pinsShown}>
            {pinsShown ? "Hide pins" : "Show pins"}
          </button>
        )}
        <button type="button" className="btn btn-sm" data-testid="review-details-toggle" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
          {open ? "Hide review" : `All reviews (${reviews.length})`}
        </button>
      </div>
      {open && (
        <div className="review-banner-details">
          <ReviewComments reviews={reviews} />
        </div>
      )}
    </div>
  );
}

/**
 * The newest review's pins where the reviewer put them, over the editor's stage: it follows zoom and pan
 * (screen = image * scale + offset) and lets every pointer event through to the tools.
 */
export function ReviewPinLayer({ review, zoom, imageWidth, imageHeight }: { review: Review; zoom: ZoomState; imageWidth: number; imageHeight: number }) {
  const width = imageWidth * zoom.scale;
  const height = imageHeight * zoom.scale;
  return (
    <div className="review-pin-layer" data-testid="review-pin-layer" aria-hidden="true">
      <div className="review-pin-box" style={{ left: zoom.offsetX, top: zoom.offsetY, width, height }}>
        <PinOverlay pins={review.pins} width={imageWidth} height={imageHeight} displayWidth={width} variant="earlier" />
      </div>
    </div>
  );
}

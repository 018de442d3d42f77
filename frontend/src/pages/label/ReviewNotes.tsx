import { useState, type ReactNode } from "react";
import type { Asset, AssetStatus } from "../../api/types";
import { getAsset } from "../../api/assets";
import type { Pin, Review } from "../../api/workflowTypes";
import { listReviews } from "../../api/workflow";
import type { ZoomState } from "../../editor";
import { formatDate } from "../../lib/format";
import { useAsync, usePolling } from "../../lib/hooks";
import { PinOverlay } from "../review/PinOverlay";
import { ReviewComments } from "../review/ReviewComments";
import type { ReviewNotice } from "./reviewNotes";

// A reviewer may decide while the labeler has the page open: read again now and then, when the tab gets
// the focus back, and after each save (a submit changes the image's status and so the banner).
const REVIEWS_POLL_MS = 30000;

export interface LabelReviewState {
  readonly reviews: readonly Review[];
  readonly assetStatus: AssetStatus;
}

/** The reviews of the label being edited (none for a new label) and the image's status, kept fresh. */
export function useLabelReviews(labelId: number | null, asset: Asset, savedAt: number | null): LabelReviewState {
  const state = useAsync(
    async (signal) => {
      if (labelId === null) return { reviews: [], assetStatus: asset.status };
      const [reviews, fresh] = await Promise.all([listReviews(labelId, signal), getAsset(asset.id, signal)]);
      return { reviews, assetStatus: fresh.status };
    },
    [labelId, asset.id, savedAt],
  );
  usePolling(state.reload, REVIEWS_POLL_MS, labelId !== null);
  return state.data ?? { reviews: [], assetStatus: asset.status };
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
  return <PinLayer pins={review.pins} zoom={zoom} imageWidth={imageWidth} imageHeight={imageHeight} variant="earlier" testId="review-pin-layer" />;
}

/** Numbered pins over the editor's stage, following zoom and pan; pointer events go through to the tools. */
export function PinLayer({ pins, zoom, imageWidth, imageHeight, variant, testId }: {
  pins: readonly Pin[];
  zoom: ZoomState;
  imageWidth: number;
  imageHeight: number;
  variant: "draft" | "earlier";
  testId: string;
}) {
  return (
    <StageImageBox zoom={zoom} imageWidth={imageWidth} imageHeight={imageHeight} testId={testId}>
      <PinOverlay pins={pins} width={imageWidth} height={imageHeight} displayWidth={imageWidth * zoom.scale} variant={variant} />
    </StageImageBox>
  );
}

/** A box over the editor's stage where the image is drawn (screen = image * scale + offset), for overlays in image pixels. */
export function StageImageBox({ zoom, imageWidth, imageHeight, testId, children }: {
  zoom: ZoomState;
  imageWidth: number;
  imageHeight: number;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="review-pin-layer" data-testid={testId}>
      <div className="review-pin-box" style={{ left: zoom.offsetX, top: zoom.offsetY, width: imageWidth * zoom.scale, height: imageHeight * zoom.scale }}>
        {children}
      </div>
    </div>
  );
}

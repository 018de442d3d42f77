import "../../styles/workflow.css";
import { useState } from "react";
import type { Review } from "../../api/workflowTypes";
import { formatDate } from "../../lib/format";
import { PinOverlay } from "./PinOverlay";

interface Props {
  reviews: readonly Review[];
  /** With an image, each review with pins shows a small copy of the image with its pins drawn. */
  image?: { url: string; width: number; height: number };
  /** Clicking a review selects it (e.g. to draw its pins on a larger view). */
  selectedId?: number | null;
  onSelect?: (review: Review) => void;
  emptyText?: string;
}

const THUMB_WIDTH = 240;

/**
 * Earlier reviews of a label, newest first: decision, reviewer, comment and numbered pins.
 * Reusable: the labeling page shows it to a labeler doing rework.
 */
export function ReviewComments({ reviews, image, selectedId = null, onSelect, emptyText = "No reviews yet." }: Props) {
  const newestFirst = [...reviews].sort((a, b) => b.id - a.id);
  if (newestFirst.length === 0) return <div className="muted small">{emptyText}</div>;
  return (
    <ol className="review-comments" data-testid="review-comments">
      {newestFirst.map((r) => (
        <ReviewItem key={r.id} review={r} image={image} selected={selectedId === r.id} onSelect={onSelect} />
      ))}
    </ol>
  );
}

function ReviewItem({ review, image, selected, onSelect }: { review: Review; image?: Props["image"]; selected: boolean; onSelect?: (r: Review) => void }) {
  const [showImage, setShowImage] = useState(false);
  const thumbHeight = image ? Math.round((THUMB_WIDTH * image.height) / Math.max(1, image.width)) : 0;
  return (
    <li
      className={`review-comment review-comment-${review.decision}${selected ? " review-comment-selected" : ""}${onSelect ? " review-comment-clickable" : ""}`}
      data-testid="review-comment"
      data-review-id={review.id}
      onClick={onSelect ? () => onSelect(review) : undefined}
    >
      <div className="review-comment-head">
        <span className={`badge badge-decision-${review.decision}`}>{review.decision === "accept" ? (review.fixed ? "fixed & accepted" : "accepted") : "rejected"}</span>
        <span className="review-comment-who">{review.reviewer.username}</span>
        <span className="muted small">
          rev {review.revision} · {formatDate(review.created_at)}
        </span>
      </div>
      {review.comment && <p className="review-comment-text">{review.comment}</p>}
      {review.pins.length > 0 && (
        <ol className="review-pin-list">
          {review.pins.map((p, i) => (
            <li key={i}>
              <span className="pin-number">{i + 1}</span>
              <span>{p.text || <span className="muted">(no text)</span>}</span>
              <span className="muted small">
                {" "}
                at {Math.round(p.x)}, {Math.round(p.y)}
              </span>
            </li>
          ))}
        </ol>
      )}
      {image && review.pins.length > 0 && (
        <>
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            onClick={(e) => {
              e.stopPropagation();
              setShowImage((v) => !v);
            }}
          >
            {showImage ? "Hide pins on image" : "Show pins on image"}
          </button>
          {showImage && (
            <div className="review-comment-thumb" style={{ width: THUMB_WIDTH, height: thumbHeight }}>
              <img src={image.url} alt="" draggable={false} />
              <PinOverlay pins={review.pins} width={image.width} height={image.height} displayWidth={THUMB_WIDTH} variant="earlier" />
            </div>
          )}
        </>
      )}
    </li>
  );
}

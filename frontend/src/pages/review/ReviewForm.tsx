import { useState, type Dispatch, type SetStateAction } from "react";
import type { Label } from "../../api/types";
import { skipClaim, submitReview } from "../../api/workflow";
import type { Pin } from "../../api/workflowTypes";
import { explainError, rejectionProblem, reviewBody } from "./reviewLogic";

interface Props {
  label: Label;
  pins: Pin[];
  setPins: Dispatch<SetStateAction<Pin[]>>;
  selectedPin: number | null;
  setSelectedPin: (index: number | null) => void;
  /** Set once the reviewer saved a fix of the label (a new revision). */
  fixedRevision: number | null;
  claimId: number;
  onFix: () => void;
  onDone: (message: string) => void;
  onSkipped: () => void;
}

/** Accept, reject with a comment and pins, fix then accept, or skip. */
export function ReviewForm({ label, pins, setPins, selectedPin, setSelectedPin, fixedRevision, claimId, onFix, onDone, onSkipped }: Props) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [skipReason, setSkipReason] = useState("");

  const decide = async (decision: "accept" | "reject") => {
    if (decision === "reject") {
      const missing = rejectionProblem(comment, pins);
      if (missing) {
        setProblem(missing);
        return;
      }
    }
    setBusy(true);
    setProblem(null);
    try {
      await submitReview(label.id, reviewBody(decision, comment, pins));
      onDone(
        decision === "accept"
          ? `Accepted label #${label.id} by ${label.author.username}${fixedRevision !== null ? " with your fix" : ""}.`
          : `Rejected label #${label.id}: it went back to ${label.author.username} as rework.`,
      );
    } catch (error) {
      setProblem(explainError(error, "review"));
    } finally {
      setBusy(false);
    }
  };

  const skip = async () => {
    if (!skipReason.trim()) {
      setProblem("Give a reason to skip (for example: the image is unclear).");
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await skipClaim(claimId, skipReason.trim());
      onSkipped();
    } catch (error) {
      setProblem(explainError(error, "skip"));
    } finally {
      setBusy(false);
    }
  };

  const setPinText = (index: number, text: string) => setPins((ps) => ps.map((p, i) => (i === index ? { ...p, text } : p)));
  const removePin = (index: number) => {
    setPins((ps) => ps.filter((_, i) => i !== index));
    setSelectedPin(null);
  };

  return (
    <div className="review-form" data-testid="review-form">
      <label className="field">
        <span>Comment</span>
        <textarea
          rows={3}
          value={comment}
          placeholder="What is wrong (needed to reject without pins)"
          data-testid="review-comment-input"
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      <div className="field">
        <span>Pins ({pins.length})</span>
        {pins.length === 0 && <div className="muted small">Click on the image to add one.</div>}
        <ol className="draft-pins">
          {pins.map((p, i) => (
            <li key={i} className={selectedPin === i ? "draft-pin-selected" : undefined} data-testid="draft-pin">
              <span className="pin-number">{i + 1}</span>
              <input
                type="text"
                value={p.text}
                placeholder={`note at ${Math.round(p.x)}, ${Math.round(p.y)}`}
                aria-label={`Pin ${i + 1} note`}
                data-testid="draft-pin-text"
                autoFocus={selectedPin === i}
                onFocus={() => setSelectedPin(i)}
                onChange={(e) => setPinText(i, e.target.value)}
              />
              <button type="button" className="btn btn-sm btn-ghost btn-icon" aria-label={`Remove pin ${i + 1}`} onClick={() => removePin(i)}>
                ×
              </button>
            </li>
          ))}
        </ol>
      </div>
      {problem && (
        <div className="alert alert-error" role="alert" data-testid="review-problem">
          {problem}
        </div>
      )}
      {fixedRevision !== null && (
        <div className="alert alert-success small" data-testid="review-fixed">
          Your fix is saved (revision {fixedRevision}). Accept to finish.
        </div>
      )}
      <div className="review-actions">
        <button type="button" className="btn btn-primary review-accept" disabled={busy} data-testid="review-accept" onClick={() => void decide("accept")}>
          {fixedRevision !== null ? "Accept fixed label" : "Accept"}
        </button>
        <button type="button" className="btn btn-danger" disabled={busy} data-testid="review-reject" onClick={() => void decide("reject")}>
          Reject
        </button>
        <button type="button" className="btn" disabled={busy} data-testid="review-fix" title="Open the label in the editor in a new tab; come back here to accept" onClick={onFix}>
          Fix…
        </button>
        <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setSkipping((v) => !v)}>
          Skip
        </button>
      </div>
      {skipping && (
        <div className="form-row review-skip">
          <input type="text" value={skipReason} placeholder="Why skip?" aria-label="Skip reason" onChange={(e) => setSkipReason(e.target.value)} />
          <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void skip()}>
            Skip item
          </button>
        </div>
      )}
    </div>
  );
}

import { useImperativeHandle, useRef, useState, type Dispatch, type KeyboardEvent, type Ref, type SetStateAction } from "react";
import type { Label } from "../../api/types";
import { skipClaim, submitReview } from "../../api/workflow";
import type { Pin } from "../../api/workflowTypes";
import { explainError, rejectionProblem, reviewBody } from "./reviewLogic";
import { isRejectSubmit, keyOf } from "./reviewShortcuts";

/** What the page's keyboard shortcuts do through the form. */
export interface ReviewFormHandle {
  /** A decision or skip is being sent: the buttons are disabled. */
  readonly busy: boolean;
  accept(): void;
  /** Focus the comment box: the rejection is written there and sent with Ctrl+Enter (or Reject). */
  startReject(): void;
  /** Open the skip form and focus its reason. */
  startSkip(): void;
}

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
  ref?: Ref<ReviewFormHandle>;
}

/** Accept, reject with a comment and pins, fix then accept, or skip. */
export function ReviewForm({ label, pins, setPins, selectedPin, setSelectedPin, fixedRevision, claimId, onFix, onDone, onSkipped, ref }: Props) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  // Set at once, before React renders the disabled buttons: a second key press or click in between sends nothing.
  const inFlight = useRef(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [skipReason, setSkipReason] = useState("");
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const skipReasonRef = useRef<HTMLInputElement>(null);

  const start = () => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    setProblem(null);
    return true;
  };
  const finish = () => {
    inFlight.current = false;
    setBusy(false);
  };

  const decide = async (decision: "accept" | "reject") => {
    if (inFlight.current) return;
    if (decision === "reject") {
      const missing = rejectionProblem(comment, pins);
      if (missing) {
        setProblem(missing);
        return;
      }
    }
    if (!start()) return;
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
      finish();
    }
  };

  const skip = async () => {
    if (!skipReason.trim()) {
      setProblem("Give a reason to skip (for example: the image is unclear).");
      return;
    }
    if (!start()) return;
    try {
      await skipClaim(claimId, skipReason.trim());
      onSkipped();
    } catch (error) {
      setProblem(explainError(error, "skip"));
    } finally {
      finish();
    }
  };

  useImperativeHandle(ref, () => ({
    get busy() {
      return inFlight.current;
    },
    accept: () => void decide("accept"),
    startReject: () => commentRef.current?.focus(),
    startSkip: () => {
      setSkipping(true);
      skipReasonRef.current?.focus(); // already open; a new one focuses itself (autoFocus)
    },
  }));

  const rejectOnCtrlEnter = (e: KeyboardEvent<HTMLElement>) => {
    if (!isRejectSubmit(e)) return;
    e.preventDefault();
    void decide("reject");
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
          ref={commentRef}
          rows={3}
          value={comment}
          placeholder="What is wrong (needed to reject without pins); Ctrl+Enter rejects"
          data-testid="review-comment-input"
          onChange={(e) => setComment(e.target.value)}
          onKeyDown={rejectOnCtrlEnter}
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
                onKeyDown={rejectOnCtrlEnter}
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
        <button
          type="button"
          className="btn btn-primary review-accept"
          disabled={busy}
          data-testid="review-accept"
          title={`Accept (${keyOf("accept")})`}
          onClick={() => void decide("accept")}
        >
          {fixedRevision !== null ? "Accept fixed label" : "Accept"}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          data-testid="review-reject"
          title={`Reject with the comment and pins (${keyOf("reject")}: write the comment, then Ctrl+Enter)`}
          onClick={() => void decide("reject")}
        >
          Reject
        </button>
        <button type="button" className="btn" disabled={busy} data-testid="review-fix" title={`Fix (${keyOf("fix")}): open the label in the editor in a new tab; come back here to accept`} onClick={onFix}>
          Fix…
        </button>
        <button type="button" className="btn btn-ghost" disabled={busy} title={`Skip to the next item (${keyOf("next")})`} data-testid="review-skip" onClick={() => setSkipping((v) => !v)}>
          Skip
        </button>
      </div>
      {skipping && (
        <div className="form-row review-skip">
          <input
            ref={skipReasonRef}
            type="text"
            value={skipReason}
            placeholder="Why skip? (Enter skips)"
            aria-label="Skip reason"
            data-testid="review-skip-reason"
            autoFocus
            onChange={(e) => setSkipReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter" || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.nativeEvent.isComposing) return;
              e.preventDefault();
              void skip();
            }}
          />
          <button type="button" className="btn btn-sm" disabled={busy} data-testid="review-skip-submit" onClick={() => void skip()}>
            Skip item
          </button>
        </div>
      )}
    </div>
  );
}

import { useAuth } from "../../auth/AuthContext";
import { canLabel } from "../../lib/roles";
import { Link } from "../../lib/router";
import { paths } from "../../lib/routes";
import { useReworkWaiting } from "../queue/useReworkWaiting";
import { SaveStatus } from "./SaveStatus";
import { type LabelSession, prelabelNote } from "./session";
import type { LabelNavigation } from "./useLabelNavigation";
import type { SaverHandle } from "./useSaver";

const SOURCE_NOTE: Record<LabelSession["start"]["source"], string | null> = {
  draft: "Restored your unsaved work from this computer.",
  label: null,
  predictions: "Started from the model's pre-labels: correct them and submit.",
  empty: null,
};

interface Props {
  session: LabelSession;
  saving: SaverHandle;
  navigation: LabelNavigation;
  onHelp(): void;
}

/** Where we are, save status, and the actions that move between images. */
export function TopBar({ session, saving, navigation, onHelp }: Props) {
  const { project, asset } = session;
  const prelabel = session.start.prelabel;
  const note = navigation.notice ?? (prelabel ? null : SOURCE_NOTE[session.start.source]);
  const phase = saving.state?.phase;
  const reworkWaiting = useReworkWaiting(project.id, saving.state?.lastSavedAt ?? null);
  const { user } = useAuth();
  // A viewer looks only: no save or submit (the server refuses them with a 403 anyway).
  const editable = canLabel({ project, isStaff: user?.is_staff });
  return (
    <header className="label-topbar">
      <nav className="label-crumbs">
        <Link to={paths.project(project.id)}>{project.name}</Link>
        <span className="sep">/</span>
        <Link to={paths.asset(project.id, asset.id)} title={asset.name}>
          {asset.name}
        </Link>
        <span className="muted small">
          {asset.width}×{asset.height}
        </span>
      </nav>
      <div className="label-nav">
        <button type="button" className="btn btn-sm" data-testid="label-previous" disabled={navigation.neighbours?.previous == null} onClick={() => navigation.go("previous")} title="Previous image (,)">
          ‹ Prev
        </button>
        <button type="button" className="btn btn-sm" data-testid="label-next" disabled={navigation.neighbours?.next == null} onClick={() => navigation.go("next")} title="Next image (.)">
          Next ›
        </button>
        <button type="button" className="btn btn-sm" data-testid="label-queue-next" disabled={!navigation.queueAvailable || navigation.busy} onClick={() => void navigation.nextFromQueue()} title="Claim the next image from the project's queue">
          Next from queue
        </button>
        {reworkWaiting > 0 && (
          <span className="label-note small" data-testid="label-rework-count" data-count={reworkWaiting} title="Your labels a reviewer sent back: the queue hands them out first">
            {reworkWaiting} to rework
          </span>
        )}
      </div>
      <SaveStatus state={saving.state} draftError={session.drafts.lastError} />
      {prelabel && !navigation.notice && (
        <span className="prelabel-note small" data-testid="prelabel-note" title="The editor started from this model's predictions">
          {prelabelNote(prelabel)}
        </span>
      )}
      {note && (
        <span className={`label-note small${navigation.notice && navigation.noticeTone === "done" ? " label-note-done" : ""}`} data-testid="label-note" role="status">
          {note}
        </span>
      )}
      <div className="label-actions">
        {!editable && (
          <span className="badge" data-testid="label-view-only" title="Your role in this project may look at the image but not label it">
            view only
          </span>
        )}
        {editable && (
          <>
            <button type="button" className="btn btn-sm" data-testid="label-save" disabled={!saving.saver || phase === "saving"} onClick={() => void navigation.saveDraft()} title="Save a draft now (autosaves 5 s after a change)">
              Save
            </button>
            <button type="button" className="btn btn-sm btn-primary" data-testid="label-submit" disabled={navigation.busy || phase === "conflict"} onClick={() => void navigation.submit()} title="Submit for review">
              Submit
            </button>
            <button type="button" className="btn btn-sm btn-primary" data-testid="label-submit-next" disabled={navigation.busy || phase === "conflict"} onClick={() => void navigation.submitAndNext()} title="Submit and open the next image (Ctrl+Enter)">
              Submit &amp; next
            </button>
          </>
        )}
        <button type="button" className="btn btn-sm" data-testid="label-help" onClick={onHelp} title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </header>
  );
}

import type { Editor } from "../../editor";
import type { ProposalsHandle } from "./useProposals";

function StatusText({ proposals }: { proposals: ProposalsHandle }) {
  const { status, state } = proposals;
  switch (status.phase) {
    case "idle":
    case "loading":
      return <span className="segment-status-text"><span className="spinner spinner-sm" aria-hidden="true" /> Loading proposals…</span>;
    case "computing":
      return (
        <span className="segment-status-text" title="The model proposes every object of this image once (a worker job); they appear by themselves">
          <span className="spinner spinner-sm" aria-hidden="true" /> Computing{status.jobId !== null ? ` (job ${status.jobId})` : ""}…
        </span>
      );
    case "error":
      return <span className="segment-error" data-testid="proposals-error" role="alert">{status.message}</span>;
    case "ready":
      return (
        <span className="segment-status-text" data-testid="proposals-count">
          {state.count} proposal{state.count === 1 ? "" : "s"}
          {state.hovered ? ` · score ${state.hovered.score.toFixed(2)}, ${state.hovered.area} px` : ""}
        </span>
      );
  }
}

/** Over the image while the proposals tool is active: where the proposals stand and what a click does. */
export function ProposalBar({ editor, proposals }: { editor: Editor; proposals: ProposalsHandle }) {
  const active = editor.classes.find((c) => c.id === editor.activeClass);
  return (
    <div className="segment-bar" data-testid="proposals-bar" data-phase={proposals.status.phase} data-count={proposals.state.count} role="toolbar" aria-label="Proposals">
      <div className="segment-row">
        <span className="segment-title">Proposals</span>
        <span className="segment-status" data-testid="proposals-status" aria-live="polite">
          <StatusText proposals={proposals} />
        </span>
        <span className="segment-hint">
          Click an outlined object: a new <b>{active?.name ?? "(pick a class)"}</b>; Shift+click adds it to the selected object
        </span>
      </div>
    </div>
  );
}

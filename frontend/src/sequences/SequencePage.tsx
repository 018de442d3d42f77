import "../styles/label.css";
import "../styles/sequences.css";
import { getOntology, getProject } from "../api/projects";
import { useAuth } from "../auth/AuthContext";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ErrorMessage } from "../components/ErrorMessage";
import { Spinner } from "../components/Spinner";
import { useAsync } from "../lib/hooks";
import { paths } from "../lib/routes";
import { LabelErrorBoundary } from "../pages/label/LabelErrorBoundary";
import { getSequence } from "./api";
import { emptyReason } from "./emptySequence";
import { SequenceWorkspace } from "./SequenceWorkspace";

/** /projects/:id/sequences/:sid: loads project, ontology and the sequence's frames, then opens the sequence editor. */
export function SequencePage({ projectId, sequenceId }: { projectId: number; sequenceId: number }) {
  const { user } = useAuth();
  const startAt = Math.max(0, (Number(new URLSearchParams(window.location.search).get("frame")) || 1) - 1);
  const data = useAsync(async (signal) => {
    const [project, ontology, sequence] = await Promise.all([getProject(projectId, signal), getOntology(projectId, signal), getSequence(sequenceId, signal)]);
    if (sequence.project !== undefined && sequence.project !== projectId) throw new Error(`sequence ${sequenceId} belongs to another project`);
    return { project, ontology, sequence };
  }, [projectId, sequenceId]);

  if (!data.data || !user) {
    return (
      <div className="page page-wide">
        <Breadcrumbs items={[{ label: "Projects", to: paths.projects() }, { label: `Project ${projectId}`, to: paths.project(projectId) }, { label: `Sequence ${sequenceId}` }]} />
        <ErrorMessage error={data.error} />
        {!data.error && <Spinner />}
        {data.error != null && (
          <button type="button" className="btn" onClick={data.reload}>
            Try again
          </button>
        )}
      </div>
    );
  }
  if (data.data.sequence.frames.length === 0) {
    return (
      <div className="page">
        <Breadcrumbs items={[{ label: "Projects", to: paths.projects() }, { label: data.data.project.name, to: paths.project(projectId) }, { label: data.data.sequence.name }]} />
        <p className="empty" data-testid="sequence-empty">
          {emptyReason(data.data.sequence)}
        </p>
      </div>
    );
  }
  return (
    <LabelErrorBoundary>
      <SequenceWorkspace {...data.data} userId={user.id} startAt={startAt} />
    </LabelErrorBoundary>
  );
}

import "../../styles/label.css";
import { useAuth } from "../../auth/AuthContext";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { paths } from "../../lib/routes";
import { benchMark } from "./benchHooks";
import { LabelErrorBoundary } from "./LabelErrorBoundary";
import { LabelWorkspace } from "./LabelWorkspace";
import { loadLabelSession } from "./session";

/** /projects/:id/assets/:aid/label: loads asset, image, ontology, labels and pre-labels, then opens the editor. */
export function LabelPage({ projectId, assetId }: { projectId: number; assetId: number }) {
  const { user } = useAuth();
  const userId = user?.id ?? 0;
  // ?label=<id>: the review page's "Fix" opens another person's label to correct it.
  const fixLabelId = Number(new URLSearchParams(window.location.search).get("label")) || null;
  const session = useAsync((signal) => {
    benchMark("loadStart");
    return loadLabelSession(projectId, assetId, userId, signal, fixLabelId);
  }, [projectId, assetId, userId, fixLabelId]);

  if (!session.data || !user) {
    return (
      <div className="page page-wide">
        <Breadcrumbs
          items={[
            { label: "Projects", to: paths.projects() },
            { label: `Project ${projectId}`, to: paths.project(projectId) },
            { label: `Asset ${assetId}`, to: paths.asset(projectId, assetId) },
            { label: "Label" },
          ]}
        />
        <ErrorMessage error={session.error} />
        {!session.error && <Spinner />}
        {session.error != null && (
          <button type="button" className="btn" onClick={session.reload}>
            Try again
          </button>
        )}
      </div>
    );
  }
  return (
    <LabelErrorBoundary>
      <LabelWorkspace key={`${assetId}`} session={session.data} userId={user.id} />
    </LabelErrorBoundary>
  );
}

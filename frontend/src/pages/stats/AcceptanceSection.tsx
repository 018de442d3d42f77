import { getEngineState } from "../../api/dataengine";
import { getOntology } from "../../api/projects";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { formatRate } from "./statsFormat";

/** What labelers did with the pre-labeled objects, per class (kept as is, changed, deleted) and what they added. */
export function AcceptanceSection({ projectId }: { projectId: number }) {
  const state = useAsync((signal) => getEngineState(projectId, signal), [projectId]);
  const ontology = useAsync((signal) => getOntology(projectId, signal), [projectId]);
  const names = new Map((ontology.data?.classes ?? []).map((c) => [c.id, c.name]));
  const rows = state.data?.acceptance_by_class ?? [];
  return (
    <div>
      <ErrorMessage error={state.error} />
      {!state.data && !state.error && <Spinner />}
      {state.data && rows.length === 0 && <p className="muted small">No submitted label started from a pre-label yet.</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table stats-table" data-testid="acceptance-classes">
            <thead>
              <tr>
                <th>Class</th>
                <th className="num">Kept</th>
                <th className="num">Changed</th>
                <th className="num">Deleted</th>
                <th className="num">Added</th>
                <th className="num">Kept rate</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.class}>
                  <td>{names.get(r.class) ?? `class ${r.class}`}</td>
                  <td className="num">{r.kept}</td>
                  <td className="num">{r.changed}</td>
                  <td className="num">{r.deleted}</td>
                  <td className="num">{r.added}</td>
                  <td className="num">{formatRate(r.kept_rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.data && state.data.synthetic_assets > 0 && (
        <p className="muted small" data-testid="synthetic-note">
          {state.data.synthetic_assets} synthetic images are left out of these figures.
        </p>
      )}
    </div>
  );
}

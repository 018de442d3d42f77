import { useMemo, useState } from "react";
import { listLabels, resultsOf } from "../../api/assets";
import { listMembers } from "../../api/projects";
import { listGold, removeGold, setGold } from "../../api/quality";
import type { Label } from "../../api/types";
import { ErrorMessage } from "../../components/ErrorMessage";
import { formatDate } from "../../lib/format";
import { useAsync } from "../../lib/hooks";
import { Link } from "../../lib/router";
import { paths } from "../../lib/routes";

/** Managers: which assets are gold standards, and making a submitted label the reference of its asset. */
export function GoldPanel({ projectId, onChanged }: { projectId: number; onChanged: () => void }) {
  const gold = useAsync((signal) => listGold(projectId, signal), [projectId]);
  const members = useAsync((signal) => listMembers(projectId, signal), [projectId]);
  const names = useMemo(() => new Map((members.data ?? []).map((m) => [m.user.id, m.user.username])), [members.data]);
  const [assetInput, setAssetInput] = useState("");
  const [labels, setLabels] = useState<Label[] | null>(null);
  const [assetId, setAssetId] = useState<number | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const findLabels = () =>
    run(async () => {
      const id = Number(assetInput);
      if (!Number.isInteger(id) || id <= 0) throw new Error("Enter an image id (the number in its address, e.g. 42).");
      const found = resultsOf(await listLabels(id)).filter((l) => l.status === "submitted");
      setAssetId(id);
      setLabels(found);
      setChosen(found[0]?.id ?? null);
    });

  const mark = () =>
    run(async () => {
      if (assetId === null || chosen === null) return;
      await setGold(assetId, chosen);
      setNote(`Image #${assetId} is now a gold standard (label #${chosen}).`);
      setLabels(null);
      setAssetInput("");
      gold.reload();
      onChanged();
    });

  const unmark = (asset: number) =>
    run(async () => {
      await removeGold(asset);
      setNote(`Image #${asset} is no longer a gold standard.`);
      gold.reload();
      onChanged();
    });

  return (
    <div className="gold-panel" data-testid="gold-panel">
      <div className="form-row">
        <label className="field">
          <span>Image id</span>
          <input
            type="number"
            min={1}
            value={assetInput}
            data-testid="gold-asset-input"
            onChange={(e) => setAssetInput(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && void findLabels()}
          />
        </label>
        <button type="button" className="btn" disabled={busy || !assetInput} onClick={() => void findLabels()}>
          Find labels
        </button>
        {labels && labels.length > 0 && (
          <>
            <label className="field">
              <span>Reference label</span>
              <select value={chosen ?? ""} data-testid="gold-label-select" onChange={(e) => setChosen(Number(e.target.value))}>
                {labels.map((l) => (
                  <option key={l.id} value={l.id}>
                    #{l.id} by {l.author.username} · {l.objects.length} objects · rev {l.revision}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="btn btn-primary" disabled={busy || chosen === null} data-testid="gold-mark" onClick={() => void mark()}>
              Mark as gold
            </button>
          </>
        )}
      </div>
      {labels && labels.length === 0 && <div className="muted small">Image #{assetId} has no submitted label to use as a reference.</div>}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {note && <div className="alert alert-success">{note}</div>}
      <ErrorMessage error={gold.error} />
      {gold.data && gold.data.length === 0 && <div className="muted small">No gold standards yet.</div>}
      {gold.data && gold.data.length > 0 && (
        <table className="table stats-table" data-testid="gold-table">
          <thead>
            <tr>
              <th>Image</th>
              <th>Reference label</th>
              <th>Set by</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {gold.data.map((g) => (
              <tr key={g.id}>
                <td>
                  <Link to={paths.asset(projectId, g.asset)}>#{g.asset}</Link>
                </td>
                <td>#{g.label}</td>
                <td>{g.set_by !== null ? names.get(g.set_by) ?? `user #${g.set_by}` : "—"}</td>
                <td>{formatDate(g.created_at)}</td>
                <td className="actions">
                  <button type="button" className="btn btn-sm btn-danger" disabled={busy} onClick={() => void unmark(g.asset)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

import type { VersionCompare } from "../../api/datasetTypes";
import { Link } from "../../lib/router";
import { paths } from "../../lib/routes";
import { assetIdList, compareIsEmpty, compareRows, compareSummary, formatIou } from "./compare";

interface Props {
  projectId: number;
  comparison: VersionCompare;
  classNames: ReadonlyMap<number, string>;
}

/** What changed from version a to version b: counts, then one row per changed object. */
export function CompareView({ projectId, comparison, classNames }: Props) {
  const rows = compareRows(comparison, classNames);
  const summary = compareSummary(comparison);
  const { assets } = comparison;
  return (
    <div className="compare" data-testid="compare-result">
      <h3>
        <code>{comparison.a}</code> → <code>{comparison.b}</code>
      </h3>
      {compareIsEmpty(comparison) && <div className="alert alert-success">The two versions hold the same labels.</div>}
      <table className="table table-compact compare-summary" data-testid="compare-summary">
        <thead>
          <tr>
            <th />
            <th className="num">Added</th>
            <th className="num">Removed</th>
            <th className="num">Changed</th>
            <th className="num">Unchanged</th>
          </tr>
        </thead>
        <tbody>
          {summary.map((r) => (
            <tr key={r.what} data-testid={`compare-${r.what}`}>
              <th scope="row">{r.what}</th>
              <td className={`num${r.added ? " delta-added" : ""}`}>{r.added ? `+${r.added.toLocaleString("en-US")}` : 0}</td>
              <td className={`num${r.removed ? " delta-removed" : ""}`}>{r.removed ? `−${r.removed.toLocaleString("en-US")}` : 0}</td>
              <td className={`num${r.changed ? " delta-changed" : ""}`}>{r.changed.toLocaleString("en-US")}</td>
              <td className="num muted">{r.unchanged.toLocaleString("en-US")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(assets.added_count > 0 || assets.removed_count > 0) && (
        <div className="muted small compare-assets">
          {assets.added_count > 0 && <div>Assets only in {comparison.b}: {assetIdList(assets.added, assets.added_count)}</div>}
          {assets.removed_count > 0 && <div>Assets only in {comparison.a}: {assetIdList(assets.removed, assets.removed_count)}</div>}
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact compare-table" data-testid="compare-table">
            <thead>
              <tr>
                <th>Asset</th>
                <th>Change</th>
                <th>Class</th>
                <th className="num">Object in {comparison.a}</th>
                <th className="num">Object in {comparison.b}</th>
                <th className="num">IoU</th>
                <th>Attributes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-testid="compare-row" data-change={r.change}>
                  <td>
                    <Link to={paths.asset(projectId, r.asset)}>#{r.asset}</Link>
                  </td>
                  <td>
                    <span className={`badge change-${r.change}`}>{r.change}</span>
                  </td>
                  <td>{r.className}</td>
                  <td className="num">{r.a ?? "–"}</td>
                  <td className="num">{r.b ?? "–"}</td>
                  <td className="num">{formatIou(r.iou)}</td>
                  <td>{r.attributesChanged ? "changed" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {comparison.truncated && (
        <div className="muted small">Only the first changed assets are listed; the counts above cover all of them.</div>
      )}
    </div>
  );
}

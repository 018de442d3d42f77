import "../../styles/datasets.css";
// Views of export and import job results, shared by the Datasets page and the project's Jobs panel.
import { formatBytes } from "../../lib/format";
import { asExportResult, asImportResult, exportSummary, importSummaryItems, resultDownload } from "./summaries";

/** A link that downloads a job's result file (same-origin: the session cookie authorises it). */
export function DownloadLink({ result, testId = "job-download" }: { result: unknown; testId?: string }) {
  const dl = resultDownload(result);
  if (!dl) return null;
  return (
    <a className="btn btn-sm download-link" href={dl.href} download={dl.name} data-testid={testId} title={`Download ${dl.name}`}>
      <span aria-hidden="true">⤓</span> {dl.name}
      {dl.bytes !== null && <span className="muted">({formatBytes(dl.bytes)})</span>}
    </a>
  );
}

export function ExportResultView({ result }: { result: unknown }) {
  const r = asExportResult(result);
  if (!r) return null;
  return (
    <div className="dataset-result" data-testid="export-result">
      <DownloadLink result={result} testId="export-download" />
      {r.download === null && <span className="muted small">{r.file}: for managers, reviewers and viewers ·</span>}
      <span className="muted small" data-testid="export-counts">
        {exportSummary(r)}
        {r.parts > 1 && ` · written in ${r.parts} parts`}
      </span>
    </div>
  );
}

export function ImportResultView({ result }: { result: unknown }) {
  const r = asImportResult(result);
  if (!r) return null;
  const items = importSummaryItems(r);
  return (
    <div className="dataset-result dataset-result-import" data-testid="import-result">
      {r.format && <div className="muted small">Read as <strong>{r.format}</strong></div>}
      <dl className="result-counts">
        {items.map((i) => (
          <div key={i.key} className={`result-count result-count-${i.tone}`} data-testid={`import-${i.key}`}>
            <dt>{i.label}</dt>
            <dd>{i.value.toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      {r.unknown_classes.length > 0 && (
        <div className="alert alert-warn" data-testid="import-unknown-classes">
          Unknown classes, their objects skipped: <strong>{r.unknown_classes.join(", ")}</strong>. Import again with
          “add unknown classes” to add them to the ontology.
        </div>
      )}
      {r.classes_added.length > 0 && (
        <div className="alert alert-success" data-testid="import-classes-added">
          Classes added to the ontology: <strong>{r.classes_added.join(", ")}</strong>
        </div>
      )}
      {r.errors.length > 0 && (
        <div className="import-errors" data-testid="import-errors">
          <div className="import-errors-head">
            {r.error_count} file{r.error_count === 1 ? "" : "s"} could not be imported
            {r.error_count > r.errors.length && ` (first ${r.errors.length} listed)`}; the rest went in.
          </div>
          <table className="table table-compact">
            <thead>
              <tr>
                <th>File</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {r.errors.map((e, i) => (
                <tr key={i} data-testid="import-error" data-file={e.file}>
                  <td className="import-error-file">{e.file}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Export or import result by kind; nothing for other kinds. */
export function DatasetJobResult({ kind, result }: { kind: string; result: unknown }) {
  if (kind === "export") return <ExportResultView result={result} />;
  if (kind === "import") return <ImportResultView result={result} />;
  return null;
}

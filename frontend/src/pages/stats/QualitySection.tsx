import type { QualityReport, ScoreFigures } from "../../api/workflowTypes";
import { formatScore } from "./statsFormat";

function Score({ figures, testId }: { figures: ScoreFigures | null; testId?: string }) {
  if (!figures) return <span className="muted">—</span>;
  return (
    <span title={`IoU ${formatScore(figures.iou)} · precision ${formatScore(figures.precision)} · recall ${formatScore(figures.recall)} over ${figures.labels} label(s)`} data-testid={testId}>
      <span className={`score score-${scoreTone(figures.iou)}`}>{formatScore(figures.iou)}</span>
      <span className="muted small"> ({figures.labels})</span>
    </span>
  );
}

export function scoreTone(iou: number): "good" | "fair" | "poor" {
  return iou >= 0.85 ? "good" : iou >= 0.65 ? "fair" : "poor";
}

/** Scores against gold references and between consensus labels: per labeler, per class. */
export function QualitySection({ report }: { report: QualityReport }) {
  const classes = report.classes;
  const nothing = report.labelers.length === 0;
  return (
    <div className="quality" data-testid="quality-section">
      <div className="stat-cards">
        <div className="stat-card">
          <div className="stat-label">Gold assets</div>
          <div className="stat-value">{report.gold_assets}</div>
        </div>
        <div className="stat-card">
          <div className="stat-label">Gold score (IoU)</div>
          <div className="stat-value">
            <Score figures={report.project.gold} />
          </div>
        </div>
        <div className="stat-card">
          <div className="stat-label">Consensus score (IoU)</div>
          <div className="stat-value">
            <Score figures={report.project.consensus} />
          </div>
        </div>
      </div>
      {report.gold_until && report.gold_assets > 0 && (
        <p className="muted small" data-testid="gold-until">
          Your gold scores count the labels scored up to {report.gold_until} (UTC); today's show tomorrow.
        </p>
      )}
      {nothing ? (
        <div className="muted small">
          {report.gold_until
            ? "None of your labels is scored in this range yet. Labels are scored against gold references and, with more than one label per image, against each other."
            : "No scored labels in this range. Labels are scored against gold references (mark some below) and, with more than one label per image, against each other."}
        </div>
      ) : (
        <>
          <h3>Per labeler</h3>
          <p className="muted small">Mean IoU of matched objects (number of labels scored); per-class columns show the gold score, or consensus when there is no gold.</p>
          <div className="table-scroll">
            <table className="table stats-table" data-testid="quality-labelers">
              <thead>
                <tr>
                  <th>Labeler</th>
                  <th className="num">Gold</th>
                  <th className="num">Gold precision</th>
                  <th className="num">Gold recall</th>
                  <th className="num">Consensus</th>
                  {classes.map((c) => (
                    <th key={c.class} className="num">
                      {c.name || `class ${c.class}`}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.labelers.map((l) => (
                  <tr key={l.user.id} data-username={l.user.username}>
                    <td>{l.user.username}</td>
                    <td className="num">
                      <Score figures={l.gold} />
                    </td>
                    <td className="num">{formatScore(l.gold?.precision)}</td>
                    <td className="num">{formatScore(l.gold?.recall)}</td>
                    <td className="num">
                      <Score figures={l.consensus} />
                    </td>
                    {classes.map((c) => {
                      const pair = l.per_class[String(c.class)];
                      return (
                        <td key={c.class} className="num">
                          <Score figures={pair?.gold ?? pair?.consensus ?? null} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Per class</h3>
          <div className="table-scroll">
            <table className="table stats-table" data-testid="quality-classes">
              <thead>
                <tr>
                  <th>Class</th>
                  <th className="num">Gold IoU</th>
                  <th className="num">Gold precision</th>
                  <th className="num">Gold recall</th>
                  <th className="num">Consensus IoU</th>
                </tr>
              </thead>
              <tbody>
                {classes.map((c) => (
                  <tr key={c.class}>
                    <td>{c.name || `class ${c.class}`}</td>
                    <td className="num">
                      <Score figures={c.gold} />
                    </td>
                    <td className="num">{formatScore(c.gold?.precision)}</td>
                    <td className="num">{formatScore(c.gold?.recall)}</td>
                    <td className="num">
                      <Score figures={c.consensus} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

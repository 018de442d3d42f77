import "../../styles/workflow.css";
import { useState } from "react";
import { getProject } from "../../api/projects";
import { getQualityReport } from "../../api/quality";
import { getProjectStats } from "../../api/workflow";
import type { StatsFigures } from "../../api/workflowTypes";
import { useAuth } from "../../auth/AuthContext";
import { Breadcrumbs } from "../../components/Breadcrumbs";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Spinner } from "../../components/Spinner";
import { useAsync } from "../../lib/hooks";
import { setSearchParams, useLocation } from "../../lib/router";
import { paths } from "../../lib/routes";
import { canManageProject } from "../../lib/roles";
import { csvFileName, labelerCsv } from "./csv";
import { AcceptanceSection } from "./AcceptanceSection";
import { DayChart } from "./DayChart";
import { GoldPanel } from "./GoldPanel";
import { LabelerTable } from "./LabelerTable";
import { QualitySection } from "./QualitySection";
import { fillDays, formatDuration, formatRate, formatTick, lastDays, rangeFromSearch, timeUnit } from "./statsFormat";

const PRESETS = [7, 30, 90] as const;

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Totals({ t }: { t: StatsFigures }) {
  const cards: [string, string, string][] = [
    ["Assets labeled", String(t.assets_labeled), "total-assets"],
    ["Objects", String(t.objects), "total-objects"],
    ["Productive time", formatDuration(t.productive_time_s), "total-time"],
    ["Time per asset", formatDuration(t.time_per_asset_s), "total-time-per-asset"],
    ["Rejection rate", formatRate(t.rejection_rate), "total-rejection"],
    ["Reviews", String(t.reviews_received), "total-reviews"],
  ];
  return (
    <div className="stat-cards" data-testid="stats-totals">
      {cards.map(([title, value, id]) => (
        <div key={id} className="stat-card">
          <div className="stat-label">{title}</div>
          <div className="stat-value" data-testid={id}>
            {value}
          </div>
        </div>
      ))}
    </div>
  );
}

/** /projects/:id/stats: who did what, how fast and how well, for a date range. */
export function StatsPage({ projectId }: { projectId: number }) {
  const { user } = useAuth();
  const { search } = useLocation();
  const range = rangeFromSearch(search);
  const [qualityKey, setQualityKey] = useState(0);
  const project = useAsync((signal) => getProject(projectId, signal), [projectId]);
  const stats = useAsync((signal) => getProjectStats(projectId, range, signal), [projectId, range.from, range.to]);
  const quality = useAsync((signal) => getQualityReport(projectId, range, signal), [projectId, range.from, range.to, qualityKey]);
  const p = project.data;
  const manager = canManageProject({ project: p, isStaff: user?.is_staff });
  const s = stats.data;
  const days = s ? fillDays(s.days, s.from, s.to) : [];
  const unit = timeUnit(Math.max(0, ...days.map((d) => d.productive_time_s)));
  const setRange = (from: string, to: string) => setSearchParams({ from: from || null, to: to || null, range: !from && !to ? "all" : null });
  const preset = PRESETS.find((n) => {
    const r = lastDays(n);
    return r.from === range.from && r.to === range.to;
  });

  return (
    <div className="page page-wide stats-page">
      <Breadcrumbs items={[{ label: "Projects", to: paths.projects() }, { label: p?.name ?? `#${projectId}`, to: paths.project(projectId) }, { label: "Stats" }]} />
      <div className="page-head">
        <div>
          <h1>People and quality</h1>
          <div className="muted small">Days are counted in UTC. {p?.my_role === "labeler" && "You see your own figures."}</div>
        </div>
        <div className="range-picker" data-testid="range-picker">
          {PRESETS.map((n) => (
            <button key={n} type="button" className={`chip${preset === n ? " chip-active" : ""}`} onClick={() => setRange(lastDays(n).from, lastDays(n).to)}>
              {n} days
            </button>
          ))}
          <button type="button" className={`chip${!range.from && !range.to ? " chip-active" : ""}`} onClick={() => setRange("", "")}>
            all time
          </button>
          <label className="field field-inline">
            <span>From</span>
            <input type="date" value={range.from} max={range.to || undefined} data-testid="range-from" onChange={(e) => setRange(e.target.value, range.to)} />
          </label>
          <label className="field field-inline">
            <span>To</span>
            <input type="date" value={range.to} min={range.from || undefined} data-testid="range-to" onChange={(e) => setRange(range.from, e.target.value)} />
          </label>
        </div>
      </div>

      <ErrorMessage error={stats.error} />
      {!s && !stats.error && <Spinner />}
      {s && (
        <>
          <Totals t={s.totals} />
          <section className="panel">
            <div className="panel-head">
              <h2>Labelers</h2>
              <button
                type="button"
                className="btn btn-sm"
                data-testid="csv-download"
                disabled={s.labelers.length === 0}
                onClick={() => download(labelerCsv(s.labelers, s), csvFileName(projectId, s))}
              >
                Download CSV
              </button>
            </div>
            <LabelerTable rows={s.labelers} />
          </section>
          <section className="panel stats-charts">
            <DayChart title="Labels per day" days={days} value={(d) => d.assets_labeled} format={(v) => String(v)} integer testId="chart-labels" />
            <DayChart
              title="Productive time per day"
              days={days}
              value={(d) => d.productive_time_s / unit.seconds}
              format={(v) => formatTick(v, unit)}
              formatValue={(v) => formatDuration(v * unit.seconds)}
              color="#1f8a4c"
              testId="chart-hours"
            />
          </section>
        </>
      )}

      <section className="panel">
        <div className="panel-head">
          <h2>Quality</h2>
        </div>
        <ErrorMessage error={quality.error} />
        {!quality.data && !quality.error && <Spinner />}
        {quality.data && <QualitySection report={quality.data} />}
      </section>

      <section className="panel">
        <div className="panel-head">
          <h2>Pre-label acceptance</h2>
        </div>
        <AcceptanceSection projectId={projectId} />
      </section>

      {manager && (
        <section className="panel">
          <div className="panel-head">
            <h2>Gold standards</h2>
          </div>
          <p className="muted small">A gold image leaves the normal queue; labelers get it now and then (the project's gold fraction) and their labels are scored against the reference.</p>
          <GoldPanel projectId={projectId} onChanged={() => setQualityKey((k) => k + 1)} />
        </section>
      )}
    </div>
  );
}

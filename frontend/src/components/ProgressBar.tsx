import { percent } from "../lib/format";

interface Props {
  done: number;
  total: number;
  /** Unknown total: an animated bar. */
  indeterminate?: boolean;
  tone?: "default" | "success" | "error";
  label?: string;
}

export function ProgressBar({ done, total, indeterminate, tone = "default", label }: Props) {
  const pct = percent(done, total);
  return (
    <div className="progress-wrap">
      <div
        className={`progress progress-${tone}${indeterminate ? " progress-indeterminate" : ""}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={indeterminate ? undefined : pct}
        aria-label={label}
      >
        <div className="progress-fill" style={{ width: indeterminate ? undefined : `${pct}%` }} />
      </div>
      {label !== undefined && <span className="progress-label">{label}</span>}
    </div>
  );
}

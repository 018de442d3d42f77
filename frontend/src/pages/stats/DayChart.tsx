import { useState } from "react";
import type { DayStats } from "../../api/workflowTypes";
import { bands, labelEvery, linearScale, niceAxis } from "./chartScale";

interface Props {
  title: string;
  days: readonly DayStats[];
  value: (d: DayStats) => number;
  /** Axis ticks. */
  format: (v: number) => string;
  /** The total and a hovered day's value; `format` when absent. */
  formatValue?: (v: number) => string;
  color?: string;
  /** Whole-number ticks (counts). */
  integer?: boolean;
  testId?: string;
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 44, right: 8, top: 10, bottom: 26 };

/** One bar per day, plain SVG; hovering a bar shows its day and value. */
export function DayChart({ title, days, value, format, formatValue = format, color = "#2563eb", integer = false, testId }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const values = days.map(value);
  const axis = niceAxis(Math.max(0, ...values), 4, integer);
  const top = axis.top;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const y = linearScale(0, top, PAD.top + innerH, PAD.top);
  const slots = bands(days.length, innerW);
  const every = labelEvery(days.length, 8);
  const hovered = hover !== null ? days[hover] : null;

  return (
    <figure className="day-chart" data-testid={testId}>
      <figcaption>
        <span>{title}</span>
        <span className="muted small" data-testid={testId ? `${testId}-total` : undefined}>{hovered ? `${hovered.date}: ${formatValue(values[hover as number])}` : `total ${formatValue(values.reduce((a, b) => a + b, 0))}`}</span>
      </figcaption>
      {days.length === 0 ? (
        <div className="muted small day-chart-empty">No activity in this range.</div>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} onMouseLeave={() => setHover(null)}>
          {axis.ticks.map((t) => (
            <g key={t} className="chart-grid">
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} />
              <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                {format(t)}
              </text>
            </g>
          ))}
          {days.map((d, i) => {
            const v = values[i];
            const band = slots[i];
            const x = PAD.left + band.x;
            return (
              <g key={d.date} onMouseEnter={() => setHover(i)}>
                <rect className="chart-hit" x={PAD.left + i * (innerW / days.length)} y={PAD.top} width={innerW / days.length} height={innerH} />
                <rect
                  className="chart-bar"
                  x={x}
                  y={y(v)}
                  width={band.width}
                  height={Math.max(0, y(0) - y(v))}
                  fill={color}
                  opacity={hover === null || hover === i ? 1 : 0.55}
                  data-date={d.date}
                  data-value={v}
                >
                  <title>{`${d.date}: ${formatValue(v)}`}</title>
                </rect>
                {(days.length - 1 - i) % every === 0 && (
                  <text className="chart-x" x={x + band.width / 2} y={HEIGHT - 8} textAnchor="middle">
                    {d.date.slice(5)}
                  </text>
                )}
              </g>
            );
          })}
          <line className="chart-axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} />
        </svg>
      )}
    </figure>
  );
}

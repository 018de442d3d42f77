// Display of people stats: durations, rates, date ranges (days are UTC, as the API counts them).
import type { DayStats, StatsFigures } from "../../api/workflowTypes";

/** "2 h 05 min", "4 min 10 s", "12 s"; "—" for none. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, "0")} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** Hours with two decimals, as vendors bill them. */
export function formatHours(seconds: number): string {
  return (seconds / 3600).toFixed(2);
}

export interface TimeUnit {
  readonly unit: "s" | "min" | "h";
  readonly seconds: number;
}

/** The unit a time axis counts in, from its largest value: a day of 26 s reads "10 s, 20 s", not "0 min" on every tick. */
export function timeUnit(maxSeconds: number): TimeUnit {
  if (!(maxSeconds >= 120)) return { unit: "s", seconds: 1 };
  if (maxSeconds < 2 * 3600) return { unit: "min", seconds: 60 };
  return { unit: "h", seconds: 3600 };
}

/** A tick of an axis in `unit` (the value already divided): "20 s", "1.5 h"; 0 has no unit. */
export function formatTick(value: number, unit: TimeUnit): string {
  if (value === 0) return "0";
  return `${Math.round(value * 10) / 10} ${unit.unit}`;
}

/** 0.125 -> "12.5%"; null (nothing reviewed) -> "—". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  const pct = rate * 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
}

/** 0.8312 -> "0.831"; null -> "—". */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toFixed(3);
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

export function isDay(value: string | null | undefined): value is string {
  return !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export interface DayRange {
  from: string;
  to: string;
}

/** The last `days` days up to and including today (UTC). */
export function lastDays(days: number, now: Date = new Date()): DayRange {
  const to = isoDay(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** The range in the URL, or the last 30 days; "all" when both are explicitly empty. */
export function rangeFromSearch(search: URLSearchParams, now: Date = new Date()): { from: string; to: string } {
  if (search.get("range") === "all") return { from: "", to: "" };
  const from = search.get("from");
  const to = search.get("to");
  if (isDay(from) || isDay(to)) return { from: isDay(from) ? from : "", to: isDay(to) ? to : "" };
  return lastDays(30, now);
}

const MAX_CHART_DAYS = 400;

function emptyFigures(): StatsFigures {
  return {
    assets_labeled: 0, objects: 0, productive_time_s: 0, saves: 0, time_per_asset_s: null,
    reviews_received: 0, accepted: 0, rejected: 0, rejection_rate: null, reviews_done: 0,
  };
}

/**
 * Every day of the range, with zeros where nothing happened (the API lists active days only).
 * Open ends take the first/last active day; very long ranges keep their last MAX_CHART_DAYS days.
 */
export function fillDays(days: readonly DayStats[], from: string | null, to: string | null): DayStats[] {
  const byDay = new Map(days.map((d) => [d.date, d]));
  const sorted = [...byDay.keys()].sort();
  const start = from || sorted[0];
  const end = to || sorted[sorted.length - 1];
  if (!start || !end || end < start) return [];
  const out: DayStats[] = [];
  let day = end;
  while (day >= start && out.length < MAX_CHART_DAYS) {
    out.push(byDay.get(day) ?? { date: day, ...emptyFigures() });
    day = addDays(day, -1);
  }
  return out.reverse();
}

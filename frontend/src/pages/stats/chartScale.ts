// Scales for the plain-SVG bar charts: a "nice" top value, its ticks, and value -> pixel.

/** The smallest 1, 2, 2.5 or 5 x 10^k at or above `value`; 1 for nothing (an empty chart still has an axis). */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const v = value;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= v - 1e-9) return step * power;
  }
  return 10 * power;
}

/**
 * An axis from 0 for values up to `value`: a round step (1, 2, 2.5 or 5 x 10^k; whole numbers for
 * counts) giving about `count` ticks, and the top tick at or above `value`.
 */
export function niceAxis(value: number, count = 4, integer = false): { top: number; ticks: number[] } {
  const v = value > 0 && Number.isFinite(value) ? value : 0;
  let step = niceMax(v / count || 1);
  if (integer) step = Math.max(1, Math.ceil(step));
  if (v === 0) return { top: step, ticks: [0, step] };
  const n = Math.max(1, Math.ceil(v / step - 1e-9));
  const values = Array.from({ length: n + 1 }, (_, i) => Number((step * i).toPrecision(12)));
  return { top: values[n], ticks: values };
}

/** Linear map of [d0, d1] onto [r0, r1]; a flat domain maps everything to r0. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => r0;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

export interface Band {
  x: number;
  width: number;
}

/** Bars of equal width across `width` with a gap of `gapRatio` of each slot. */
export function bands(count: number, width: number, gapRatio = 0.2): Band[] {
  if (count <= 0 || width <= 0) return [];
  const slot = width / count;
  const gap = Math.min(slot * gapRatio, 6);
  return Array.from({ length: count }, (_, i) => ({ x: i * slot + gap / 2, width: Math.max(1, slot - gap) }));
}

/** Which of `count` labels to show so that at most `max` appear, evenly spaced, the last always. */
export function labelEvery(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / Math.max(1, max)));
}

/** An [x, y] vertex of a polyline (image pixels). */
export type Vertex = readonly [number, number];

/** Distance from p to the segment a-b. */
function distanceToSegment(p: Vertex, a: Vertex, b: Vertex): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Thin a drawn stroke: consecutive duplicates dropped, then Ramer–Douglas–Peucker
 * (no kept segment strays more than `tolerance` from the dropped vertices), then,
 * if still longer than `maxPoints`, evenly spaced vertices of that. The first and
 * last vertex always stay. Iterative, so strokes of any length are fine.
 */
export function thinPolyline(points: readonly Vertex[], tolerance: number, maxPoints: number): Vertex[] {
  const unique: Vertex[] = [];
  for (const p of points) {
    const last = unique[unique.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) unique.push(p);
  }
  if (unique.length <= 2) return unique;
  const keep = new Uint8Array(unique.length);
  keep[0] = keep[unique.length - 1] = 1;
  const stack: [number, number][] = [[0, unique.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [number, number];
    let farthest = -1;
    let farthestDistance = tolerance;
    for (let i = from + 1; i < to; i++) {
      const d = distanceToSegment(unique[i], unique[from], unique[to]);
      if (d > farthestDistance) {
        farthest = i;
        farthestDistance = d;
      }
    }
    if (farthest < 0) continue;
    keep[farthest] = 1;
    stack.push([from, farthest], [farthest, to]);
  }
  const simplified = unique.filter((_, i) => keep[i] === 1);
  const max = Math.max(2, Math.floor(maxPoints));
  if (simplified.length <= max) return simplified;
  const n = simplified.length;
  return Array.from({ length: max }, (_, i) => simplified[Math.round((i * (n - 1)) / (max - 1))]);
}

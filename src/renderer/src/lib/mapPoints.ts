// The Map panel's logic on a projection's points, free of Vue and ECharts: search by label, the point nearest a
// click, the points inside a brushed region, and the coordinates as CSV (colourings: mapColors.ts).
import type { ProjectResult } from '../../../shared';

/** What dragging on the map does: pan (off), or select a rectangle or a free shape. */
export type BrushMode = 'off' | 'rect' | 'polygon';
export type MapPoints = Pick<ProjectResult, 'keys' | 'x' | 'y' | 'counts' | 'titles' | 'genres' | 'columns'>;
/** Per point, 1 when it is drawn; null: every point is (mapFilter.ts). */
export type Visible = Uint8Array | null;

/** The name a point is shown by on the map: its title, else its key. */
export function pointName(points: MapPoints, i: number): string {
  return points.titles[i] ?? points.keys[i]!;
}

/** Indices of the `n` most frequent points, most frequent first (equal counts keep point order). */
export function mostFrequent(points: MapPoints, n: number): number[] {
  if (n <= 0) return [];
  const order = points.counts.map((_, i) => i);
  order.sort((a, b) => points.counts[b]! - points.counts[a]! || a - b);
  return order.slice(0, n);
}

/** A search as matched: trimmed and lower-cased; empty matches nothing. */
export const searchTerm = (query: string): string => query.trim().toLowerCase();

/** Whether point i's key or title contains the (searchTerm'd) query. */
export function matchesSearch(points: MapPoints, i: number, q: string): boolean {
  return points.keys[i]!.toLowerCase().includes(q) || (points.titles[i] ?? '').toLowerCase().includes(q);
}

/**
 * Drawn points whose key or title contains the query (case-insensitive): exact key matches first, then by
 * frequency.
 */
export function searchPoints(points: MapPoints, query: string, limit = 8, visible: Visible = null): number[] {
  const q = searchTerm(query);
  if (!q) return [];
  const exact: number[] = [];
  const partial: number[] = [];
  for (let i = 0; i < points.keys.length; i++) {
    if (visible && !visible[i]) continue;
    if (points.keys[i]!.toLowerCase() === q) exact.push(i);
    else if (matchesSearch(points, i, q)) partial.push(i);
    if (exact.length >= limit) break;
  }
  // Points come most frequent first, so the order within each list already ranks by frequency.
  return [...exact, ...partial].slice(0, limit);
}

/**
 * The drawn point nearest (cx, cy) in data units, distances measured in pixels (`sx`, `sy`: pixels per data
 * unit on each axis); -1 when none lies within `radius` pixels. Points filtered out cannot be picked.
 */
export function nearestPoint(
  points: MapPoints,
  cx: number,
  cy: number,
  sx: number,
  sy: number,
  radius: number,
  visible: Visible = null,
): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < points.x.length; i++) {
    if (visible && !visible[i]) continue;
    const dx = (points.x[i]! - cx) * sx;
    const dy = (points.y[i]! - cy) * sy;
    const d = dx * dx + dy * dy;
    if (d <= bestD) [best, bestD] = [i, d];
  }
  return best;
}

/** A brushed area in data coordinates: a rectangle `[[x0, x1], [y0, y1]]` or a polygon's vertices. */
export type Region =
  { kind: 'rect'; x: [number, number]; y: [number, number] } | { kind: 'polygon'; vertices: [number, number][] };

/** Even–odd rule (Shimrat 1962): a ray from the point crosses the polygon's edges an odd number of times. */
function insidePolygon(px: number, py: number, v: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = v.length - 1; i < v.length; j = i++) {
    const [xi, yi] = v[i]!;
    const [xj, yj] = v[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the drawn points inside any of the regions, in point order. */
export function pointsInRegions(points: MapPoints, regions: readonly Region[], visible: Visible = null): number[] {
  const found: number[] = [];
  for (let i = 0; i < points.x.length; i++) {
    if (visible && !visible[i]) continue;
    const px = points.x[i]!;
    const py = points.y[i]!;
    for (const r of regions) {
      const hit =
        r.kind === 'rect'
          ? px >= Math.min(...r.x) && px <= Math.max(...r.x) && py >= Math.min(...r.y) && py <= Math.max(...r.y)
          : insidePolygon(px, py, r.vertices);
      if (hit) {
        found.push(i);
        break;
      }
    }
  }
  return found;
}

/** One CSV field as RFC 4180 §2.6 wants it: quoted when it holds a comma, quote, CR or LF. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * `key,x,y,count,title,genres` and the item metadata columns, with CRLF line ends: the layout `ewb project
 * --out` writes (docs/explore.md). Coordinates arrive as the shortest decimals of float32 values, so String()
 * writes those same digits.
 */
export function coordinatesCsv(points: MapPoints): string {
  const header = ['key', 'x', 'y', 'count', 'title', 'genres', ...points.columns.map((c) => c.name)];
  const lines = [header.map(csvField).join(',')];
  for (let i = 0; i < points.keys.length; i++) {
    lines.push(
      [
        csvField(points.keys[i]!),
        String(points.x[i]),
        String(points.y[i]),
        String(points.counts[i]),
        csvField(points.titles[i] ?? ''),
        csvField(points.genres[i]!.join('|')),
        ...points.columns.map((c) => csvField(c.values[i] ?? '')),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** The points at `indices` (a selected region), in that order. */
export function pickPoints(points: MapPoints, indices: readonly number[]): MapPoints {
  const pick = <T>(values: readonly T[]): T[] => indices.map((i) => values[i]!);
  return {
    keys: pick(points.keys),
    x: pick(points.x),
    y: pick(points.y),
    counts: pick(points.counts),
    titles: pick(points.titles),
    genres: pick(points.genres),
    columns: points.columns.map((c) => ({ name: c.name, values: pick(c.values) })),
  };
}

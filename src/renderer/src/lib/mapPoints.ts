// The Map panel's logic on a projection's points, free of Vue and ECharts: colour groups, search by label,
// the point nearest a click, the points inside a brushed region, and the coordinates as CSV.
import type { ProjectResult } from '../../../shared';

type HasGenre = `has:${string}`;
/** `has:Comedy` splits the points into those with Comedy among their genres and the rest. */
export type ColorBy = 'none' | 'genre' | 'title' | 'frequency' | HasGenre;
/** What dragging on the map does: pan (off), or select a rectangle or a free shape. */
export type BrushMode = 'off' | 'rect' | 'polygon';
export type MapPoints = Pick<ProjectResult, 'keys' | 'x' | 'y' | 'counts' | 'titles' | 'genres'>;

export interface ColorGroups {
  /** Legend names, one per group. */
  names: string[];
  /** Point indices of each group, in point order. */
  members: Int32Array[];
  /** True for ordered groups (frequency buckets): drawn with a sequential palette. */
  ordered: boolean;
  /**
   * Per group, whether it is a remainder rather than a category: `absent` (no genre, no title, lacking the
   * genre asked for) or `other` (genres beyond the most common). Remainders are drawn in greys.
   */
  rest: (RestKind | null)[];
}

export type RestKind = 'absent' | 'other';

/** Genres beyond the most common ones share one colour: more than a dozen hues cannot be told apart. */
export const MAX_GENRE_GROUPS = 10;
const FREQUENCY_BUCKETS = 5;

/** Every genre any point carries (in any position), the most common first, ties by name. */
export function genresPresent(points: MapPoints): string[] {
  const tally = new Map<string, number>();
  for (const gs of points.genres) for (const g of new Set(gs)) tally.set(g, (tally.get(g) ?? 0) + 1);
  return [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

/**
 * The colourings that make sense for these points: genre and title only when some point has one, and "has
 * genre X" for every genre present (the most common first), since the first genre hides the others.
 */
export function colorChoices(points: MapPoints): ColorBy[] {
  const genres = genresPresent(points);
  const choices: ColorBy[] = genres.length > 0 ? ['genre', 'frequency'] : ['frequency'];
  if (points.titles.some((t) => t !== null) && points.titles.some((t) => t === null)) choices.push('title');
  choices.push('none');
  for (const g of genres) choices.push(`has:${g}`);
  return choices;
}

const isHasGenre = (by: ColorBy): by is HasGenre => by.startsWith('has:');
const COLOR_LABELS: Record<Exclude<ColorBy, HasGenre>, string> = {
  genre: 'first genre',
  title: 'title present',
  frequency: 'frequency',
  none: 'one colour',
};

/** `first genre`, `has Comedy`: how a colouring reads in the toolbar. */
export function colorLabel(by: ColorBy): string {
  return isHasGenre(by) ? `has ${by.slice(4)}` : COLOR_LABELS[by];
}

function groupsOf(
  names: string[],
  labelOf: Int32Array,
  ordered: boolean,
  rest: (RestKind | null)[] = names.map(() => null),
): ColorGroups {
  const sizes = new Int32Array(names.length);
  for (const g of labelOf) sizes[g]!++;
  const members = Array.from(sizes, (n) => new Int32Array(n));
  const fill = new Int32Array(names.length);
  labelOf.forEach((g, i) => (members[g]![fill[g]!++] = i));
  const keep = names.map((_, g) => g).filter((g) => sizes[g]! > 0);
  return {
    names: keep.map((g) => names[g]!),
    members: keep.map((g) => members[g]!),
    ordered,
    rest: keep.map((g) => rest[g] ?? null),
  };
}

/** `1–3`, `4–12`, `≥ 300`: count buckets at the quantiles of the counts, so each holds about as many points. */
function frequencyGroups(counts: readonly number[]): ColorGroups {
  const sorted = Float64Array.from(counts).sort();
  const edges: number[] = [];
  for (let b = 1; b < FREQUENCY_BUCKETS; b++) {
    const q = sorted[Math.floor((b * sorted.length) / FREQUENCY_BUCKETS)];
    if (q !== undefined && q > (edges.at(-1) ?? -Infinity) && q > sorted[0]!) edges.push(q);
  }
  // Bucket b holds counts in [edges[b-1], edges[b]).
  const lows = [sorted[0] ?? 0, ...edges];
  const names = lows.map((low, b) => {
    const next = edges[b];
    if (next === undefined) return `≥ ${low.toLocaleString('en')}`;
    return next - 1 <= low
      ? `${low.toLocaleString('en')}`
      : `${low.toLocaleString('en')}–${(next - 1).toLocaleString('en')}`;
  });
  const labelOf = Int32Array.from(counts, (c) => {
    let b = 0;
    while (b < edges.length && c >= edges[b]!) b++;
    return b;
  });
  return groupsOf(names, labelOf, true);
}

export function colorGroups(points: MapPoints, by: ColorBy): ColorGroups {
  const n = points.keys.length;
  if (by === 'frequency') return frequencyGroups(points.counts);
  if (by === 'title') {
    return groupsOf(
      ['with title', 'no title'],
      Int32Array.from(points.titles, (t) => (t === null ? 1 : 0)),
      false,
      [null, 'absent'],
    );
  }
  if (isHasGenre(by)) {
    const genre = by.slice(4);
    const labelOf = Int32Array.from(points.genres, (g) => (g.includes(genre) ? 0 : 1));
    return groupsOf([genre, `not ${genre}`], labelOf, false, [null, 'absent']);
  }
  if (by === 'genre') {
    const tally = new Map<string, number>();
    for (const g of points.genres) if (g[0] !== undefined) tally.set(g[0], (tally.get(g[0]) ?? 0) + 1);
    const top = [...tally.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_GENRE_GROUPS)
      .map(([name]) => name);
    const index = new Map(top.map((name, i) => [name, i]));
    const names = [...top, 'other genres', 'no genre'];
    const labelOf = Int32Array.from(points.genres, (g) =>
      g[0] === undefined ? top.length + 1 : (index.get(g[0]) ?? top.length),
    );
    return groupsOf(names, labelOf, false, [...top.map(() => null), 'other', 'absent']);
  }
  return groupsOf(['all'], new Int32Array(n), false);
}

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

/** Points whose key or title contains the query (case-insensitive): exact key matches first, then by frequency. */
export function searchPoints(points: MapPoints, query: string, limit = 8): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact: number[] = [];
  const partial: number[] = [];
  for (let i = 0; i < points.keys.length; i++) {
    const key = points.keys[i]!.toLowerCase();
    if (key === q) exact.push(i);
    else if (key.includes(q) || (points.titles[i] ?? '').toLowerCase().includes(q)) partial.push(i);
    if (exact.length >= limit) break;
  }
  // Points come most frequent first, so the order within each list already ranks by frequency.
  return [...exact, ...partial].slice(0, limit);
}

/**
 * The point nearest (cx, cy) in data units, distances measured in pixels (`sx`, `sy`: pixels per data unit on
 * each axis); -1 when none lies within `radius` pixels.
 */
export function nearestPoint(
  points: MapPoints,
  cx: number,
  cy: number,
  sx: number,
  sy: number,
  radius: number,
): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < points.x.length; i++) {
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

/** Indices of the points inside any of the regions, in point order. */
export function pointsInRegions(points: MapPoints, regions: readonly Region[]): number[] {
  const found: number[] = [];
  for (let i = 0; i < points.x.length; i++) {
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
 * `key,x,y,count,title,genres` with CRLF line ends, the layout `ewb project --out` writes (docs/explore.md).
 * Coordinates arrive as the shortest decimals of float32 values, so String() writes those same digits.
 */
export function coordinatesCsv(points: MapPoints): string {
  const lines = ['key,x,y,count,title,genres'];
  for (let i = 0; i < points.keys.length; i++) {
    lines.push(
      [
        csvField(points.keys[i]!),
        String(points.x[i]),
        String(points.y[i]),
        String(points.counts[i]),
        csvField(points.titles[i] ?? ''),
        csvField(points.genres[i]!.join('|')),
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
  };
}

// The Map panel's colourings of a projection's points, free of Vue and ECharts: first genre, "has genre X",
// title present, frequency, and any column of the item metadata file — its most common values as categories, or
// quantile buckets when its values are numbers — plus the colouring a fresh map starts with.
import type { MapPoints } from './mapPoints';

type HasGenre = `has:${string}`;
/** `col:year` colours by the metadata file's column `year`. */
export type ByColumn = `col:${string}`;
/** `has:Comedy` splits the points into those with Comedy among their genres and the rest. */
export type ColorBy = 'none' | 'genre' | 'title' | 'frequency' | HasGenre | ByColumn;

export interface ColorGroups {
  /** Legend names, one per group. */
  names: string[];
  /** Point indices of each group, in point order. */
  members: Int32Array[];
  /** True for ordered groups (frequency or numeric buckets): drawn with a sequential palette. */
  ordered: boolean;
  /**
   * Per group, whether it is a remainder rather than a category: `absent` (no genre, no title, no value, lacking
   * the genre asked for) or `other` (values beyond the most common). Remainders are drawn in greys.
   */
  rest: (RestKind | null)[];
}

export type RestKind = 'absent' | 'other';

/** Values beyond the most common ones share one colour: more than a dozen hues cannot be told apart. */
export const MAX_GENRE_GROUPS = 10;
const QUANTILE_BUCKETS = 5;

const byTally = (tally: Map<string, number>): string[] =>
  [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);

/** Every genre any point carries (in any position), the most common first, ties by name. */
export function genresPresent(points: MapPoints): string[] {
  const tally = new Map<string, number>();
  for (const gs of points.genres) for (const g of new Set(gs)) tally.set(g, (tally.get(g) ?? 0) + 1);
  return byTally(tally);
}

/** A metadata column's distinct values, the most common first, ties by name. */
export function columnValues(values: readonly (string | null)[]): string[] {
  const tally = new Map<string, number>();
  for (const v of values) if (v !== null) tally.set(v, (tally.get(v) ?? 0) + 1);
  return byTally(tally);
}

/**
 * Numeric when every value present reads as a finite number and there are more distinct values than would fit
 * as categories (a 0/1 flag or a handful of codes reads better as categories).
 */
export function isNumericColumn(values: readonly (string | null)[]): boolean {
  const distinct = new Set<string>();
  for (const v of values) {
    if (v === null) continue;
    if (!Number.isFinite(Number(v))) return false;
    distinct.add(v);
  }
  return distinct.size > MAX_GENRE_GROUPS;
}

const columnOf = (points: MapPoints, name: string) => points.columns.find((c) => c.name === name);

/**
 * The colourings that make sense for these points: genre and title only when some point has one, each
 * metadata column, and "has genre X" for every genre present (the most common first), since the first genre
 * hides the others.
 */
export function colorChoices(points: MapPoints): ColorBy[] {
  const genres = genresPresent(points);
  const choices: ColorBy[] = genres.length > 0 ? ['genre'] : [];
  for (const c of points.columns) choices.push(`col:${c.name}`);
  choices.push('frequency');
  if (points.titles.some((t) => t !== null) && points.titles.some((t) => t === null)) choices.push('title');
  choices.push('none');
  for (const g of genres) choices.push(`has:${g}`);
  return choices;
}

/**
 * A fresh map's colouring: by metadata when the points have some — the first genre, else the first column
 * that is a handful of categories — and by frequency otherwise.
 */
export function defaultColoring(points: MapPoints): ColorBy {
  if (points.genres.some((g) => g.length > 0)) return 'genre';
  const handful = points.columns.find((c) => {
    const n = columnValues(c.values).length;
    return n >= 2 && n <= MAX_GENRE_GROUPS && !isNumericColumn(c.values);
  });
  return handful ? `col:${handful.name}` : 'frequency';
}

const isHasGenre = (by: ColorBy): by is HasGenre => by.startsWith('has:');
export const isByColumn = (by: string): by is ByColumn => by.startsWith('col:');
const COLOR_LABELS: Record<Exclude<ColorBy, HasGenre | ByColumn>, string> = {
  genre: 'first genre',
  title: 'title present',
  frequency: 'frequency',
  none: 'one colour',
};

/** `first genre`, `has Comedy`, `year`: how a colouring reads in the toolbar. */
export function colorLabel(by: ColorBy): string {
  if (isHasGenre(by)) return `has ${by.slice(4)}`;
  return isByColumn(by) ? by.slice(4) : COLOR_LABELS[by];
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

const counted = (v: number): string => v.toLocaleString('en');
const measured = (v: number): string => v.toLocaleString('en', { useGrouping: false, maximumSignificantDigits: 6 });

/**
 * Buckets at the quantiles of the values, so each holds about as many points: `1–3`, `4–12`, `≥ 300` for whole
 * numbers (counts, years), `0.5 to <2.25` otherwise; NaN values form a last group, `missing`.
 */
function quantileGroups(values: ArrayLike<number>, format: (v: number) => string): ColorGroups {
  const sorted = Float64Array.from(values)
    .filter((v) => !Number.isNaN(v))
    .sort();
  const edges: number[] = [];
  for (let b = 1; b < QUANTILE_BUCKETS; b++) {
    const q = sorted[Math.floor((b * sorted.length) / QUANTILE_BUCKETS)];
    if (q !== undefined && q > (edges.at(-1) ?? -Infinity) && q > sorted[0]!) edges.push(q);
  }
  const whole = sorted.every(Number.isInteger);
  // Bucket b holds values in [edges[b-1], edges[b]).
  const lows = sorted.length ? [sorted[0]!, ...edges] : [];
  const names = lows.map((low, b) => {
    const next = edges[b];
    if (next === undefined) return `≥ ${format(low)}`;
    if (!whole) return `${format(low)} to <${format(next)}`;
    return next - 1 <= low ? format(low) : `${format(low)}–${format(next - 1)}`;
  });
  const labelOf = Int32Array.from(values, (v) => {
    if (Number.isNaN(v)) return lows.length;
    let b = 0;
    while (b < edges.length && v >= edges[b]!) b++;
    return b;
  });
  return groupsOf([...names, 'missing'], labelOf, true, [...names.map(() => null), 'absent']);
}

/**
 * The `MAX_GENRE_GROUPS` most common labels as categories, every other label as `other`, points without one as
 * `missing` (a remainder each).
 */
function topGroups(labels: readonly (string | undefined)[], other: string, missing: string): ColorGroups {
  const top = columnValues(labels.map((l) => l ?? null)).slice(0, MAX_GENRE_GROUPS);
  const index = new Map(top.map((name, i) => [name, i]));
  const labelOf = Int32Array.from(labels, (l) => (l === undefined ? top.length + 1 : (index.get(l) ?? top.length)));
  return groupsOf([...top, other, missing], labelOf, false, [...top.map(() => null), 'other', 'absent']);
}

function columnGroups(points: MapPoints, name: string): ColorGroups {
  const values = columnOf(points, name)?.values ?? points.keys.map(() => null);
  if (isNumericColumn(values))
    return quantileGroups(
      Float64Array.from(values, (v) => (v === null ? NaN : Number(v))),
      measured,
    );
  return topGroups(
    values.map((v) => v ?? undefined),
    'other',
    'missing',
  );
}

export function colorGroups(points: MapPoints, by: ColorBy): ColorGroups {
  const n = points.keys.length;
  if (by === 'frequency') return quantileGroups(points.counts, counted);
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
  if (isByColumn(by)) return columnGroups(points, by.slice(4));
  if (by === 'genre')
    return topGroups(
      points.genres.map((g) => g[0]),
      'other genres',
      'no genre',
    );
  return groupsOf(['all'], new Int32Array(n), false);
}

// What the map draws: every point, or only those with a genre or a metadata value (a numeric column's values
// are its colouring's buckets), and/or only those matching the search; the groups restricted to them, and the
// line that says what is shown ("showing 1,203 of 9,000 · genre = Comedy").
import {
  colorGroups,
  columnValues,
  genresPresent,
  isByColumn,
  isNumericColumn,
  type ByColumn,
  type ColorGroups,
} from './mapColors';
import { matchesSearch, searchTerm, type MapPoints, type Visible } from './mapPoints';

/** Filter by a genre (in any position) or by a metadata column's value. */
export type FilterField = 'genre' | ByColumn;
export interface MapFilter {
  field: FilterField;
  value: string;
}

/** What the map shows besides the layout: a value filter and the search as a filter (a bookmark keeps both). */
export interface MapShown {
  filter: MapFilter | null;
  query: string;
  /** Only the points matching `query` are drawn. */
  searchOnly: boolean;
}

/** The fields a filter can use: genre when some point has one, and every metadata column. */
export function filterFields(points: MapPoints): FilterField[] {
  const fields: FilterField[] = points.genres.some((g) => g.length > 0) ? ['genre'] : [];
  for (const c of points.columns) fields.push(`col:${c.name}`);
  return fields;
}

export const fieldLabel = (field: FilterField): string => (isByColumn(field) ? field.slice(4) : 'genre');

/** A bookmark's filter when these points can still apply it (its field is there); else none. */
export function filterFor(
  points: MapPoints,
  saved: { field: string; value: string } | null | undefined,
): MapFilter | null {
  const field = filterFields(points).find((f) => f === saved?.field);
  return field && saved ? { field, value: saved.value } : null;
}

/** The buckets of a numeric column, from its colouring (remainders left out). */
function buckets(points: MapPoints, field: ByColumn): ColorGroups {
  const g = colorGroups(points, field);
  const keep = g.names.map((_, i) => i).filter((i) => g.rest[i] === null);
  return { ...g, names: keep.map((i) => g.names[i]!), members: keep.map((i) => g.members[i]!) };
}

const valuesOf = (points: MapPoints, field: ByColumn) =>
  points.columns.find((c) => c.name === field.slice(4))?.values ?? [];

/** The values a field can be filtered to, the most common first (a numeric column: its buckets, in order). */
export function filterValues(points: MapPoints, field: FilterField): string[] {
  if (!isByColumn(field)) return genresPresent(points);
  const values = valuesOf(points, field);
  return isNumericColumn(values) ? buckets(points, field).names : columnValues(values);
}

function keepFilter(points: MapPoints, filter: MapFilter, visible: Uint8Array): void {
  const { field, value } = filter;
  if (!isByColumn(field)) {
    points.genres.forEach((g, i) => (visible[i] = g.includes(value) ? visible[i]! : 0));
    return;
  }
  const values = valuesOf(points, field);
  if (isNumericColumn(values)) {
    const b = buckets(points, field);
    const inside = new Uint8Array(visible.length);
    for (const i of b.members[b.names.indexOf(value)] ?? []) inside[i] = 1;
    visible.forEach((v, i) => (visible[i] = v & inside[i]!));
    return;
  }
  values.forEach((v, i) => (visible[i] = v === value ? visible[i]! : 0));
}

/** Per point, 1 when the filter and the search (when it filters) keep it; null when nothing is filtered. */
export function visiblePoints(points: MapPoints, shown: MapShown): Visible {
  const q = shown.searchOnly ? searchTerm(shown.query) : '';
  if (!shown.filter && !q) return null;
  const visible = new Uint8Array(points.keys.length).fill(1);
  if (shown.filter) keepFilter(points, shown.filter, visible);
  if (q) visible.forEach((v, i) => (visible[i] = v && matchesSearch(points, i, q) ? 1 : 0));
  return visible;
}

/** The groups with only their drawn points; groups left empty leave the legend. */
export function restrictGroups(groups: ColorGroups, visible: Visible): ColorGroups {
  if (!visible) return groups;
  const members = groups.members.map((m) => m.filter((i) => visible[i] === 1));
  const keep = members.map((_, g) => g).filter((g) => members[g]!.length > 0);
  return {
    names: keep.map((g) => groups.names[g]!),
    members: keep.map((g) => members[g]!),
    ordered: groups.ordered,
    rest: keep.map((g) => groups.rest[g]!),
  };
}

const count = (n: number): string => n.toLocaleString('en');

/** `showing 1,203 of 9,000 · genre = Comedy · matching "toy"`; null when every point is drawn. */
export function shownLine(total: number, visible: Visible, shown: MapShown): string | null {
  if (!visible) return null;
  let drawn = 0;
  for (const v of visible) drawn += v;
  const parts = [`showing ${count(drawn)} of ${count(total)}`];
  if (shown.filter) parts.push(`${fieldLabel(shown.filter.field)} = ${shown.filter.value}`);
  if (shown.searchOnly && searchTerm(shown.query)) parts.push(`matching "${shown.query.trim()}"`);
  return parts.join(' · ');
}

// What a column mapping describes, and what it lacks: shared by the importer and the mapping form.
import type { DatasetKind, FileFormat, Mapping } from './datasets';

export function datasetKind(mapping: Mapping, format: FileFormat): DatasetKind | null {
  if (format === 'text' || mapping.text) return 'text';
  if (mapping.target) return 'tabular';
  if (mapping.user && mapping.item) return 'interactions';
  if ((mapping.item || hasEvent(mapping)) && (mapping.session || (mapping.user && mapping.timestamp)))
    return 'sequences';
  return null;
}

export function hasEvent(mapping: Mapping): boolean {
  return Array.isArray(mapping.event) ? mapping.event.length > 0 : !!mapping.event;
}

/** The entries of a role as a list (`event`, `category` and `numeric` may have several). */
export function columnsOf(mapping: Mapping, role: keyof Mapping): string[] {
  const v = mapping[role];
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? v.filter((c) => c !== '') : [v];
}

/** Category columns that share one vocabulary (and one embedding table): `Home+Away`, or one column alone. */
export interface CategoryGroup {
  /** The table's name: the column's, or the group's as mapped (`Home+Away`). */
  name: string;
  columns: string[];
}

export function categoryGroups(mapping: Mapping): CategoryGroup[] {
  return columnsOf(mapping, 'category').map((entry) => ({
    name: entry,
    columns: entry
      .split('+')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  }));
}

/** The vocabulary role of a category group's values (`category:Country`): never clashes with user, item … */
export const categoryRole = (group: string): string => `category:${group}`;

/** Every column a role reads, groups taken apart (`Home+Away` → Home, Away). */
export function mappedColumns(mapping: Mapping, role: keyof Mapping): string[] {
  return role === 'category' ? categoryGroups(mapping).flatMap((g) => g.columns) : columnsOf(mapping, role);
}

/** Roles a tabular dataset reads (a timestamp only for a chronological split); others beside a target are refused. */
const TABULAR_ROLES: readonly (keyof Mapping)[] = ['category', 'numeric', 'target', 'split', 'timestamp'];

/** Plain-language reasons a mapping cannot be imported; empty when it can. */
export function mappingProblems(mapping: Mapping, format: FileFormat): string[] {
  const problems: string[] = [];
  if (datasetKind(mapping, format) === null) {
    problems.push(
      'map user and item (ratings or clicks), item or event with session (or user and timestamp) for behaviour sequences, text for a corpus, or category and numeric columns with a target for a table',
    );
  }
  if (mapping.label && !mapping.text && !mapping.session && format !== 'text')
    problems.push('a label needs text or session');
  if (datasetKind(mapping, format) === 'tabular') {
    if (mappedColumns(mapping, 'category').length + columnsOf(mapping, 'numeric').length === 0)
      problems.push('a target needs category or numeric columns to predict it from');
    const others = (Object.keys(mapping) as (keyof Mapping)[]).filter(
      (r) => !TABULAR_ROLES.includes(r) && r !== 'title' && r !== 'genres' && columnsOf(mapping, r).length > 0,
    );
    if (others.length)
      problems.push(
        `a target makes a tabular dataset: map ${others.join(', ')} as category or numeric columns instead`,
      );
    const all = [...mappedColumns(mapping, 'category'), ...columnsOf(mapping, 'numeric'), mapping.target ?? ''];
    const twice = all.filter((c, i) => all.indexOf(c) !== i);
    if (twice.length) problems.push(`each column takes one tabular role (${[...new Set(twice)].join(', ')} twice)`);
  } else if (
    datasetKind(mapping, format) !== null &&
    mappedColumns(mapping, 'category').length + columnsOf(mapping, 'numeric').length > 0
  )
    problems.push('category and numeric columns need a target: the column to predict');
  return problems;
}

// What a column mapping describes, and what it lacks: shared by the importer and the mapping form.
import type { DatasetKind, FileFormat, Mapping } from './datasets';

export function datasetKind(mapping: Mapping, format: FileFormat): DatasetKind | null {
  if (format === 'text' || mapping.text) return 'text';
  if (mapping.user && mapping.item) return 'interactions';
  if ((mapping.item || hasEvent(mapping)) && (mapping.session || (mapping.user && mapping.timestamp)))
    return 'sequences';
  return null;
}

export function hasEvent(mapping: Mapping): boolean {
  return Array.isArray(mapping.event) ? mapping.event.length > 0 : !!mapping.event;
}

/** The columns of a role as a list (only `event` may have several). */
export function columnsOf(mapping: Mapping, role: keyof Mapping): string[] {
  const v = mapping[role];
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? v.filter((c) => c !== '') : [v];
}

/** Plain-language reasons a mapping cannot be imported; empty when it can. */
export function mappingProblems(mapping: Mapping, format: FileFormat): string[] {
  const problems: string[] = [];
  if (datasetKind(mapping, format) === null) {
    problems.push(
      'map user and item (ratings or clicks), item or event with session (or user and timestamp) for behaviour sequences, or text for a corpus',
    );
  }
  if (mapping.label && !mapping.text && !mapping.session && format !== 'text')
    problems.push('a label needs text or session');
  return problems;
}

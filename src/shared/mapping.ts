// What a column mapping describes, and what it lacks: shared by the importer and the mapping form.
import type { FileFormat, Mapping } from './types';

/**
 * - `interactions`: user × item rows (ratings, clicks, purchases), optionally also grouped into sessions;
 * - `sequences`: behaviour sequences of items or events per session (or per user, cut at time gaps);
 * - `text`: a corpus of documents, optionally labelled;
 * - `vectors`: a word2vec/GloVe file imported as a table (its keys are the vocabulary; nothing to train on).
 */
export type DatasetKind = 'interactions' | 'sequences' | 'text' | 'vectors';

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

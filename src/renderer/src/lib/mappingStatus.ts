// What a mapping will import, in plain words: the dataset kind, what else gets built, and what is missing.
import {
  columnsOf,
  datasetKind,
  mappingProblems,
  type DatasetKind,
  type FileFormat,
  type Mapping,
} from '../../../shared';

export interface MappingStatus {
  kind: DatasetKind | null;
  /** One sentence naming the kind, for the analyst. */
  summary: string;
  /** What else the import builds from this mapping (sequences beside interactions, labels …). */
  notes: string[];
  problems: string[];
}

export const KIND_WORDS: Record<DatasetKind, string> = {
  interactions: 'Interactions: one user × item pair per row (a rating, click or purchase).',
  sequences: 'Behaviour sequences: items or events in order, one sequence per session.',
  text: 'Text corpus: documents split into words.',
  vectors: 'Imported vectors: a word2vec/GloVe table, its keys as the vocabulary.',
  tabular: 'A table: category and numeric columns to predict a target from, one vector per category value.',
};

/** Short name for lists. */
export const KIND_LABELS: Record<DatasetKind, string> = {
  interactions: 'interactions',
  sequences: 'sequences',
  text: 'text',
  vectors: 'vectors',
  tabular: 'table',
};

/** The event token a row makes: the first column's value, then `:column=value` pairs joined by `,`. */
export function eventToken(columns: readonly string[], row: (column: string) => string | undefined): string {
  const [first, ...rest] = columns;
  const head = row(first ?? '')?.trim() ?? '';
  if (rest.length === 0) return head;
  return `${head}:${rest.map((c) => `${c}=${row(c)?.trim() ?? ''}`).join(',')}`;
}

/** `sample` gives a preview row's values by column, for an example of the event token; `columns` counts them. */
export function mappingStatus(
  mapping: Mapping,
  format: FileFormat,
  sample: (column: string) => string | undefined = () => undefined,
  columns = 0,
): MappingStatus {
  const kind = datasetKind(mapping, format);
  const problems = mappingProblems(mapping, format);
  const notes: string[] = [];
  const events = Array.isArray(mapping.event) ? mapping.event : mapping.event ? [mapping.event] : [];
  if (kind === 'interactions' && mapping.session) notes.push('Sequences are also built, one per session.');
  if (kind === 'sequences' && !mapping.session) {
    notes.push("Without a session column, each user's rows are ordered by time and cut where the gap is too long.");
  }
  if (kind !== 'text' && events.length > 1) {
    const example = eventToken(events, sample);
    const pattern = `${events[0]}:${events
      .slice(1)
      .map((c) => `${c}=…`)
      .join(',')}`;
    notes.push(
      `Events combine ${events.length} columns into one token (${pattern})` +
        (sample(events[0]!) !== undefined ? `, e.g. “${example}”.` : '.'),
    );
  }
  if (kind === 'text' && mapping.label) notes.push('Each document keeps its label.');
  if (kind === 'tabular') {
    const categories = columnsOf(mapping, 'category');
    if (categories.length)
      notes.push(`Each category column gets its own vocabulary and embedding table: ${categories.join(', ')}.`);
  }
  if (kind === 'interactions' && !mapping.rating) {
    notes.push('No rating column: rows are implicit feedback (matrix factorisation needs ratings).');
  }
  if (kind === null && columns === 1 && format !== 'jsonl') {
    notes.push('One column only: for a text corpus (one document per line), choose the format “plain text corpus”.');
  }
  const summary = kind ? KIND_WORDS[kind] : 'Nothing to import yet.';
  return { kind, summary, notes, problems };
}

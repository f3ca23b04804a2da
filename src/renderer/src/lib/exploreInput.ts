// Pure helpers of the Explore view: which table to start on, what a score means, and parsing typed key lists.
import type { ExportFormat, Metric, RunModel, RunSummary } from '../../../shared';

/** `items` when the run has it, else `words`, else the first table (none: null). */
export function defaultTable(tables: readonly { name: string }[]): string | null {
  const names = tables.map((t) => t.name);
  if (names.includes('items')) return 'items';
  if (names.includes('words')) return 'words';
  return names[0] ?? null;
}

/** Cosine and dot rank by similarity (highest first); Euclidean by distance (lowest first). */
export function scoreMeaning(metric: Metric): 'similarity' | 'distance' {
  return metric === 'euclidean' ? 'distance' : 'similarity';
}

export function scoreHeader(metric: Metric): string {
  return `${scoreMeaning(metric)} (${metric})`;
}

/** "a, b ,c" → ["a", "b", "c"]; empty pieces are dropped. */
export function parseKeyList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface RatedItems {
  items: { key: string; rating?: number }[];
  /** Pieces whose rating is not a number, as typed. */
  invalid: string[];
}

/** "a1=5, b2=1, c3" → items with optional ratings; the last `=` splits so keys may hold one. */
export function parseRatedItems(text: string): RatedItems {
  const items: RatedItems['items'] = [];
  const invalid: string[] = [];
  for (const piece of parseKeyList(text)) {
    const at = piece.lastIndexOf('=');
    if (at < 0) {
      items.push({ key: piece });
      continue;
    }
    const key = piece.slice(0, at).trim();
    const raw = piece.slice(at + 1).trim();
    const rating = Number(raw);
    if (key === '' || raw === '' || !Number.isFinite(rating)) invalid.push(piece);
    else items.push({ key, rating });
  }
  return { items, invalid };
}

/**
 * Runs the Explore view offers: completed ones, and stopped ones (cancelled, failed, interrupted) that kept the
 * tables of an epoch, marked as such.
 */
export function explorable(r: Pick<RunSummary, 'status' | 'checkpointEpoch'>): boolean {
  return r.status === 'completed' || (r.status !== 'running' && r.status !== 'queued' && r.checkpointEpoch !== null);
}

/** Recommendations need user and item factors: mf, implicit and ials runs have them. */
export function canRecommend(model: RunModel): boolean {
  return model === 'mf' || model === 'implicit' || model === 'ials';
}

/** One line per export format: what loads it (docs/export-formats.md). */
export const EXPORT_HINTS: Record<ExportFormat, string> = {
  projector: 'Vectors TSV + metadata TSV for projector.tensorflow.org (Load → both files).',
  word2vec: 'Text with a "rows dim" header: gensim KeyedVectors.load_word2vec_format(p), fastText .vec readers.',
  'word2vec-binary': 'word2vec.c binary: gensim load_word2vec_format(p, binary=True), word2vec distance.',
  glove: 'GloVe text, no header: gensim load_word2vec_format(p, no_header=True), GloVe loaders.',
  csv: "Key column + d0…: pandas read_csv(p, dtype={'key': str}, keep_default_na=False), spreadsheets, Spark.",
  npy: 'NumPy numpy.load(p) with a vocab.txt of keys (and bias.npy when biases are written).',
  json: '{dim, rows, keys, vectors, bias?}: any JSON reader (json.load, JSON.parse).',
  parquet: 'key + vector list column: pyarrow / pandas.read_parquet, DuckDB, Spark, polars.',
};

/** Formats with a place for per-row biases; the others never write them. */
export function formatHasBias(format: ExportFormat): boolean {
  return format === 'csv' || format === 'npy' || format === 'json' || format === 'parquet';
}

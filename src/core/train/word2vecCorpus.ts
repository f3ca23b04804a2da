// word2vec's data on either engine: the training corpus and the counts it samples by (rare tokens at 0, so
// skipped), next-item HitRate@10 on held-out item/event sequences, and the tables named after their role
// (`words` and `words.context`, `items` and `items.context`, `events` and `events.context`).
import type { TableTransfer } from '../../shared';
import { WorkbenchError } from '../../shared';
import { nextItemHitRate } from '../eval/nextItem';
import { OOV } from '../ingest/vocabulary';
import {
  unpacked,
  type PackedSequenceColumns,
  type SequenceColumns,
  type StoredSequenceColumns,
} from '../store/datasets';
import { WIDE } from '../store/packedTokens';
import { rowsOfSplit, type SplitScores } from './loop';
import { trainedRows } from './sampling';
import { supportOf } from './support';
import type { PackedCorpus, TokenCorpus, TrainingCorpus } from './word2vec';

export const tableName = (role: string): string => `${role}s`;

/** The sequences `seqs` as CSR: the data's own arrays when they are all of it, else a copy (in `alloc`). */
export function corpusOf(
  data: SequenceColumns,
  seqs: Int32Array,
  alloc: (bytes: number) => ArrayBufferLike = (b) => new ArrayBuffer(b),
): TokenCorpus {
  if (seqs.length === data.offsets.length - 1) return { tokens: data.tokens, offsets: data.offsets };
  let total = 0;
  for (const s of seqs) total += data.offsets[s + 1]! - data.offsets[s]!;
  const tokens = new Int32Array(alloc(total * 4));
  const offsets = new Int32Array(alloc((seqs.length + 1) * 4));
  seqs.forEach((s, n) => {
    tokens.set(data.tokens.subarray(data.offsets[s]!, data.offsets[s + 1]!), offsets[n]!);
    offsets[n + 1] = offsets[n]! + data.offsets[s + 1]! - data.offsets[s]!;
  });
  return { tokens, offsets };
}

/**
 * The training sequences as word2vec sees them, for both engines, and the token counts over them: PAD, OOV and
 * tokens under `minCount` count 0, so that they are skipped (`keepThresholds`) and never drawn as negatives.
 * A corpus all in train is the dataset's own arrays, not a copy (17M tokens are 68 MB); a part of it is copied
 * into memory the worker threads share when `shared`. A corpus left in the database stays there, with the counts
 * taken as it was read.
 */
export function trainingCorpus(
  data: SequenceColumns,
  train: Int32Array,
  minCount: number,
  shared?: boolean,
): { corpus: TokenCorpus; counts: Float64Array };
export function trainingCorpus(
  data: SequenceColumns | PackedSequenceColumns | StoredSequenceColumns,
  train: Int32Array,
  minCount: number,
  shared?: boolean,
): { corpus: TrainingCorpus; counts: Float64Array };
export function trainingCorpus(
  data: SequenceColumns | PackedSequenceColumns | StoredSequenceColumns,
  train: Int32Array,
  minCount: number,
  shared = false,
): { corpus: TrainingCorpus; counts: Float64Array } {
  if (train.length === 0) throw new WorkbenchError('DatasetInvalid', 'the dataset has no training sequences');
  const whole = train.length === data.offsets.length - 1;
  let corpus: TrainingCorpus;
  let counts: Float64Array;
  if ('stored' in data) {
    // Left in the database only when all of it is trained on (train/process.ts): counted as it was read.
    if (!whole) throw new WorkbenchError('Internal', 'a corpus left in the database is trained on whole');
    corpus = { stored: data.stored, offsets: data.offsets };
    counts = Float64Array.from(data.counts);
  } else {
    const alloc = (b: number) => (shared ? new SharedArrayBuffer(b) : new ArrayBuffer(b));
    // Packed tokens stay packed when all are trained on; a part of them is copied out as ids.
    const inMemory: TokenCorpus | PackedCorpus =
      'wide' in data && whole
        ? { tokens: data.tokens, offsets: data.offsets, wide: data.wide }
        : corpusOf(unpacked(data), train, alloc);
    corpus = inMemory;
    counts = new Float64Array(data.rows);
    // Indexed loops: `for…of` over millions of tokens allocates an iterator result per token until V8 optimises
    // the loop, and the young generation it grows (16 MB) stays committed for seconds after.
    const { tokens } = inMemory;
    if ('wide' in inMemory) {
      for (let i = 0; i < tokens.length; i++) if (tokens[i] !== WIDE) counts[tokens[i]!]!++;
      for (const id of inMemory.wide.ids) counts[id]!++;
    } else for (let i = 0; i < tokens.length; i++) counts[tokens[i]!]!++;
  }
  if (minCount > 1) for (let t = 2; t < counts.length; t++) if (counts[t]! < minCount) counts[t] = 0;
  counts[0] = 0;
  counts[OOV] = 0;
  return { corpus, counts };
}

/** Behaviour sequences: does the model put a sequence's last item among the 10 nearest to the one before? */
export function heldOutHitRate(
  columns: SequenceColumns | PackedSequenceColumns | StoredSequenceColumns,
  input: Float32Array,
  dim: number,
): SplitScores {
  const metrics: SplitScores = { train: {}, valid: {}, test: {} };
  // A stored corpus is words all in train.
  if (columns.role === 'word' || 'stored' in columns) return metrics;
  const data = unpacked(columns);
  const bySplit = rowsOfSplit(data.splits);
  for (const split of ['valid', 'test'] as const) {
    if (bySplit[split].length === 0) continue;
    const held = corpusOf(data, bySplit[split]);
    const r = nextItemHitRate(held, { vectors: input, dim }, { k: 10, maxQueries: 5000 });
    if (r.queries > 0) metrics[split] = { [`hitrate@${r.k}`]: r.hitRate };
  }
  return metrics;
}

/**
 * The input table and the context table, named after the tokens' role (`words` and `words.context` …), with
 * each row's occurrences in the training corpus (`counts` of trainingCorpus: 0 under the min-count). They hold
 * the trained rows only (trainedRows): the store lays them on the whole vocabulary when they are read.
 */
export function word2vecTables(
  data: Pick<SequenceColumns, 'role'>,
  dim: number,
  t: { input: Float32Array; context: Float32Array },
  counts: Float64Array,
): TableTransfer[] {
  const name = tableName(data.role);
  const rows = trainedRows(counts);
  const support = supportOf(counts.subarray(0, rows));
  return [
    { name, role: data.role, rows, dim, data: t.input, bias: null, counts: support },
    { name: `${name}.context`, role: data.role, rows, dim, data: t.context, bias: null, counts: support },
  ];
}

// word2vec's data on either engine: the training corpus with rare tokens turned into OOV and the counts it
// samples by, next-item HitRate@10 on held-out item/event sequences, and the tables named after their role
// (`words` and `words.context`, `items` and `items.context`, `events` and `events.context`).
import type { TableTransfer } from '../../shared';
import { WorkbenchError } from '../../shared';
import { nextItemHitRate } from '../eval/nextItem';
import { OOV } from '../ingest/vocabulary';
import type { SequenceColumns } from '../store/datasets';
import { rowsOfSplit, type SplitScores } from './loop';
import { supportOf } from './support';
import type { TokenCorpus } from './word2vec';

export const tableName = (role: string): string => `${role}s`;

/** The sequences of one split as CSR; tokens seen fewer than `minCount` times become OOV (skipped). */
export function corpusOf(data: SequenceColumns, seqs: Int32Array, keep: ((t: number) => boolean) | null): TokenCorpus {
  let total = 0;
  for (const s of seqs) total += data.offsets[s + 1]! - data.offsets[s]!;
  const tokens = new Int32Array(total);
  const offsets = new Int32Array(seqs.length + 1);
  seqs.forEach((s, n) => {
    const part = data.tokens.subarray(data.offsets[s]!, data.offsets[s + 1]!);
    tokens.set(part, offsets[n]!);
    if (keep) for (let i = offsets[n]!; i < offsets[n]! + part.length; i++) if (!keep(tokens[i]!)) tokens[i] = OOV;
    offsets[n + 1] = offsets[n]! + part.length;
  });
  return { tokens, offsets };
}

/**
 * The training sequences as word2vec sees them, for both engines: token counts over them (PAD, OOV and tokens
 * under `minCount` at 0) and the corpus with those rare tokens turned into OOV (skipped).
 */
export function trainingCorpus(
  data: SequenceColumns,
  train: Int32Array,
  minCount: number,
): { corpus: TokenCorpus; counts: Float64Array } {
  if (train.length === 0) throw new WorkbenchError('DatasetInvalid', 'the dataset has no training sequences');
  const counts = new Float64Array(data.rows);
  const raw = corpusOf(data, train, null);
  for (const t of raw.tokens) counts[t]!++;
  const keep = minCount > 1 ? (t: number) => counts[t]! >= minCount : null;
  const corpus = keep ? corpusOf(data, train, keep) : raw;
  if (keep) for (let t = 2; t < counts.length; t++) if (counts[t]! < minCount) counts[t] = 0;
  counts[0] = 0;
  counts[OOV] = 0;
  return { corpus, counts };
}

/** Behaviour sequences: does the model put a sequence's last item among the 10 nearest to the one before? */
export function heldOutHitRate(data: SequenceColumns, input: Float32Array, dim: number): SplitScores {
  const metrics: SplitScores = { train: {}, valid: {}, test: {} };
  if (data.role === 'word') return metrics;
  const bySplit = rowsOfSplit(data.splits);
  for (const split of ['valid', 'test'] as const) {
    if (bySplit[split].length === 0) continue;
    const held = corpusOf(data, bySplit[split], null);
    const r = nextItemHitRate(held, { vectors: input, dim }, { k: 10, maxQueries: 5000 });
    if (r.queries > 0) metrics[split] = { [`hitrate@${r.k}`]: r.hitRate };
  }
  return metrics;
}

/**
 * The input table and the context table, named after the tokens' role (`words` and `words.context` …), with
 * each row's occurrences in the training corpus (`counts` of trainingCorpus: 0 under the min-count).
 */
export function word2vecTables(
  data: SequenceColumns,
  dim: number,
  t: { input: Float32Array; context: Float32Array },
  counts: Float64Array,
): TableTransfer[] {
  const name = tableName(data.role);
  const support = supportOf(counts);
  return [
    { name, role: data.role, rows: data.rows, dim, data: t.input, bias: null, counts: support },
    { name: `${name}.context`, role: data.role, rows: data.rows, dim, data: t.context, bias: null, counts: support },
  ];
}

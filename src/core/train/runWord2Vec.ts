// An `sgns` or `cbow` run over a dataset's training sequences (words, events or items), with next-item
// HitRate@10 on held-out item/event sequences. Tables are named after their role: `words` and
// `words.context`, `items` and `items.context`, `events` and `events.context`.
import type { SplitMetrics, SplitName, TrainConfig } from '../../shared';
import { WorkbenchError } from '../../shared';
import { nextItemHitRate } from '../eval/nextItem';
import type { SequenceColumns } from '../store/datasets';
import { OOV } from '../ingest/vocabulary';
import { eta, rowsOfSplit, type RunHooks, type TrainOutput } from './runHooks';
import { trainWord2Vec, type TokenCorpus, type Word2VecOptions } from './sgns';

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

export async function runWord2Vec(
  config: TrainConfig,
  data: SequenceColumns,
  hooks: RunHooks,
  initial?: Word2VecOptions['initial'],
): Promise<TrainOutput> {
  const started = performance.now();
  const bySplit = rowsOfSplit(data.splits);
  const { corpus, counts } = trainingCorpus(data, bySplit.train, config.minCount ?? 1);
  const mode = config.model === 'cbow' ? 'cbow' : 'sgns';
  const name = tableName(data.role);
  const perEpoch = corpus.tokens.length;
  const result = await trainWord2Vec(
    corpus,
    counts,
    {
      mode,
      dim: config.dim,
      window: config.window ?? 5,
      negative: config.negative ?? 5,
      nsExponent: config.nsExponent ?? 0.75,
      sample: config.sample ?? 1e-3,
      alpha: config.lr,
      epochs: config.epochs,
      seed: config.seed,
      threads: config.threads,
      initial,
    },
    {
      workerEntry: config.threads > 1 ? hooks.workerEntry?.('sgnsWorker') : undefined,
      onProgress: (p) =>
        hooks.onProgress?.({
          epoch: p.epoch,
          fraction: p.wordsDone / p.wordsPerEpoch,
          examplesPerSecond: p.wordsPerSecond,
          etaSeconds: eta((p.epoch - 1) * perEpoch + p.wordsDone, perEpoch * config.epochs, p.wordsPerSecond),
        }),
      onEpoch: (e, tables) => {
        hooks.onEpoch?.(
          { epoch: e.epoch, loss: e.loss, train: {}, valid: {}, test: {}, seconds: e.seconds },
          e.wordsPerSecond,
        );
        const t = tables();
        hooks.onCheckpoint?.(e.epoch, tablesOf(name, data.rows, config.dim, t.input, t.context));
      },
    },
  );
  // Behaviour sequences: does the model put a sequence's last item among the 10 nearest to the one before?
  const metrics: Record<SplitName, SplitMetrics> = { train: {}, valid: {}, test: {} };
  if (data.role !== 'word') {
    for (const split of ['valid', 'test'] as const) {
      if (bySplit[split].length === 0) continue;
      const held = corpusOf(data, bySplit[split], null);
      const r = nextItemHitRate(held, { vectors: result.input, dim: config.dim }, { k: 10, maxQueries: 5000 });
      if (r.queries > 0) metrics[split] = { [`hitrate@${r.k}`]: r.hitRate };
    }
  }
  return {
    outcome: {
      model: config.model,
      metrics,
      baselines: {},
      bestEpoch: result.epochs.length,
      epochs: result.epochs.length,
      seconds: (performance.now() - started) / 1000,
    },
    tables: tablesOf(name, data.rows, config.dim, result.input, result.context),
  };
}

function tablesOf(
  name: string,
  rows: number,
  dim: number,
  input: Float32Array,
  context: Float32Array,
): TrainOutput['tables'] {
  const role = name.slice(0, -1);
  return [
    { name, role, rows, dim, data: input, bias: null },
    { name: `${name}.context`, role, rows, dim, data: context, bias: null },
  ];
}

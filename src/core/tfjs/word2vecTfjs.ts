// The `sgns` model on the tfjs engine (models.ts buildSgns): (word, context) pairs from word2vec.c's dynamic
// window over subsampled sequences, each with `negative` noise contexts, batched; SGD with word2vec's linear
// decay over every word of the run. Counts, minCount, OOV and table names as the CPU engine.
import type { Tensor } from '@tensorflow/tfjs-core';
import { WorkbenchError } from '../../shared';
import { createRng, shuffle } from '../random';
import type { ModelInput, SequenceData } from '../train/input';
import { unpacked } from '../store/datasets';
import { rowsOfSplit, type ModelRun } from '../train/loop';
import {
  aliasDraw,
  aliasTable,
  hashSeed,
  keepThresholds,
  trainedRows,
  unigramWeights,
  xorshift32,
} from '../train/sampling';
import { initWord2Vec } from '../train/word2vec';
import { heldOutHitRate, tableName, trainingCorpus, word2vecTables } from '../train/word2vecCorpus';
import type { TfjsRuntime } from './backend';
import { fitEpoch } from './fitEpoch';
import { tableOptions } from './inputs';
import { buildSgns, readTable } from './models';

/** (word, context) pairs per batch. */
export const WORD2VEC_BATCH = 1024;
type Tables = { input: Float32Array; context: Float32Array };

export function word2vecOnTfjs(input: ModelInput<'sgns' | 'cbow', SequenceData>, rt: TfjsRuntime): ModelRun<Tables> {
  const { tf, layers } = rt;
  const { config } = input;
  const { columns } = input.data;
  // The tf.js batches read ids directly: the training process never packs them or leaves them stored for it.
  if ('stored' in columns) throw new WorkbenchError('Internal', 'tf.js word2vec needs its sequences in memory');
  const data = unpacked(columns);
  const { corpus, counts } = trainingCorpus(data, rowsOfSplit(data.splits).train, config.minCount);
  const weights = unigramWeights(counts, config.nsExponent);
  if (!weights.some((w) => w > 0)) throw new WorkbenchError('DatasetInvalid', 'no vocabulary entry has a count > 0');
  const noise = aliasTable(weights);
  const keep = keepThresholds(counts, config.sample);
  const { window, negative, dim } = config;
  const batch = WORD2VEC_BATCH;
  const name = tableName(data.role);
  const rows = trainedRows(counts);
  const start = initWord2Vec(rows, dim, config.seed, false);
  const built = buildSgns(tf, layers, {
    rows,
    dim,
    negative,
    name,
    input: tableOptions(start.input, dim, input.initial[name]),
    context: tableOptions(start.context, dim, input.initial[`${name}.context`]),
  });
  const optimizer = tf.train.sgd(config.lr);
  built.model.compile({ optimizer, loss: built.loss });
  const perEpoch = corpus.tokens.length;
  const totalWords = perEpoch * config.epochs;
  const seqOrder = Int32Array.from({ length: corpus.offsets.length - 1 }, (_, n) => n);
  const rng = createRng(config.seed ^ 0x68e31da4);
  let state = hashSeed(config.seed, 0x2545f491);
  const draw = (): number => {
    state = xorshift32(state);
    return state >>> 0;
  };
  // Targets are the same for every full batch: [1, 0, …, 0] per pair.
  const target = (n: number): Tensor => {
    const y = new Float32Array(n * (1 + negative));
    for (let p = 0; p < n; p++) y[p * (1 + negative)] = 1;
    return tf.tensor2d(y, [n, 1 + negative]);
  };
  const tablesNow = (): Tables => ({
    input: readTable(built.tables[name]!),
    context: readTable(built.tables[`${name}.context`]!),
  });
  /** The pairs of one epoch, sequence by sequence, cut into batches. */
  const source = () => {
    shuffle(seqOrder, rng);
    let seq = 0;
    let words = 0;
    let pending: number[] = []; // the pairs of the current sequence not yet put in a batch
    let pendingAt = 0;
    const fillPending = (): boolean => {
      while (seq < seqOrder.length) {
        const s = seqOrder[seq++]!;
        const from = corpus.offsets[s]!;
        const to = corpus.offsets[s + 1]!;
        words += to - from;
        const kept: number[] = [];
        for (let t = from; t < to; t++) {
          const w = corpus.tokens[t]!;
          if (w >= 2 && draw() < keep[w]!) kept.push(w);
        }
        pending = [];
        pendingAt = 0;
        for (let c = 0; c < kept.length; c++) {
          const b = 1 + (draw() % window);
          for (let o = Math.max(0, c - b); o <= Math.min(kept.length - 1, c + b); o++)
            if (o !== c) pending.push(kept[c]!, kept[o]!);
        }
        if (pending.length > 0) return true;
      }
      return false;
    };
    return {
      done: () => words,
      next: () => {
        const word: number[] = [];
        const ctx: number[] = [];
        while (word.length < batch) {
          if (pendingAt >= pending.length && !fillPending()) break;
          const w = pending[pendingAt]!;
          const c = pending[pendingAt + 1]!;
          pendingAt += 2;
          word.push(w);
          ctx.push(c);
          for (let q = 0; q < negative; q++) {
            let neg = aliasDraw(noise, draw());
            if (neg === c) neg = aliasDraw(noise, draw());
            ctx.push(neg);
          }
        }
        if (word.length === 0) return null;
        return {
          xs: [
            tf.tensor2d(Int32Array.from(word), [word.length, 1], 'int32'),
            tf.tensor2d(Int32Array.from(ctx), [word.length, 1 + negative], 'int32'),
          ],
          ys: target(word.length),
        };
      },
    };
  };
  return {
    examplesPerEpoch: perEpoch,
    selection: null,
    baselines: {},
    async epoch(epoch, progress) {
      // word2vec's linear decay over every word of the run, to lr·1e-4.
      const lrAt = (fraction: number): number =>
        config.lr * Math.max(1e-4, 1 - ((epoch - 1) * perEpoch + fraction * perEpoch) / totalWords);
      const loss = await fitEpoch({
        model: built.model,
        optimizer,
        perEpoch,
        lossPerExample: 1 + negative,
        lrAt,
        progress,
        source: source(),
      });
      return { loss };
    },
    evaluate: () => ({ train: {}, valid: {}, test: {} }),
    snapshot: tablesNow,
    tables: (t) => word2vecTables(data, dim, t, counts),
    finish: async (last) => ({
      tables: word2vecTables(data, dim, last, counts),
      metrics: heldOutHitRate(data, last.input, dim),
    }),
    close: async () => {
      built.model.dispose();
      optimizer.dispose();
    },
  };
}

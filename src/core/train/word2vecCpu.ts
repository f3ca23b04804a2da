// The `sgns` and `cbow` models on the CPU engine: word2vec.c's training over chunks of the corpus (WebAssembly
// SIMD kernel, or the scalar reference), inline (reproducible) or on Hogwild threads. No validation score: the
// last epoch is the result; behaviour sequences get next-item HitRate@10 on their held-out splits.
import type { ModelInput, SequenceData } from './input';
import { workerEntryOf } from './input';
import { rowsOfSplit, type ModelRun } from './loop';
import { createPool } from './pool';
import { hashSeed, trainedRows } from './sampling';
import { setupWord2Vec, tableArrays } from './word2vec';
import { chunkBoundaries, Word2VecChunkRunner, type Word2VecChunk, type Word2VecChunkResult } from './word2vecChunk';
import { heldOutHitRate, tableName, trainingCorpus, word2vecTables } from './word2vecCorpus';

type Tables = { input: Float32Array; context: Float32Array };
/** Tokens per chunk (cut at sentence ends). */
const CHUNK_TOKENS = 10_000;

export function word2vecOnCpu(
  input: ModelInput<'sgns' | 'cbow', SequenceData>,
  /** `scalar`: the plain TypeScript kernel, the reference the SIMD one is tested against. */
  kernel: 'simd' | 'scalar' = 'simd',
): ModelRun<Tables> {
  const { config } = input;
  const { columns } = input.data;
  const { corpus, counts } = trainingCorpus(
    columns,
    rowsOfSplit(columns.splits).train,
    config.minCount,
    config.threads > 1,
  );
  const name = tableName(columns.role);
  const shared = setupWord2Vec(corpus, counts, {
    mode: config.model,
    dim: config.dim,
    window: config.window,
    negative: config.negative,
    nsExponent: config.nsExponent,
    sample: config.sample,
    alpha: config.lr,
    epochs: config.epochs,
    seed: config.seed,
    threads: config.threads,
    kernel,
    initial: { input: input.initial[name], context: input.initial[`${name}.context`] },
  });
  let runner: Word2VecChunkRunner | null = null; // thread 0's, on this thread
  const pool = createPool<Word2VecChunk, Word2VecChunkResult>(
    config.threads,
    () => {
      const own = (runner = new Word2VecChunkRunner(shared, 0));
      return (chunk) => own.run(chunk);
    },
    () => ({ entry: workerEntryOf(input, 'word2vecWorker'), workerData: (thread) => ({ shared, thread }) }),
    { callerWorks: true }, // thread 0 on this one: every thread has its scratch in the shared memory
  );
  const bounds = chunkBoundaries(corpus.offsets, CHUNK_TOKENS);
  const rows = trainedRows(counts);
  return {
    examplesPerEpoch: corpus.offsets[corpus.offsets.length - 1]!,
    selection: null,
    baselines: {},
    async epoch(epoch, progress) {
      const chunks: Word2VecChunk[] = [];
      for (let c = 0; c + 1 < bounds.length; c++)
        chunks.push({
          start: bounds[c]!,
          end: bounds[c + 1]!,
          epoch: epoch - 1,
          seed: hashSeed(config.seed, epoch, c),
        });
      const sum = { loss: 0, pairs: 0, words: 0 };
      await pool.run(chunks, (r) => {
        sum.loss += r.loss;
        sum.pairs += r.pairs;
        sum.words += r.words;
        progress(sum.words);
      });
      // Mean binary cross-entropy over every positive and negative pair of the epoch.
      return { loss: sum.pairs > 0 ? sum.loss / sum.pairs : 0 };
    },
    evaluate: () => ({ train: {}, valid: {}, test: {} }),
    snapshot: () => tableArrays(shared.tables, rows, config.dim, true),
    current: () => tableArrays(shared.tables, rows, config.dim, false),
    tables: (t) => word2vecTables(columns, config.dim, t, counts),
    finish: async (last) => ({
      tables: word2vecTables(columns, config.dim, last, counts),
      metrics: heldOutHitRate(columns, last.input, config.dim),
    }),
    close: async () => {
      await pool.close();
      runner?.close();
    },
  };
}

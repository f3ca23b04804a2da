// The `mf` model on the CPU engine: biased MF by sparse SGD (mf.ts) over shuffled chunks of the training ratings,
// inline or on Hogwild threads. The loop (loop.ts) owns the epochs; this is the step, the metrics, the tables.
import { createRng, shuffle } from '../random';
import type { InteractionData, ModelInput } from './input';
import { workerEntryOf } from './input';
import { applyInitialBias, applyInitialRows, isFrozen } from './initialRows';
import type { ModelRun } from './loop';
import { initMf, runMfChunk, type MfChunk, type MfParams, type MfShared } from './mf';
import { copyParams, epochLr, mfBaselines, mfMetrics, mfSelection, mfTables, ratingsOf, rowScales } from './mfRatings';
import { createPool } from './pool';

/** Ratings per chunk: small enough for progress and load balance, large enough that messages cost nothing. */
const CHUNK = 1 << 16;

export function mfOnCpu(input: ModelInput<'mf', InteractionData>): ModelRun<MfParams> {
  const { config, data } = input;
  const ratings = ratingsOf(data.columns, data.ratingMin, data.ratingMax, config);
  const { columns } = data;
  const threads = config.threads;
  const params = initMf(columns.numUsers, columns.numItems, config.dim, ratings.mu, config.seed, threads > 1);
  applyInitialRows(params.P, config.dim, input.initial.users);
  applyInitialRows(params.Q, config.dim, input.initial.items);
  applyInitialBias(params.bu, input.initial.users);
  applyInitialBias(params.bi, input.initial.items);
  params.frozenUsers = isFrozen(input.initial.users);
  params.frozenItems = isFrozen(input.initial.items);
  // The shuffled order of training rows; shared so that worker threads read their chunks of it.
  const n = ratings.rows.train.length;
  const order = new Int32Array(threads > 1 ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  order.set(ratings.rows.train);
  const shared: MfShared = { params, data: columns, order, scales: rowScales(ratings, config.regExponent) };
  const pool = createPool<MfChunk, number>(
    threads,
    () => (chunk) => runMfChunk(shared, chunk),
    () => ({ entry: workerEntryOf(input, 'mfWorker'), workerData: () => shared }),
  );
  const rng = createRng(config.seed ^ 0x5bd1e995);
  return {
    examplesPerEpoch: n,
    selection: mfSelection(ratings),
    carved: ratings.carved,
    cold: ratings.cold,
    baselines: mfBaselines(ratings, config),
    async epoch(epoch, progress) {
      const hyper = { lr: epochLr(config, epoch), reg: config.reg, regBias: config.regBias };
      shuffle(order, rng);
      const chunks: MfChunk[] = [];
      for (let start = 0; start < n; start += CHUNK) chunks.push({ start, end: Math.min(n, start + CHUNK), hyper });
      let loss = 0;
      let done = 0;
      await pool.run(chunks, (l, chunk) => {
        loss += l;
        done += chunk.end - chunk.start;
        progress(done);
      });
      return { loss: loss / n, lr: hyper.lr };
    },
    evaluate: () => mfMetrics(ratings, params),
    snapshot: () => copyParams(params),
    tables: (p) => mfTables(p, ratings),
    finish: async (best) => ({ tables: mfTables(best, ratings) }),
    close: () => pool.close(),
  };
}

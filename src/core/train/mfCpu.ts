// The `mf` model on the CPU engine: biased MF by sparse SGD (mf.ts) over shuffled chunks of the training ratings,
// inline or on Hogwild threads; with side features, every user and item composed from its own row and its
// features' (mfFeatures.ts). The loop (loop.ts) owns the epochs; this is the step, the metrics, the tables.
import { createRng, shuffle } from '../random';
import type { SideFeatures } from './featureSum';
import { copyFeatures, featureTransfers, initSideFeatures, supportWithFeatures } from './featureTables';
import type { InteractionData, ModelInput } from './input';
import { workerEntryOf } from './input';
import { applyInitialBias, applyInitialRows, isFrozen } from './initialRows';
import type { ModelRun } from './loop';
import { initMf, type MfParams } from './mf';
import { runMfChunk, type MfChunk, type MfShared } from './mfChunk';
import { composedParams } from './mfFeatures';
import { copyParams, epochLr, mfBaselines, mfMetrics, mfSelection, mfTables, ratingsOf, rowScales } from './mfRatings';
import { createPool } from './pool';

/** Ratings per chunk: small enough for progress and load balance, large enough that messages cost nothing. */
const CHUNK = 1 << 16;

/** The tables after an epoch: own rows and, with side features, the feature rows. */
interface MfSnapshot {
  params: MfParams;
  features: SideFeatures | null;
}

export function mfOnCpu(input: ModelInput<'mf', InteractionData>): ModelRun<MfSnapshot> {
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
  // Users and items without training ratings are their features alone (own rows and biases held at 0).
  const own = { dim: config.dim, users: params.P, items: params.Q, userBias: params.bu, itemBias: params.bi };
  const features = initSideFeatures(own, data.features, ratings.support, {
    adagrad: false,
    shared: threads > 1,
    initial: input.initial,
    regExponent: config.regExponent,
  });
  // The shuffled order of training rows; shared so that worker threads read their chunks of it.
  const n = ratings.rows.train.length;
  const order = new Int32Array(threads > 1 ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  order.set(ratings.rows.train);
  const shared: MfShared = { params, data: columns, order, scales: rowScales(ratings, config.regExponent), features };
  const pool = createPool<MfChunk, number>(
    threads,
    () => (chunk) => runMfChunk(shared, chunk),
    () => ({ entry: workerEntryOf(input, 'mfWorker'), workerData: () => shared }),
  );
  const rng = createRng(config.seed ^ 0x5bd1e995);
  // Entities without training ratings count the training behind their features (support.ts).
  const support = supportWithFeatures(features, ratings.support, config.dim);
  const tablesOf = (s: MfSnapshot) => [
    ...mfTables(composedParams(s.params, s.features), ratings, support),
    ...featureTransfers(s.features, config.dim, support),
  ];
  return {
    examplesPerEpoch: n,
    selection: mfSelection(ratings),
    carved: ratings.carved,
    cold: ratings.cold,
    baselines: mfBaselines(ratings, config, data.features),
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
    evaluate: () => mfMetrics(ratings, composedParams(params, features)),
    snapshot: () => ({ params: copyParams(params), features: copyFeatures(features) }),
    tables: tablesOf,
    finish: async (best) => ({ tables: tablesOf(best) }),
    close: () => pool.close(),
  };
}

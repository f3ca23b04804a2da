// The `mf` model with `solver: als` on the CPU engine: an epoch is one half-iteration over the users and one over
// the items (mfAls.ts), their rows in chunks of about equal cost, inline or on worker threads. Each row is solved
// from the other side alone, so any number of threads gives the same tables. Same metrics and tables as SGD.
import type { ModelInput, InteractionData } from './input';
import { workerEntryOf } from './input';
import { applyInitialBias, applyInitialRows, isFrozen } from './initialRows';
import type { ModelRun } from './loop';
import { initMf, type MfParams } from './mf';
import { runMfAlsChunk, type MfAlsChunk, type MfAlsShared } from './mfAls';
import { copyParams, mfBaselines, mfMetrics, mfSelection, mfTables, ratingsOf } from './mfRatings';
import { createPool } from './pool';
import { balancedRanges, csrOf } from './sparse';

/** Chunks per thread and half-iteration: enough to even out the rows' unequal costs. */
const CHUNKS_PER_THREAD = 4;

export function mfAlsOnCpu(input: ModelInput<'mf', InteractionData>): ModelRun<MfParams> {
  const { config, data } = input;
  const { columns } = data;
  const ratings = ratingsOf(columns, data.ratingMin, data.ratingMax, config);
  const multi = config.threads > 1;
  const params = initMf(columns.numUsers, columns.numItems, config.dim, ratings.mu, config.seed, multi);
  applyInitialRows(params.P, config.dim, input.initial.users);
  applyInitialRows(params.Q, config.dim, input.initial.items);
  applyInitialBias(params.bu, input.initial.users);
  applyInitialBias(params.bi, input.initial.items);
  params.frozenUsers = isFrozen(input.initial.users);
  params.frozenItems = isFrozen(input.initial.items);
  const train = ratings.rows.train;
  const shared: MfAlsShared = {
    params,
    byUser: csrOf(train, columns.users, columns.items, columns.ratings, columns.numUsers, multi),
    byItem: csrOf(train, columns.items, columns.users, columns.ratings, columns.numItems, multi),
  };
  const pool = createPool<MfAlsChunk, number>(
    config.threads,
    () => (chunk) => runMfAlsChunk(shared, chunk),
    () => ({ entry: workerEntryOf(input, 'mfAlsWorker'), workerData: () => shared }),
  );
  // A row of n ratings costs n(d+1)²/2 for its normal equations and (d+1)³/6 for their solve.
  const D = config.dim + 1;
  const cost = (n: number): number => (n === 0 ? 0 : n * D * D * 0.5 + Math.min(n, D) ** 3 / 6);
  const parts = config.threads * CHUNKS_PER_THREAD;
  const hyper = { reg: config.reg, regBias: config.regBias, regExponent: config.regExponent };
  const chunks: MfAlsChunk[] = [
    ...balancedRanges(shared.byUser, parts, cost).map(([start, end]) => ({
      side: 'users' as const,
      start,
      end,
      ...hyper,
    })),
    ...balancedRanges(shared.byItem, parts, cost).map(([start, end]) => ({
      side: 'items' as const,
      start,
      end,
      ...hyper,
    })),
  ];
  const n = train.length;
  return {
    examplesPerEpoch: n,
    selection: mfSelection(ratings),
    carved: ratings.carved,
    cold: ratings.cold,
    baselines: mfBaselines(ratings, config),
    async epoch(_epoch, progress) {
      let loss = 0;
      let done = 0;
      // The users' half must finish before the items' half reads them: two runs of the pool.
      for (const side of ['users', 'items'] as const) {
        const m = side === 'users' ? shared.byUser : shared.byItem;
        await pool.run(
          chunks.filter((c) => c.side === side),
          (l, c) => {
            loss += l;
            done += m.indptr[c.end]! - m.indptr[c.start]!;
            progress(done / 2);
          },
        );
      }
      return { loss: loss / n };
    },
    evaluate: () => mfMetrics(ratings, params),
    snapshot: () => copyParams(params),
    tables: (p) => mfTables(p, ratings),
    finish: async (best) => ({ tables: mfTables(best, ratings) }),
    close: () => pool.close(),
  };
}

// The `ials` model on the CPU engine: an epoch is one ALS iteration, the users' half then the items' half
// (ials.ts). Each half first sums the fixed side's Gram matrix in parts, then solves its rows in chunks of about
// equal cost, inline or on worker threads; rows are solved independently, so any thread count gives the same
// tables. Evaluated like `implicit` (implicitData.ts): Recall/NDCG/MAP/HitRate@K against popularity.
import { WorkbenchError } from '../../shared';
import { createRng } from '../random';
import { gramOf, runIalsChunk, type IalsChunk, type IalsChunkResult, type IalsShared } from './ials';
import {
  epochMetrics,
  finalMetrics,
  implicitSelection,
  implicitTables,
  popularityBaseline,
  positivesOf,
  type ImplicitTables,
} from './implicitData';
import { applyInitialRows, isFrozen } from './initialRows';
import type { InteractionData, ModelInput } from './input';
import { workerEntryOf } from './input';
import type { ModelRun } from './loop';
import { createPool } from './pool';
import { balancedRanges, csrOf, mergeDuplicates, transpose, type Csr } from './sparse';

/** Chunks per thread and half-iteration: enough to even out the rows' unequal costs. */
const CHUNKS_PER_THREAD = 4;
/** Initial factors uniform in [0, INIT) (as `implicit` starts them): small, so the first solves set the scale. */
const INIT = 0.01;

export function ialsOnCpu(input: ModelInput<'ials', InteractionData>): ModelRun<ImplicitTables> {
  const { config } = input;
  const { columns } = input.data;
  const { dim, threads } = config;
  const multi = threads > 1;
  const p = positivesOf(columns, config);
  // Weights of the positives, repeated pairs summed; confidence 1 + α·w (1 + α without a weight column).
  const byUser = mergeDuplicates(
    csrOf(p.rows.train, columns.users, columns.items, columns.weights, columns.numUsers, false),
    multi,
  );
  const nnz = byUser.index.length;
  if (nnz === 0) throw new WorkbenchError('DatasetInvalid', 'there are no positive interactions to train on');
  const alloc = (n: number): Float32Array =>
    new Float32Array(multi ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  const shared: IalsShared = {
    dim,
    users: alloc(columns.numUsers * dim),
    items: alloc(columns.numItems * dim),
    byUser,
    byItem: transpose(byUser, columns.numItems, multi),
    gram: new Float64Array(multi ? new SharedArrayBuffer(dim * dim * 8) : new ArrayBuffer(dim * dim * 8)),
    alpha: config.alpha,
    frozenUsers: isFrozen(input.initial.users),
    frozenItems: isFrozen(input.initial.items),
  };
  const rng = createRng(config.seed);
  for (const t of [shared.users, shared.items]) for (let k = 2 * dim; k < t.length; k++) t[k] = rng() * INIT;
  applyInitialRows(shared.users, dim, input.initial.users);
  applyInitialRows(shared.items, dim, input.initial.items);
  const pool = createPool<IalsChunk, IalsChunkResult>(
    threads,
    () => (chunk) => runIalsChunk(shared, chunk),
    () => ({ entry: workerEntryOf(input, 'ialsWorker'), workerData: () => shared }),
  );
  const parts = threads * CHUNKS_PER_THREAD;
  // A row of n interactions costs (steps + 2)·(d² + 2nd) multiply-adds.
  const solveCost = (n: number): number => (config.cgSteps + 2) * (dim * dim + 2 * n * dim);
  const halves = (['users', 'items'] as const).map((side) => {
    const m: Csr = side === 'users' ? shared.byUser : shared.byItem;
    const fixed = side === 'users' ? columns.numItems : columns.numUsers;
    const gramChunks: IalsChunk[] = balancedRanges({ ...m, rows: fixed }, parts, () => 1).map(([start, end]) => ({
      kind: 'gram',
      side: side === 'users' ? 'items' : 'users',
      start,
      end,
    }));
    const solveChunks: IalsChunk[] = balancedRanges(m, parts, solveCost).map(([start, end]) => ({
      kind: 'solve',
      side,
      start,
      end,
      cgSteps: config.cgSteps,
    }));
    return { side, m, gramChunks, solveChunks };
  });
  const tablesNow = (): ImplicitTables => ({ dim, users: shared.users, items: shared.items });
  return {
    examplesPerEpoch: nnz,
    selection: implicitSelection(p),
    carved: p.carved,
    baselines: popularityBaseline(p),
    async epoch(_epoch, progress) {
      let loss = 0;
      let done = 0;
      for (const { side, m, gramChunks, solveChunks } of halves) {
        const grams: Float64Array[] = [];
        await pool.run(gramChunks, (r) => grams.push(r.gram!));
        const trace = gramOf(grams, dim, config.reg, shared.gram);
        // The objective once the items are solved: their rows' parts plus λΣ‖x_u‖² of the fixed users.
        if (side === 'items') loss += config.reg * trace;
        await pool.run(solveChunks, (r, c) => {
          if (side === 'items') loss += r.loss;
          done += m.indptr[c.end]! - m.indptr[c.start]!;
          progress(done / 2);
        });
      }
      return { loss: loss / nnz };
    },
    evaluate: () => epochMetrics(p, tablesNow()),
    snapshot: () => ({ dim, users: Float32Array.from(shared.users), items: Float32Array.from(shared.items) }),
    tables: (t) => implicitTables(t, columns),
    finish: async (best) => ({ tables: implicitTables(best, columns), metrics: finalMetrics(p, best) }),
    close: () => pool.close(),
  };
}

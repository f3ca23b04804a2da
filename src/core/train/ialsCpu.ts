// The `ials` model on the CPU engine: an epoch is one ALS iteration, the users' half then the items' half
// (ials.ts). Each half first sums the fixed side's Gram matrix in parts, then solves its rows in chunks of about
// equal cost, inline or on worker threads, with the WebAssembly SIMD kernel (ialsWasm.ts) or the TypeScript one.
// Rows are solved independently and the Gram parts summed in a fixed order, so any thread count gives the same
// tables. Evaluated like `implicit` (implicitData.ts): Recall/NDCG/MAP/HitRate@K against popularity.
import { WorkbenchError } from '../../shared';
import { createRng } from '../random';
import {
  compactTable,
  GRAM_PARTS,
  ialsInArrays,
  runIalsChunk,
  scalarKernel,
  sumGram,
  type IalsChunk,
  type IalsKernel,
  type IalsShared,
} from './ials';
import { ialsInMemory, ialsLayout, wasmKernel, type IalsWasm } from './ialsWasm';
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
import { balancedRanges, csrOf, mergeDuplicates, transpose } from './sparse';

/** Chunks per thread and half-iteration: enough to even out the rows' unequal costs. */
const CHUNKS_PER_THREAD = 4;
/** Initial factors uniform in [0, INIT) (as `implicit` starts them): small, so the first solves set the scale. */
const INIT = 0.01;

/** What a worker thread gets: the shared state, the WebAssembly module and memory (if any) and its index. */
export interface IalsThread {
  shared: IalsShared;
  wasm: IalsWasm | null;
  thread: number;
}

export const ialsKernelOf = (t: IalsThread): IalsKernel =>
  t.wasm ? wasmKernel(t.wasm, t.shared, t.thread) : scalarKernel(t.shared, t.thread);

export function ialsOnCpu(
  input: ModelInput<'ials', InteractionData>,
  kernel: 'wasm' | 'scalar' = 'wasm',
): ModelRun<ImplicitTables> {
  const { config } = input;
  const { columns } = input.data;
  const { dim, threads } = config;
  const p = positivesOf(columns, config);
  // Weights of the positives, repeated pairs summed; confidence 1 + α·w (1 + α without a weight column).
  const byUser = mergeDuplicates(
    csrOf(p.rows.train, columns.users, columns.items, columns.weights, columns.numUsers, false),
    false,
  );
  const nnz = byUser.index.length;
  if (nnz === 0) throw new WorkbenchError('DatasetInvalid', 'there are no positive interactions to train on');
  const byItem = transpose(byUser, columns.numItems, false);
  const settings = {
    alpha: config.alpha,
    frozenUsers: isFrozen(input.initial.users),
    frozenItems: isFrozen(input.initial.items),
  };
  const layout = kernel === 'wasm' ? ialsLayout(dim, threads, byUser, byItem) : null;
  const { shared, wasm } = layout
    ? ialsInMemory(layout, byUser, byItem, settings)
    : { shared: ialsInArrays(dim, threads, byUser, byItem, settings), wasm: null };
  initTables(shared, config.seed, input.initial);
  const pool = createPool<IalsChunk, number>(
    threads,
    () => {
      const k = ialsKernelOf({ shared, wasm, thread: 0 });
      return (chunk) => runIalsChunk(k, shared, chunk);
    },
    () => ({
      entry: workerEntryOf(input, 'ialsWorker'),
      workerData: (thread): IalsThread => ({ shared, wasm, thread }),
    }),
  );
  // A row of n interactions costs (steps + 2)·(d² + 2nd) multiply-adds.
  const solveCost = (n: number): number => (config.cgSteps + 2) * (dim * dim + 2 * n * dim);
  const halves = (['users', 'items'] as const).map((side) => {
    const fixed = side === 'users' ? 'items' : 'users';
    const rows = shared[fixed].m.rows;
    const gramChunks: IalsChunk[] = Array.from({ length: GRAM_PARTS }, (_, part) => ({
      kind: 'gram',
      side: fixed,
      start: Math.floor((part * rows) / GRAM_PARTS),
      end: Math.floor(((part + 1) * rows) / GRAM_PARTS),
      part,
    }));
    const m = shared[side].m;
    const solveChunks: IalsChunk[] = balancedRanges(m, threads * CHUNKS_PER_THREAD, solveCost).map(
      // The objective is reported once the items are solved (both sides then are the epoch's).
      ([start, end]) => ({ kind: 'solve', side, start, end, cgSteps: config.cgSteps, withLoss: side === 'items' }),
    );
    return { side, m, gramChunks, solveChunks };
  });
  const snapshot = (): ImplicitTables => ({
    dim,
    users: compactTable(shared.users.table, dim, shared.stride),
    items: compactTable(shared.items.table, dim, shared.stride),
  });
  return {
    examplesPerEpoch: nnz,
    selection: implicitSelection(p),
    carved: p.carved,
    cold: p.cold,
    baselines: popularityBaseline(p),
    async epoch(_epoch, progress) {
      let loss = 0;
      let done = 0;
      for (const { side, m, gramChunks, solveChunks } of halves) {
        await pool.run(gramChunks, () => undefined);
        const trace = sumGram(shared, config.reg);
        // The objective once the items are solved: their rows' parts plus λΣ‖x_u‖² of the fixed users.
        if (side === 'items') loss += config.reg * trace;
        await pool.run(solveChunks, (l, c) => {
          loss += l;
          done += m.indptr[c.end]! - m.indptr[c.start]!;
          progress(done / 2);
        });
      }
      return { loss: loss / nnz };
    },
    evaluate: () => epochMetrics(p, snapshot()),
    snapshot,
    tables: (t) => implicitTables(t, p),
    finish: async (best) => ({ tables: implicitTables(best, p), metrics: finalMetrics(p, best) }),
    close: () => pool.close(),
  };
}

/** Rows from 2 on uniform in [0, INIT), then pre-trained rows on top; PAD, OOV and the padding stay 0. */
function initTables(s: IalsShared, seed: number, initial: ModelInput<'ials', InteractionData>['initial']): void {
  const rng = createRng(seed);
  for (const side of ['users', 'items'] as const) {
    const rows = s[side].m.rows;
    const start = new Float32Array(rows * s.dim);
    for (let k = 2 * s.dim; k < start.length; k++) start[k] = rng() * INIT;
    applyInitialRows(start, s.dim, initial[side]);
    for (let r = 0; r < rows; r++) s[side].table.set(start.subarray(r * s.dim, (r + 1) * s.dim), r * s.stride);
  }
}

// The `implicit` model with BPR on the tfjs engine (models.ts buildBpr): each shuffled training positive is paired
// with one non-positive drawn as on the CPU engine (weight (count + 1)^nsExponent, train/implicit.ts
// negativeTable); SGD or Adagrad, Keras l2 scaled as in mfTfjs.ts. WARP stays on the CPU engine (the training
// rules refuse it here).
import { createRng, shuffle } from '../random';
import { initImplicit, negativeTable } from '../train/implicit';
import {
  epochMetrics,
  finalMetrics,
  implicitSelection,
  implicitTables,
  popularityBaseline,
  positivesOf,
  type ImplicitTables,
} from '../train/implicitData';
import type { InteractionData, ModelInput } from '../train/input';
import type { ModelRun } from '../train/loop';
import { aliasDraw, hashSeed, xorshift32 } from '../train/sampling';
import type { TfjsRuntime } from './backend';
import { fitEpoch, optimizerOf } from './fitEpoch';
import { column, tableOptions } from './inputs';
import { buildBpr, readTable } from './models';

/** Positive pairs per batch. */
export const IMPLICIT_BATCH = 512;

export function implicitOnTfjs(
  input: ModelInput<'implicit', InteractionData>,
  rt: TfjsRuntime,
): ModelRun<ImplicitTables> {
  const { tf, layers } = rt;
  const { config } = input;
  const data = input.data.columns;
  const p = positivesOf(data, config);
  const train = p.csr.train;
  const { dim, reg, regBias } = config;
  const batch = IMPLICIT_BATCH;
  // Training pairs (user, positive item) in CSR order; an epoch shuffles them and draws one negative each.
  const pairs = train.items.length;
  const pairUser = new Int32Array(pairs);
  for (let u = 0; u + 1 < train.indptr.length; u++) pairUser.fill(u, train.indptr[u]!, train.indptr[u + 1]!);
  const nu = new Set(pairUser).size;
  const ni = new Set(train.items).size;
  const start = initImplicit(data.numUsers, data.numItems, dim, config.seed, false).model;
  const built = buildBpr(tf, layers, {
    numUsers: data.numUsers,
    numItems: data.numItems,
    dim,
    l2Users: (0.5 * reg * batch) / nu,
    l2Items: (reg * batch) / ni, // a pair touches two item rows
    l2ItemBias: (regBias * batch) / ni,
    users: tableOptions(start.users, dim, input.initial.users),
    items: tableOptions(start.items, dim, input.initial.items),
    itemBias: { initial: input.initial.items?.bias },
  });
  const optimizer = optimizerOf(tf, config);
  built.model.compile({ optimizer, loss: built.loss });
  const tablesNow = (): ImplicitTables => ({
    dim,
    users: readTable(built.tables.users!),
    items: readTable(built.tables.items!),
    itemBias: readTable(built.tables['items.bias']!),
  });
  const order = Int32Array.from({ length: pairs }, (_, n) => n);
  const rng = createRng(config.seed ^ 0x27d4eb2f);
  let state = hashSeed(config.seed, 0x1b873593);
  const isPositive = (u: number, item: number): boolean => {
    for (let n = train.indptr[u]!; n < train.indptr[u + 1]!; n++) if (train.items[n] === item) return true;
    return false;
  };
  const negatives = negativeTable(train, data.numItems, 'bpr', config.nsExponent);
  const drawNegative = (u: number): number => {
    let j = 2;
    for (let attempt = 0; attempt < 10; attempt++) {
      state = xorshift32(state);
      j = negatives.items[aliasDraw(negatives, state)]!;
      if (!isPositive(u, j)) break;
    }
    return j;
  };
  return {
    examplesPerEpoch: pairs,
    selection: implicitSelection(p),
    carved: p.carved,
    cold: p.cold,
    baselines: popularityBaseline(p),
    async epoch(epoch, progress) {
      shuffle(order, rng);
      let at = 0;
      const lr = config.schedule === 'linear' ? config.lr * Math.max(1e-4, 1 - (epoch - 1) / config.epochs) : config.lr;
      const loss = await fitEpoch({
        model: built.model,
        optimizer,
        perEpoch: pairs,
        lossPerExample: 1,
        lrAt: config.schedule === 'linear' ? () => lr : undefined,
        progress,
        source: {
          done: () => at,
          next: () => {
            if (at >= pairs) return null;
            const n = Math.min(batch, pairs - at);
            const u = new Int32Array(n);
            const ij = new Int32Array(2 * n);
            for (let q = 0; q < n; q++) {
              const x = order[at + q]!;
              u[q] = pairUser[x]!;
              ij[2 * q] = train.items[x]!;
              ij[2 * q + 1] = drawNegative(u[q]!);
            }
            at += n;
            return { xs: [column(tf, u, 'int32'), tf.tensor2d(ij, [n, 2], 'int32')], ys: tf.ones([n, 1]) };
          },
        },
      });
      return { loss, lr };
    },
    evaluate: () => epochMetrics(p, tablesNow()),
    snapshot: tablesNow,
    tables: (t) => implicitTables(t, p),
    finish: async (best) => ({ tables: implicitTables(best, p), metrics: finalMetrics(p, best) }),
    close: async () => {
      built.model.dispose();
      optimizer.dispose();
    },
  };
}

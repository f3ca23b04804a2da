// The `mf` model on the tfjs engine: Embedding tables for users, items and their biases (models.ts buildMf),
// trained by SGD on summed squared error (so `lr` is one example's step, as on the CPU engine). Keras l2 on the
// whole table is scaled by batch / active rows so that one epoch's penalty matches the CPU engine's on average.
import { createRng, shuffle } from '../random';
import type { InteractionData, ModelInput } from '../train/input';
import type { ModelRun } from '../train/loop';
import type { MfParams } from '../train/mf';
import { initMf } from '../train/mf';
import { epochLr, mfBaselines, mfMetrics, mfSelection, mfTables, ratingsOf } from '../train/mfRatings';
import type { TfjsRuntime } from './backend';
import { fitEpoch, optimizerOf } from './fitEpoch';
import { activeRows, column, tableOptions } from './inputs';
import { buildMf, readTable } from './models';

/** Ratings per batch. */
export const MF_BATCH = 512;

export function mfOnTfjs(input: ModelInput<'mf', InteractionData>, rt: TfjsRuntime): ModelRun<MfParams> {
  const { tf, layers } = rt;
  const { config } = input;
  const data = input.data.columns;
  const ratings = ratingsOf(data, input.data.ratingMin, input.data.ratingMax, config);
  const { dim, reg, regBias } = config;
  const batch = MF_BATCH;
  const nu = activeRows(data.users, ratings.rows.train);
  const ni = activeRows(data.items, ratings.rows.train);
  const start = initMf(data.numUsers, data.numItems, dim, ratings.mu, config.seed, false);
  const built = buildMf(tf, layers, {
    numUsers: data.numUsers,
    numItems: data.numItems,
    dim,
    l2Users: (0.5 * reg * batch) / nu,
    l2Items: (0.5 * reg * batch) / ni,
    l2UserBias: (0.5 * regBias * batch) / nu,
    l2ItemBias: (0.5 * regBias * batch) / ni,
    users: tableOptions(start.P, dim, input.initial.users),
    items: tableOptions(start.Q, dim, input.initial.items),
    userBias: { initial: input.initial.users?.bias },
    itemBias: { initial: input.initial.items?.bias },
  });
  const optimizer = optimizerOf(tf, config);
  built.model.compile({ optimizer, loss: built.loss });
  const paramsNow = (): MfParams => ({
    dim,
    mu: ratings.mu,
    P: readTable(built.tables.users!),
    Q: readTable(built.tables.items!),
    bu: readTable(built.tables['users.bias']!),
    bi: readTable(built.tables['items.bias']!),
  });
  const order = Int32Array.from(ratings.rows.train);
  const rng = createRng(config.seed ^ 0x5bd1e995);
  return {
    examplesPerEpoch: order.length,
    selection: mfSelection(ratings),
    carved: ratings.carved,
    cold: ratings.cold,
    baselines: mfBaselines(ratings, config),
    async epoch(epoch, progress) {
      shuffle(order, rng);
      let at = 0;
      const lr = epochLr(config, epoch);
      const loss = await fitEpoch({
        model: built.model,
        optimizer,
        perEpoch: order.length,
        lossPerExample: 1,
        lrAt: config.schedule === 'linear' ? () => lr : undefined,
        progress,
        source: {
          done: () => at,
          next: () => {
            if (at >= order.length) return null;
            const n = Math.min(batch, order.length - at);
            const u = new Int32Array(n);
            const i = new Int32Array(n);
            const r = new Float32Array(n);
            for (let k = 0; k < n; k++) {
              const x = order[at + k]!;
              u[k] = data.users[x]!;
              i[k] = data.items[x]!;
              r[k] = data.ratings[x]! - ratings.mu;
            }
            at += n;
            return { xs: [column(tf, u, 'int32'), column(tf, i, 'int32')], ys: column(tf, r, 'float32') };
          },
        },
      });
      return { loss, lr };
    },
    evaluate: () => mfMetrics(ratings, paramsNow()),
    snapshot: paramsNow,
    tables: (p) => mfTables(p, ratings),
    finish: async (best) => ({ tables: mfTables(best, ratings) }),
    close: async () => {
      built.model.dispose();
      optimizer.dispose();
    },
  };
}

// mf with side features (issue 17), through the real factory and run loop: on planted ratings where each user
// rates their genre high and the others low, movies held out of training entirely are predicted from their genre's
// rows alone — far better than the global mean or μ + b_u — while warm RMSE holds; a cold item's stored row is its
// features' exactly; Hogwild threads share the feature tables; and a resumed run goes on from its checkpoint's
// split between own rows and feature rows (implicit's too, as both share featureTables.ts).
import { describe, expect, it } from 'vitest';
import type { TableTransfer } from '../../shared';
import { createRng } from '../random';
import type { InteractionColumns } from '../store/datasets';
import type { Features } from '../store/features';
import type { InitialRows } from './initialRows';
import { interactionData, trainOn } from './testTraining';

const USERS = 150;
const ITEMS = 300;
const GENRES = 5;
/** Items from this row on have no training rating: every rating of theirs is in test. */
const FIRST_COLD = 2 + ITEMS - 60;
const genreOf = (item: number): number => item % GENRES;

function planted(): { columns: InteractionColumns; features: Features } {
  const rng = createRng(11);
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const splits: number[] = [];
  for (let u = 2; u < USERS + 2; u++)
    for (let i = 2; i < ITEMS + 2; i++) {
      if (rng() > 0.3) continue;
      const liked = genreOf(i) === u % GENRES;
      // A user's taste decides (4.5 against 2), with a little per-item quality and noise.
      const r = (liked ? 4.5 : 2) + 0.3 * Math.sin(i) + 0.4 * (rng() - 0.5);
      users.push(u);
      items.push(i);
      ratings.push(Math.min(5, Math.max(1, r)));
      splits.push(i >= FIRST_COLD ? 2 : rng() < 0.85 ? 0 : 2);
    }
  const columns: InteractionColumns = {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: Float32Array.from(ratings),
    splits: Uint8Array.from(splits),
    numUsers: USERS + 2,
    numItems: ITEMS + 2,
  };
  // One feature per item, its genre (feature rows 2…, PAD and OOV items none).
  const indptr = Int32Array.from({ length: ITEMS + 3 }, (_, i) => Math.max(0, i - 2));
  const features = Int32Array.from({ length: ITEMS }, (_, k) => 2 + genreOf(k + 2));
  return { columns, features: { indptr, features, weights: new Float32Array(ITEMS).fill(1), size: GENRES + 2 } };
}

const { columns, features } = planted();
const withFeatures = { ...interactionData(columns), features: { item: features, user: null } };
const config = { model: 'mf', dim: 8, epochs: 20, lr: 0.02, seed: 3, holdout: 0 } as const;
const table = (tables: TableTransfer[], name: string): TableTransfer => tables.find((t) => t.name === name)!;

describe('mf with item features', () => {
  it('predicts items held out entirely from their genre, far better than the global mean and μ + b_u', async () => {
    const out = await trainOn({ ...config, features: 'items' }, withFeatures);
    const plain = await trainOn({ ...config, features: 'none' }, interactionData(columns));
    const { test } = out.outcome.metrics;
    const { globalMean, biasOnly, biasFeatures } = out.outcome.baselines;
    expect(test['cold:rmse']).toBeLessThan(0.5 * biasOnly!.test['cold:rmse']!);
    expect(test['cold:rmse']).toBeLessThan(0.5 * globalMean!.test['cold:rmse']!);
    // Biases alone, even with the genre's, cannot say who likes the genre: the factors do.
    expect(test['cold:rmse']).toBeLessThan(0.6 * biasFeatures!.test['cold:rmse']!);
    // Without features the cold items are a random start: no better than μ + b_u.
    expect(plain.outcome.metrics.test['cold:rmse']).toBeGreaterThan(0.9 * biasOnly!.test['cold:rmse']!);
    expect(plain.outcome.baselines.biasFeatures).toBeUndefined();
    // Warm items lose nothing (the plain metrics are theirs).
    expect(test.rmse).toBeLessThan(1.05 * plain.outcome.metrics.test.rmse!);
    expect(out.outcome.cold?.test).toBeGreaterThan(0);
  });

  it("stores a cold item as its features' rows exactly, with their support as its count", async () => {
    const out = await trainOn({ ...config, epochs: 4, features: 'items' }, withFeatures);
    expect(out.tables.map((t) => t.name)).toEqual(['users', 'items', 'item_features']);
    const items = table(out.tables, 'items');
    const rows = table(out.tables, 'item_features');
    const { dim } = items;
    expect(table(out.tables, 'users').bias).not.toBeNull();
    let warmOwn = 0;
    for (let i = 2; i < ITEMS + 2; i++) {
      const f = features.features[i - 2]!;
      let own = Math.abs(items.bias![i]! - rows.bias![f]!);
      for (let k = 0; k < dim; k++) own += Math.abs(items.data[i * dim + k]! - rows.data[f * dim + k]!);
      if (i >= FIRST_COLD) {
        expect(own).toBe(0);
        expect(items.counts![i]).toBe(rows.counts![f]);
      } else warmOwn += own;
    }
    expect(warmOwn).toBeGreaterThan(1); // the warm items' own rows trained: the check above is not vacuous
    expect(rows.counts![2]).toBeGreaterThan(0);
  });

  it('trains the shared feature tables on two Hogwild threads', async () => {
    const out = await trainOn({ ...config, features: 'items', threads: 2 }, withFeatures);
    expect(out.outcome.metrics.test['cold:rmse']).toBeLessThan(
      0.5 * out.outcome.baselines.biasOnly!.test['cold:rmse']!,
    );
  });
});

/** A checkpoint's tables as the training process hands them to a resumed run (process.ts, checkpointTables). */
const asInitial = (tables: TableTransfer[]): Record<string, InitialRows> =>
  Object.fromEntries(
    tables.map((t) => [
      t.name,
      { data: t.data, found: new Uint8Array(t.rows).fill(1), trainable: true, bias: t.bias ?? undefined },
    ]),
  );

describe('a resumed run with side features', () => {
  const runs = [
    { name: 'mf', req: { ...config, features: 'items' } },
    {
      name: 'implicit',
      req: { model: 'implicit', loss: 'bpr', dim: 8, epochs: 6, seed: 3, holdout: 0, features: 'items' },
    },
  ] as const;
  for (const { name, req } of runs)
    it(`${name}: starts from the checkpoint's own and feature rows, its cold items still their features alone`, async () => {
      let checkpoint: TableTransfer[] = [];
      const first = await trainOn({ ...req, epochs: 3 }, withFeatures, {
        onCheckpoint: (epoch, tables) => void (epoch === 3 && (checkpoint = tables)),
      });
      // Resumed after its last epoch: no epoch left to train, so what it stores is what it started from.
      const resumed = await trainOn({ ...req, epochs: 3 }, withFeatures, {
        initial: asInitial(checkpoint),
        resume: { epoch: 3, metrics: first.epochs[2]! },
      });
      for (const t of checkpoint) {
        const again = table(resumed.tables, t.name);
        let most = 0;
        for (let n = 0; n < t.data.length; n++) most = Math.max(most, Math.abs(again.data[n]! - t.data[n]!));
        expect(most, t.name).toBeLessThan(1e-5);
      }
      // Cold items: own row and bias back at exactly 0, so bit for bit their features' rows.
      const items = table(resumed.tables, 'items');
      const before = table(checkpoint, 'items');
      const { dim } = items;
      for (let i = FIRST_COLD; i < ITEMS + 2; i++) {
        expect(Array.from(items.data.subarray(i * dim, (i + 1) * dim))).toEqual(
          Array.from(before.data.subarray(i * dim, (i + 1) * dim)),
        );
        expect(items.bias![i]).toBe(before.bias![i]);
      }
    });
});

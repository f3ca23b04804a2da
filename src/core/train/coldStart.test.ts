// Cold items recommended from their features: on planted data where a user likes one genre and an item has one,
// items held out of training entirely are ranked by their genre's row alone. The `cold:` metrics must see those
// held-out positives even though their items were never trained (they are left out of the plain metrics). Items
// without a training positive are never drawn as negatives (implicit.ts, negativeTable), so their stored vector is
// exactly their features' weighted sum: nothing learnt from being sampled as "disliked" by the split.
import { describe, expect, it } from 'vitest';
import type { InteractionColumns } from '../store/datasets';
import { createRng } from '../random';
import { initImplicit } from './implicit';
import { interactionData, trainOn } from './testTraining';

const USERS = 120;
const ITEMS = 240;
const GENRES = 6;
/** Items from this index on are never in training: every positive of theirs goes to test. */
const FIRST_COLD = 2 + ITEMS - 60;

function planted(): {
  columns: InteractionColumns;
  features: { indptr: Int32Array; features: Int32Array; weights: Float32Array; size: number };
} {
  const rng = createRng(3);
  const users: number[] = [];
  const items: number[] = [];
  const splits: number[] = [];
  for (let u = 2; u < USERS + 2; u++)
    for (let i = 2; i < ITEMS + 2; i++) {
      if (i % GENRES !== u % GENRES || rng() > 0.6) continue;
      users.push(u);
      items.push(i);
      splits.push(i >= FIRST_COLD ? 2 : rng() < 0.8 ? 0 : 2);
    }
  const n = users.length;
  const columns: InteractionColumns = {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: new Float32Array(n).fill(1),
    splits: Uint8Array.from(splits),
    numUsers: USERS + 2,
    numItems: ITEMS + 2,
  };
  // One feature per item, its genre (rows 0 and 1, PAD and OOV, have none).
  const indptr = Int32Array.from({ length: ITEMS + 3 }, (_, i) => Math.max(0, i - 2));
  const features = Int32Array.from({ length: ITEMS }, (_, k) => (k + 2) % GENRES);
  return { columns, features: { indptr, features, weights: new Float32Array(ITEMS).fill(1), size: GENRES } };
}

describe('cold-start metrics with item features', () => {
  it('rank held-out items never trained by their genre, far above random and popularity', async () => {
    const { columns, features } = planted();
    const data = { ...interactionData(columns), features: { item: features, user: null } };
    const out = await trainOn(
      { model: 'implicit', loss: 'warp', features: 'items', dim: 16, epochs: 15, seed: 1, holdout: 0 },
      data,
    );
    const test = out.outcome.metrics.test;
    // Each user's cold positives are the cold items of their genre: a model that learned genres ranks them first.
    expect(test['cold:recall@10']).toBeGreaterThan(0.6);
    const random = out.outcome.baselines.random!.test['cold:recall@10']!;
    const popularity = out.outcome.baselines.popularity!.test['cold:recall@10']!;
    expect(test['cold:recall@10']).toBeGreaterThan(2 * Math.max(random, popularity));
    // The plain metrics still leave out positives of items never trained.
    expect(out.outcome.cold?.test).toBeGreaterThan(0);
  });

  for (const loss of ['warp', 'bpr'] as const)
    it(`${loss}: a cold item's vector and bias are its features' weighted sum, its own row never trained`, async () => {
      const { columns, features } = planted();
      const data = { ...interactionData(columns), features: { item: features, user: null } };
      const out = await trainOn(
        { model: 'implicit', loss, features: 'items', dim: 8, epochs: 3, seed: 2, holdout: 0 },
        data,
      );
      const items = out.tables.find((t) => t.name === 'items')!;
      const rows = out.tables.find((t) => t.name === 'item_features')!;
      const dim = items.dim;
      let warmOwn = 0;
      for (let i = 2; i < ITEMS + 2; i++) {
        const f = features.features[i - 2]!;
        let own = Math.abs(items.bias![i]! - rows.bias![f]!);
        for (let k = 0; k < dim; k++) own += Math.abs(items.data[i * dim + k]! - rows.data[f * dim + k]!);
        if (i >= FIRST_COLD) expect(own).toBe(0);
        else warmOwn += own;
      }
      // Warm items' own rows did train: the check above is not vacuous.
      expect(warmOwn).toBeGreaterThan(1);
    });

  it('WARP never draws an item without a training positive as a negative; BPR does (negativeTable)', async () => {
    const { columns } = planted();
    const dim = 8;
    const start = initImplicit(columns.numUsers, columns.numItems, dim, 5, false).model.items;
    const moved = async (loss: 'warp' | 'bpr'): Promise<number> => {
      const out = await trainOn(
        { model: 'implicit', loss, dim, epochs: 2, seed: 5, holdout: 0 },
        interactionData(columns),
      );
      const items = out.tables.find((t) => t.name === 'items')!.data;
      let d = 0;
      for (let n = FIRST_COLD * dim; n < columns.numItems * dim; n++) d += Math.abs(items[n]! - start[n]!);
      return d;
    };
    expect(await moved('warp')).toBe(0);
    expect(await moved('bpr')).toBeGreaterThan(0.1);
  });
});

// Cold items recommended from their features: on planted data where a user likes one genre and an item has one,
// items held out of training entirely are ranked by their genre's row alone. The `cold:` metrics must see those
// held-out positives even though their items were never trained (they are left out of the plain metrics).
import { describe, expect, it } from 'vitest';
import type { InteractionColumns } from '../store/datasets';
import { createRng } from '../random';
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
});

// A validation split carved from train when the data brings none: seeded, disjoint, per user, and reported.
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import type { InteractionColumns } from '../store/datasets';
import { minRowsFor, withCarvedValidation } from './carve';
import { rowsOfSplit } from './loop';
import { interactionData, trainOn } from './testTraining';

/** Ratings of a rank-2 model; user u rates 3 + (u mod 40) items (so some users have too few to give any). */
function ratings(withValid: boolean): InteractionColumns {
  const rng = createRng(5);
  const users: number[] = [];
  const items: number[] = [];
  const values: number[] = [];
  const splits: number[] = [];
  const itemFactor = Array.from({ length: 62 }, () => [gaussian(rng), gaussian(rng)]);
  for (let u = 2; u < 202; u++) {
    const f = [gaussian(rng), gaussian(rng)];
    const seen = new Set<number>();
    while (seen.size < 3 + (u % 40)) seen.add(2 + Math.floor(rng() * 60));
    for (const i of seen) {
      const r = 3 + 0.6 * (f[0]! * itemFactor[i]![0]! + f[1]! * itemFactor[i]![1]!) + 0.3 * gaussian(rng);
      users.push(u);
      items.push(i);
      values.push(Math.min(5, Math.max(1, r)));
      const x = rng();
      splits.push(x < 0.2 ? 2 : withValid && x < 0.3 ? 1 : 0);
    }
  }
  return {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: Float32Array.from(values),
    splits: Uint8Array.from(splits),
    numUsers: 202,
    numItems: 62,
  };
}

describe('carving a validation split from train', () => {
  const data = ratings(false);
  const rows = rowsOfSplit(data.splits);

  it('moves floor(share · n) of the training rows of each user with enough of them, none of the others', () => {
    const { rows: out, carved } = withCarvedValidation(rows, data.users, 0.1, 42);
    expect(minRowsFor(0.1)).toBe(10);
    const count = (r: Int32Array, u: number): number => r.filter((x) => data.users[x] === u).length;
    let users = 0;
    for (let u = 2; u < 202; u++) {
      const n = count(rows.train, u);
      expect(count(out.valid, u), `user ${u} of ${n} rows`).toBe(n >= 10 ? Math.floor(0.1 * n) : 0);
      if (n >= 10) users++;
    }
    expect(carved).toMatchObject({ rows: out.valid.length, users, share: 0.1, seed: 42, minRows: 10 });
    expect(carved!.reason).toMatch(/no validation rows: 10% of the training rows of each user with at least 10/);
    expect(out.test).toBe(rows.test);
  });

  it('is disjoint from what stays in train, and together they are the training rows', () => {
    const { rows: out } = withCarvedValidation(rows, data.users, 0.2, 7);
    const train = new Set(out.train);
    expect(out.valid.some((r) => train.has(r))).toBe(false);
    expect([...out.train, ...out.valid].sort((a, b) => a - b)).toEqual([...rows.train]);
  });

  it('is seeded: the same seed carves the same rows, another seed others', () => {
    const a = withCarvedValidation(rows, data.users, 0.1, 42).rows.valid;
    expect(withCarvedValidation(rows, data.users, 0.1, 42).rows.valid).toEqual(a);
    expect(withCarvedValidation(rows, data.users, 0.1, 43).rows.valid).not.toEqual(a);
  });

  it('leaves the splits alone when the data has validation rows, or the share is 0', () => {
    const valid = ratings(true);
    const withValid = rowsOfSplit(valid.splits);
    expect(withCarvedValidation(withValid, valid.users, 0.1, 1)).toEqual({ rows: withValid, carved: null });
    expect(withCarvedValidation(rows, data.users, 0, 1)).toEqual({ rows, carved: null });
  });

  it('lets an mf run keep its best epoch by the carved rows, and says so in the result', async () => {
    const req = { model: 'mf', dim: 4, epochs: 25, lr: 0.05, reg: 0.01, holdout: 0.1, seed: 3 } as const;
    const carved = await trainOn(req, interactionData(data));
    expect(carved.outcome.carvedValidation).toMatchObject({ share: 0.1, seed: 3, minRows: 10 });
    expect(carved.outcome.carvedValidation!.rows).toBeGreaterThan(0);
    // Valid RMSE per epoch exists and picked the best epoch, which need not be the last.
    const valid = carved.epochs.map((e) => e.valid.rmse!);
    expect(valid.every(Number.isFinite)).toBe(true);
    expect(carved.outcome.bestEpoch).toBe(valid.indexOf(Math.min(...valid)) + 1);
    const none = await trainOn({ ...req, holdout: 0 }, interactionData(data));
    expect(none.outcome.carvedValidation).toBeUndefined();
    expect(none.epochs.every((e) => e.valid.rmse === undefined || Number.isNaN(e.valid.rmse))).toBe(true);
    const given = await trainOn(req, interactionData(ratings(true)));
    expect(given.outcome.carvedValidation).toBeUndefined();
  });
});

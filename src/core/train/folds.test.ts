// k-fold assignment: the folds are disjoint, cover every train + valid row exactly once, leave test rows alone,
// are balanced (by row: sizes within one; by user: each user's rows spread over the folds), and are the same for
// the same seed. Applied to a split column, fold f becomes valid and the rest train.
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { applySplitOverrides, foldAssignment } from './folds';

/** 3,000 rows of 60 users with 10–90 rows each; splits 80/10/10. */
function data() {
  const rng = createRng(5);
  const users: number[] = [];
  const splits: number[] = [];
  for (let u = 2; u < 62; u++)
    for (let n = 0, count = 10 + Math.floor(rng() * 80); n < count; n++) {
      users.push(u);
      const x = rng();
      splits.push(x < 0.8 ? 0 : x < 0.9 ? 1 : 2);
    }
  return { users: Int32Array.from(users), splits: Uint8Array.from(splits) };
}

describe('k-fold assignment', () => {
  const { users, splits } = data();

  for (const by of ['row', 'user'] as const)
    it(`by ${by}: disjoint folds covering every train + valid row once, test rows in none`, () => {
      const k = 5;
      const fold = foldAssignment(splits, { k, by, seed: 42 }, users);
      const sizes = new Array<number>(k).fill(0);
      for (let n = 0; n < splits.length; n++) {
        if (splits[n] === 2) expect(fold[n]).toBe(-1);
        else {
          expect(fold[n]).toBeGreaterThanOrEqual(0);
          expect(fold[n]).toBeLessThan(k);
          sizes[fold[n]!]!++;
        }
      }
      const heldIn = splits.filter((s) => s !== 2).length;
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(heldIn);
      // Applied fold by fold, each row is valid in exactly one run: the valid sets are disjoint and cover.
      const timesValid = new Int32Array(splits.length);
      for (let f = 0; f < k; f++) {
        const s = Uint8Array.from(splits);
        applySplitOverrides(s, { folds: { k, fold: f, by, seed: 42 } }, users);
        for (let n = 0; n < s.length; n++) {
          if (s[n] === 1) timesValid[n]!++;
          if (splits[n] === 2) expect(s[n]).toBe(2);
        }
      }
      for (let n = 0; n < splits.length; n++) expect(timesValid[n]).toBe(splits[n] === 2 ? 0 : 1);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(by === 'row' ? 1 : heldIn * 0.05);
    });

  it('by user: every user with at least k rows has rows in every fold, about 1/k of them each', () => {
    const k = 4;
    const fold = foldAssignment(splits, { k, by: 'user', seed: 1 }, users);
    const perUser = new Map<number, number[]>();
    for (let n = 0; n < splits.length; n++) {
      if (fold[n]! < 0) continue;
      const counts = perUser.get(users[n]!) ?? new Array<number>(k).fill(0);
      counts[fold[n]!]!++;
      perUser.set(users[n]!, counts);
    }
    for (const counts of perUser.values()) {
      const total = counts.reduce((a, b) => a + b, 0);
      if (total < k) continue;
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same folds for the same seed, others for another', () => {
    const a = foldAssignment(splits, { k: 5, by: 'row', seed: 7 });
    expect(foldAssignment(splits, { k: 5, by: 'row', seed: 7 })).toEqual(a);
    expect(foldAssignment(splits, { k: 5, by: 'row', seed: 8 })).not.toEqual(a);
  });

  it('joins valid to train for a final fit, and refuses folds by user without users', () => {
    const s = Uint8Array.from([0, 1, 2, 1, 0]);
    expect(applySplitOverrides(s, { trainOnValid: true })).toBe(true);
    expect([...s]).toEqual([0, 0, 2, 0, 0]);
    expect(applySplitOverrides(s, {})).toBe(false);
    expect(() => applySplitOverrides(s, { folds: { k: 2, fold: 0, by: 'user', seed: 1 } })).toThrow(/by user need/);
    expect(() =>
      applySplitOverrides(Uint8Array.from([0, 2]), { folds: { k: 3, fold: 2, by: 'row', seed: 1 } }),
    ).toThrow(/fold 3 of 3 is empty/);
  });
});

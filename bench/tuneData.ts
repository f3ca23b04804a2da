// The data of bench/tune.ts, from ../shared/data/ml-latest-small/ratings.csv: fixed, seeded splits written as
// CSVs with a split column, so every side (ewb, PyTorch, the `implicit` library) trains and is judged on the
// same rows.
// - ratings: a random 80/20 of the rows (train/test), then 10 % of train carved out as valid (72/8/20);
// - implicit: the ratings ≥ 4 as positives, each user's split 80/20, then 10 % of each user's train as valid.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRng } from '../src/core/random';

export const ML = new URL('../../shared/data/ml-latest-small/ratings.csv', import.meta.url);

interface Row {
  user: string;
  item: string;
  rating: number;
}

function readRatings(path: URL): Row[] {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [user, item, rating] = l.split(',');
    return { user: user!, item: item!, rating: Number(rating) };
  });
}

function shuffled(n: number, rng: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

const write = (path: string, rows: Row[], split: string[]): void =>
  writeFileSync(
    path,
    'userId,movieId,rating,split\n' + rows.map((r, n) => `${r.user},${r.item},${r.rating},${split[n]}\n`).join(''),
  );

export interface SplitCounts {
  train: number;
  valid: number;
  test: number;
}

const counts = (split: string[]): SplitCounts => ({
  train: split.filter((s) => s === 'train').length,
  valid: split.filter((s) => s === 'valid').length,
  test: split.filter((s) => s === 'test').length,
});

/** The explicit ratings, 80/20 then valid carved from train; seed 2026. */
export function writeRatingsSplit(path: string): SplitCounts {
  const rows = readRatings(ML);
  const rng = createRng(2026);
  const split = new Array<string>(rows.length);
  shuffled(rows.length, rng).forEach((row, k) => (split[row] = k < 0.2 * rows.length ? 'test' : 'train'));
  const train = split.flatMap((s, n) => (s === 'train' ? [n] : []));
  shuffled(train.length, rng).forEach((t, k) => {
    if (k < 0.1 * train.length) split[train[t]!] = 'valid';
  });
  write(path, rows, split);
  return counts(split);
}

/** Ratings ≥ 4 as positives; per user 80/20, then 10 % of the user's train as valid; seed 2026. */
export function writeImplicitSplit(path: string): SplitCounts {
  const rows = readRatings(ML).filter((r) => r.rating >= 4);
  const rng = createRng(2026);
  const byUser = new Map<string, number[]>();
  rows.forEach((r, n) => {
    const list = byUser.get(r.user);
    if (list) list.push(n);
    else byUser.set(r.user, [n]);
  });
  const split = new Array<string>(rows.length);
  for (const list of byUser.values()) {
    const order = shuffled(list.length, rng).map((i) => list[i]!);
    const test = Math.round(0.2 * order.length);
    const valid = Math.round(0.1 * (order.length - test));
    order.forEach((n, k) => (split[n] = k < test ? 'test' : k < test + valid ? 'valid' : 'train'));
  }
  write(path, rows, split);
  return counts(split);
}

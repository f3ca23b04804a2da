// The data of bench/cf.ts, prepared once so that ewb and every reference tool see the same rows: MovieLens
// ratings with a seeded 80/20 split written into a `split` column (imported with `--split column`), and the
// implicit-feedback view of them (ratings ≥ 4, each user's positives split 80/20), plus the train and test files
// the Python references read.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../src/core/random';

interface Rating {
  user: string;
  item: string;
  rating: string;
}

export interface CfFiles {
  /** userId,movieId,rating,split: what ewb imports for mf. */
  explicit: string;
  explicitTrain: string;
  explicitTest: string;
  /** userId,movieId,split: ratings ≥ 4 only, what ewb imports for ials and implicit. */
  implicit: string;
  implicitTrain: string;
  counts: { ratings: number; positives: number; users: number };
}

function readRatings(path: string): Rating[] {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/); // GroupLens writes CRLF
  if (lines[0] !== 'userId,movieId,rating,timestamp') throw new Error(`${path}: not a MovieLens ratings.csv`);
  return lines.slice(1).map((line) => {
    const [user, item, rating] = line.split(',') as [string, string, string];
    return { user, item, rating };
  });
}

/** Fisher–Yates with the bench's own seeded generator (src/core/random), so the split is the same every run. */
function shuffled<T>(xs: T[], rng: () => number): T[] {
  const out = [...xs];
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

export function prepareCf(ratingsCsv: string, dir: string, seed = 2026): CfFiles {
  const ratings = readRatings(ratingsCsv);
  const rng = createRng(seed);
  // Explicit: an exact 80/20 split of the rows.
  const testRows = new Set(shuffled([...ratings.keys()], rng).slice(0, Math.round(0.2 * ratings.length)));
  const write = (name: string, header: string, rows: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
    return path;
  };
  const line = (r: Rating): string => `${r.user},${r.item},${r.rating}`;
  const split = (k: number): string => (testRows.has(k) ? 'test' : 'train');
  // Implicit: ratings ≥ 4, and round(20%) of each user's positives to test.
  const byUser = new Map<string, Rating[]>();
  for (const r of ratings)
    if (Number(r.rating) >= 4) (byUser.get(r.user) ?? byUser.set(r.user, []).get(r.user)!).push(r);
  const positives: { r: Rating; test: boolean }[] = [];
  for (const rows of byUser.values()) {
    const order = shuffled(rows, rng);
    const cut = Math.round(0.2 * rows.length);
    order.forEach((r, n) => positives.push({ r, test: n < cut }));
  }
  const pair = (r: Rating): string => `${r.user},${r.item}`;
  return {
    explicit: write(
      'ratings.csv',
      'userId,movieId,rating,split',
      ratings.map((r, k) => `${line(r)},${split(k)}`),
    ),
    explicitTrain: write(
      'ratings-train.csv',
      'userId,movieId,rating',
      ratings.filter((_, k) => !testRows.has(k)).map(line),
    ),
    explicitTest: write(
      'ratings-test.csv',
      'userId,movieId,rating',
      ratings.filter((_, k) => testRows.has(k)).map(line),
    ),
    implicit: write(
      'positives.csv',
      'userId,movieId,split',
      positives.map((p) => `${pair(p.r)},${p.test ? 'test' : 'train'}`),
    ),
    implicitTrain: write(
      'positives-train.csv',
      'userId,movieId',
      positives.filter((p) => !p.test).map((p) => pair(p.r)),
    ),
    counts: { ratings: ratings.length, positives: positives.length, users: byUser.size },
  };
}

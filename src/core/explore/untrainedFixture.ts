// Test fixture: planted ratings with a split column, where some rows are never trained — an item and a user
// seen only in the test split — and an item with two training ratings; titles and genres to resolve and filter.
import { writeFileSync } from 'node:fs';
import { createRng, gaussian } from '../random';

export interface ColdRow {
  user: string;
  item: string;
  rating: number;
  split: 'train' | 'test';
}

/** Titles of a few items, for resolving titles: the rest are "Alpha 7 (2001)", "Beta 3 (2001)" … */
export const TITLES: Record<string, string> = {
  a1: 'Toy Story (1995)',
  a2: 'Toy Story 2 (1999)',
  a3: 'Lion King, The (1994)',
  b1: 'Hamlet (1996)',
  b2: 'Hamlet (2000)',
  c0: 'Cold Case (2001)',
  r0: 'Rare Bird (1999)',
};

const titleOf = (item: string): string =>
  TITLES[item] ?? `${item[0] === 'a' ? 'Alpha' : 'Beta'} ${item.slice(1)} (2001)`;
const genresOf = (item: string): string => (item[0] === 'a' ? 'Comedy|Children' : item[0] === 'b' ? 'Horror' : 'Drama');

/**
 * 80 users in two groups (u0–u39 love a*, dislike b*; the others the reverse), 15 items per group, each pair
 * seen with probability 0.6 and put in test with probability 0.2; item `c0` and user `ucold` only in test;
 * item `r0` rated twice in train. Returns the rows written.
 */
export function writeColdRatings(path: string, seed = 3): ColdRow[] {
  const rng = createRng(seed);
  const rows: ColdRow[] = [];
  for (let u = 0; u < 80; u++) {
    const group = u < 40 ? 'a' : 'b';
    for (const cluster of ['a', 'b']) {
      for (let i = 0; i < 15; i++) {
        if (rng() > 0.6) continue;
        const mean = cluster === group ? 4.3 : 1.8;
        const rating = Math.min(5, Math.max(1, Math.round(mean + gaussian(rng) * 0.5)));
        rows.push({ user: `u${u}`, item: `${cluster}${i}`, rating, split: rng() < 0.2 ? 'test' : 'train' });
      }
    }
  }
  for (const u of [0, 1, 50]) rows.push({ user: `u${u}`, item: 'c0', rating: 4, split: 'test' });
  for (const item of ['a5', 'b5', 'a6']) rows.push({ user: 'ucold', item, rating: 3, split: 'test' });
  for (const u of [2, 3]) rows.push({ user: `u${u}`, item: 'r0', rating: 5, split: 'train' });
  const lines = ['user,item,rating,split,title,genres'];
  for (const r of rows)
    lines.push(`${r.user},${r.item},${r.rating},${r.split},"${titleOf(r.item)}",${genresOf(r.item)}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return rows;
}

/** Training ratings per key of a role. */
export function trainingCounts(rows: readonly ColdRow[], role: 'user' | 'item'): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) if (r.split === 'train') out.set(r[role], (out.get(r[role]) ?? 0) + 1);
  return out;
}

// Test fixture: planted implicit feedback (or ratings) where users like one genre, with items no one has in
// training — cold items of each genre (only in the test split), an item with no genre, and one whose genre no
// trained item has — and a split column, so that which rows train is stated by the file (docs/features.md).
import { writeFileSync } from 'node:fs';
import { createRng } from '../random';

export const GENRES = ['Action', 'Comedy', 'Drama'] as const;
const WARM_PER_GENRE = 12;
const COLD_PER_GENRE = 3;
/** Only in test, no genre: no interactions and no features, so no vector at all. */
export const NO_FEATURES = 'nofeat';
/** Only in test, of a genre no other item has: its one feature never trained. */
export const LONELY = 'lonely';

/** Only in test: no interactions, but a country (writeUserCountries). */
export const NEW_USER = 'unew';

export interface PlantedRow {
  user: string;
  item: string;
  split: 'train' | 'test';
  /** writeColdRatings: about 4.5 for the user's genre, 1.5 for the others. */
  rating?: number;
}

/** `a0`… warm items of genre 0, `xa0`… its cold items; users `u0`… like the genre of their number mod 3. */
export const genreOf = (item: string): string | null =>
  item === NO_FEATURES ? null : item === LONELY ? 'Lonely' : GENRES['acd'.indexOf(item.replace(/^x/, '')[0]!)]!;
export const isCold = (item: string): boolean => item.startsWith('x') || item === NO_FEATURES || item === LONELY;
export const userGenre = (user: string): string => GENRES[Number(user.slice(1)) % GENRES.length]!;

/** Writes user,item,split,title,genres for 90 users; returns the rows. */
export function writeColdItems(path: string, seed = 5): PlantedRow[] {
  const rng = createRng(seed);
  const rows: PlantedRow[] = [];
  for (let u = 0; u < 90; u++)
    GENRES.forEach((g, gi) => {
      const letter = 'acd'[gi]!;
      const mine = u % GENRES.length === gi;
      for (let i = 0; i < WARM_PER_GENRE; i++)
        if (rng() < (mine ? 0.6 : 0.03))
          rows.push({ user: `u${u}`, item: `${letter}${i}`, split: rng() < 0.8 ? 'train' : 'test' });
      for (let i = 0; i < COLD_PER_GENRE; i++)
        if (mine && rng() < 0.5) rows.push({ user: `u${u}`, item: `x${letter}${i}`, split: 'test' });
    });
  for (const u of [0, 1, 2])
    rows.push({ user: `u${u}`, item: NO_FEATURES, split: 'test' }, { user: `u${u}`, item: LONELY, split: 'test' });
  // A user with no training positive (two test rows), whose country says Drama (writeUserCountries).
  rows.push({ user: NEW_USER, item: 'd0', split: 'test' }, { user: NEW_USER, item: 'd1', split: 'test' });
  const lines = ['user,item,split,title,genres'];
  for (const r of rows) lines.push(`${r.user},${r.item},${r.split},Film ${r.item} (2020),${genreOf(r.item) ?? ''}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return rows;
}

/**
 * Writes user,item,rating,split,title,genres for 60 users who rate every genre, theirs high: warm items in train
 * and test, cold ones (and the two without a vector) only in test, as is every row of NEW_USER (a Drama fan).
 */
export function writeColdRatings(path: string, seed = 5): PlantedRow[] {
  const rng = createRng(seed);
  const rows: PlantedRow[] = [];
  const rate = (user: string, item: string, split: 'train' | 'test'): void => {
    const liked = genreOf(item) === (user === NEW_USER ? 'Drama' : userGenre(user));
    rows.push({ user, item, split, rating: Math.round(((liked ? 4.5 : 1.5) + rng() - 0.5) * 2) / 2 });
  };
  const users = [...Array.from({ length: 60 }, (_, u) => `u${u}`), NEW_USER];
  for (const user of users)
    for (const letter of 'acd') {
      for (let i = 0; i < WARM_PER_GENRE; i++)
        if (rng() < 0.5) rate(user, `${letter}${i}`, user !== NEW_USER && rng() < 0.8 ? 'train' : 'test');
      for (let i = 0; i < COLD_PER_GENRE; i++) if (rng() < 0.5) rate(user, `x${letter}${i}`, 'test');
    }
  for (const user of ['u0', 'u1', 'u2']) {
    rate(user, NO_FEATURES, 'test');
    rate(user, LONELY, 'test');
  }
  const lines = ['user,item,rating,split,title,genres'];
  for (const r of rows)
    lines.push(`${r.user},${r.item},${r.rating},${r.split},Film ${r.item} (2020),${genreOf(r.item) ?? ''}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return rows;
}

/** An mf run with both sides' features that learns writeColdRatings' tastes in about a second. */
export const COLD_RATINGS_RUN = {
  model: 'mf',
  features: 'both',
  dim: 8,
  epochs: 30,
  lr: 0.02,
  seed: 1,
  threads: 1,
  holdout: 0,
} as const;

/** Training rows on items of each genre: the support of a cold item of that genre (its one feature's). */
export function trainingByGenre(rows: readonly PlantedRow[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const g = genreOf(r.item);
    if (r.split === 'train' && g) out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** The users' country, one per genre liked (fr Action, de Comedy, it Drama): user features, user,country. */
export const COUNTRIES = ['fr', 'de', 'it'] as const;
export function writeUserCountries(path: string, rows: readonly PlantedRow[]): void {
  const users = [...new Set(rows.map((r) => r.user))];
  const country = (u: string): string => (u === NEW_USER ? 'it' : COUNTRIES[Number(u.slice(1)) % GENRES.length]!);
  writeFileSync(path, ['user,country', ...users.map((u) => `${u},${country(u)}`)].join('\n') + '\n');
}

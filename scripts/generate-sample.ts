// Generates resources/sample/ratings.csv: a small MovieLens-shaped ratings file with planted structure.
// Items belong to one of 8 genres; users like two genres. A rating is a noisy low-rank signal:
// r = 3.4 + b_u + b_i + 1.4 · (taste_u · genre_i) + N(0, 0.6²), rounded and clamped to 1..5.
// A factorisation should beat the global mean clearly, and items' nearest neighbours share their genre.
// Run: node --import tsx scripts/generate-sample.ts [out.csv]
import { writeFileSync } from 'node:fs';
import { createRng, gaussian } from '../src/core/random';

const GENRES = ['Action', 'Comedy', 'Drama', 'Horror', 'Romance', 'Sci-Fi', 'Documentary', 'Animation'];
const WORDS: Record<string, [string[], string[]]> = {
  Action: [
    ['Iron', 'Steel', 'Rapid', 'Final', 'Hidden'],
    ['Strike', 'Protocol', 'Pursuit', 'Fury', 'Vendetta'],
  ],
  Comedy: [
    ['Happy', 'Silly', 'Lucky', 'Crazy', 'Little'],
    ['Wedding', 'Vacation', 'Neighbours', 'Roommates', 'Weekend'],
  ],
  Drama: [
    ['Quiet', 'Broken', 'Distant', 'Long', 'Winter'],
    ['Years', 'Letters', 'Harbour', 'Promise', 'Field'],
  ],
  Horror: [
    ['Dark', 'Hollow', 'Silent', 'Crimson', 'Cursed'],
    ['House', 'Woods', 'Cellar', 'Visitor', 'Night'],
  ],
  Romance: [
    ['Summer', 'Paris', 'Second', 'Sweet', 'Secret'],
    ['Kiss', 'Affair', 'Hearts', 'Serenade', 'Vows'],
  ],
  'Sci-Fi': [
    ['Quantum', 'Orbital', 'Stellar', 'Android', 'Neon'],
    ['Horizon', 'Colony', 'Signal', 'Drift', 'Paradox'],
  ],
  Documentary: [
    ['Wild', 'True', 'Inside', 'Deep', 'Frozen'],
    ['Planet', 'Story', 'Ocean', 'Machines', 'Markets'],
  ],
  Animation: [
    ['Brave', 'Tiny', 'Magic', 'Flying', 'Clever'],
    ['Dragon', 'Robot', 'Kingdom', 'Fox', 'Balloon'],
  ],
};
const ITEMS_PER_GENRE = 25;
const USERS = 400;
const RATINGS_PER_USER = [20, 60] as const;

const rng = createRng(2026);
const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

interface Item {
  id: number;
  title: string;
  genres: string[];
  genre: number;
  bias: number;
}
const items: Item[] = [];
GENRES.forEach((genre, g) => {
  const [adjectives, nouns] = WORDS[genre]!;
  for (let n = 0; n < ITEMS_PER_GENRE; n++) {
    const adjective = adjectives[n % adjectives.length]!;
    const noun = nouns[Math.floor(n / adjectives.length) % nouns.length]!;
    const year = 1970 + Math.floor(rng() * 54);
    // Some titles in MovieLens' "Name, The (year)" form, so the file has quoted fields with commas.
    const title = n % 7 === 3 ? `${adjective} ${noun}, The (${year})` : `${adjective} ${noun} (${year})`;
    const second = rng() < 0.25 ? GENRES[(g + 1 + Math.floor(rng() * 7)) % GENRES.length]! : null;
    items.push({
      id: 100 + items.length * 3,
      title,
      genres: second ? [genre, second] : [genre],
      genre: g,
      bias: gaussian(rng) * 0.35,
    });
  }
});

const lines = ['userId,movieId,rating,timestamp,title,genres'];
let ts = 1_600_000_000;
for (let u = 1; u <= USERS; u++) {
  const liked = [Math.floor(rng() * GENRES.length), Math.floor(rng() * GENRES.length)];
  const taste = GENRES.map((_, g) => (liked.includes(g) ? 1 : -0.5));
  const userBias = gaussian(rng) * 0.3;
  const count = RATINGS_PER_USER[0] + Math.floor(rng() * (RATINGS_PER_USER[1] - RATINGS_PER_USER[0]));
  const seen = new Set<number>();
  while (seen.size < count) {
    // Users mostly watch what they like, as in real logs, but not only.
    const fromLiked = rng() < 0.6;
    const pool = fromLiked ? items.filter((it) => liked.includes(it.genre)) : items;
    const item = pool[Math.floor(rng() * pool.length)]!;
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    const signal = 3.4 + userBias + item.bias + 1.4 * taste[item.genre]! + gaussian(rng) * 0.6;
    const rating = Math.min(5, Math.max(1, Math.round(signal)));
    ts += 1 + Math.floor(rng() * 600);
    lines.push([u, item.id, rating, ts, csvField(item.title), item.genres.join('|')].join(','));
  }
}
const out = process.argv[2] ?? new URL('../resources/sample/ratings.csv', import.meta.url).pathname;
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length - 1} ratings of ${USERS} users on ${items.length} items to ${out}`);

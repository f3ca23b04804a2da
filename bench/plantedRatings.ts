// Synthetic ratings for benchmarks: a planted rank-8 model with a popularity skew (as in real catalogues), split
// 80/10/10 at random, generated straight into columns (shared, for worker threads, when asked).
import { createRng } from '../src/core/random';
import type { InteractionColumns } from '../src/core/store/datasets';

export interface PlantedRatings {
  ratings: number;
  users: number;
  items: number;
  seed: number;
  /** SharedArrayBuffer columns, which Hogwild worker threads read without a copy. */
  shared?: boolean;
  /** 1: whole stars 1–5 (MovieLens 1M); 0.5: half stars 0.5–5 (MovieLens 20M). */
  step?: 1 | 0.5;
}

export function plantedRatings(o: PlantedRatings): InteractionColumns {
  const { ratings: n, users: USERS, items: ITEMS } = o;
  const step = o.step ?? 1;
  const rng = createRng(o.seed);
  const alloc = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
    o.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const data: InteractionColumns = {
    users: new Int32Array(alloc(n * 4)),
    items: new Int32Array(alloc(n * 4)),
    ratings: new Float32Array(alloc(n * 4)),
    splits: new Uint8Array(alloc(n)),
    numUsers: USERS + 2,
    numItems: ITEMS + 2,
  };
  const U = Float32Array.from({ length: (USERS + 2) * 8 }, () => rng() - 0.5);
  const V = Float32Array.from({ length: (ITEMS + 2) * 8 }, () => rng() - 0.5);
  for (let x = 0; x < n; x++) {
    const u = 2 + Math.floor(rng() * USERS);
    const i = 2 + Math.floor(rng() ** 2 * ITEMS);
    let dot = 0;
    for (let k = 0; k < 8; k++) dot += U[u * 8 + k]! * V[i * 8 + k]!;
    data.users[x] = u;
    data.items[x] = i;
    data.ratings[x] = Math.min(5, Math.max(step, Math.round((3.5 + 4 * dot + (rng() - 0.5)) / step) * step));
    const s = rng();
    data.splits[x] = s < 0.8 ? 0 : s < 0.9 ? 1 : 2;
  }
  return data;
}

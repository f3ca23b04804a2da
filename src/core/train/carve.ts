// A validation split carved from the training rows for a run whose dataset brought none, so that the best epoch
// and patience have a score that is not the test split's. Per user (every user keeps most of their rows, and the
// held-out rows follow the users' activity like the test split of a per-user split), seeded, the dataset unchanged.
import type { CarvedValidation, SplitName } from '../../shared';
import { createRng } from '../random';
import { hashSeed } from './sampling';

export type SplitRows = Record<SplitName, Int32Array>;

/** Users with fewer training rows than this keep them all: floor(share · n) would be 0 for them anyway. */
export const minRowsFor = (share: number): number => Math.max(2, Math.ceil(1 / share - 1e-9));

/**
 * `rows` with floor(share · n) of the n training rows of each user moved to valid (rows in ascending order), when
 * valid is empty and share > 0; otherwise `rows` as they are and `carved` null.
 */
export function withCarvedValidation(
  rows: SplitRows,
  users: Int32Array,
  share: number,
  seed: number,
): { rows: SplitRows; carved: CarvedValidation | null } {
  if (share <= 0 || rows.valid.length > 0) return { rows, carved: null };
  const train = rows.train;
  // Training rows grouped by user (counting sort keeps each user's rows in ascending order).
  let numUsers = 0;
  for (const r of train) numUsers = Math.max(numUsers, users[r]! + 1);
  const start = new Int32Array(numUsers + 1);
  for (const r of train) start[users[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, numUsers);
  const byUser = new Int32Array(train.length);
  for (const r of train) byUser[fill[users[r]!]!++] = r;

  const minRows = minRowsFor(share);
  const rng = createRng(hashSeed(seed, 0xca4e));
  const held = new Set<number>();
  let heldUsers = 0;
  for (let u = 0; u < numUsers; u++) {
    const n = start[u + 1]! - start[u]!;
    if (n < minRows) continue;
    const take = Math.floor(share * n);
    // A partial Fisher–Yates shuffle of the user's rows: the first `take` are held out.
    const mine = byUser.subarray(start[u]!, start[u + 1]!);
    for (let k = 0; k < take; k++) {
      const j = k + Math.floor(rng() * (n - k));
      const t = mine[k]!;
      mine[k] = mine[j]!;
      mine[j] = t;
      held.add(mine[k]!);
    }
    heldUsers++;
  }
  if (held.size === 0) return { rows, carved: null };
  const valid = Int32Array.from(held).sort();
  const kept = train.filter((r) => !held.has(r));
  return {
    rows: { train: kept, valid, test: rows.test },
    carved: {
      rows: valid.length,
      users: heldUsers,
      share,
      seed,
      minRows,
      reason:
        `the dataset has no validation rows: ${+(share * 100).toFixed(2)}% of the training rows of each user ` +
        `with at least ${minRows} were held out to choose the best epoch (and for patience)`,
    },
  };
}

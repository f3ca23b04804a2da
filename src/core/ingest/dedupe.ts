// Repeated (user, item) pairs: kept as they are, the latest one kept, or one row with the mean values.
import type { DuplicatePolicy } from '../../shared';
import { groupBy } from './grouping';

export interface DedupeResult {
  /** 1 for rows that stay. */
  keep: Uint8Array;
  /** Distinct pairs seen more than once, and the rows they span. */
  pairs: number;
  rows: number;
  removed: number;
}

/**
 * `last` keeps the latest row of a pair (by time, then file order); `average` keeps that row with the mean
 * rating and weight of the pair (written into `ratings`/`weights`).
 */
export function dedupe(
  users: Int32Array,
  numUsers: number,
  items: Int32Array,
  numItems: number,
  times: Float64Array | null,
  ratings: Float32Array | null,
  weights: Float32Array | null,
  policy: DuplicatePolicy,
): DedupeResult {
  const n = users.length;
  const keep = new Uint8Array(n).fill(1);
  const { order, starts } = groupBy(users, numUsers, times);
  const last = new Int32Array(numItems).fill(-1); // latest row of each item in the current user
  const seen = new Int32Array(numItems); // rows of each item in the current user
  const sumR = new Float64Array(numItems);
  const sumW = new Float64Array(numItems);
  let pairs = 0;
  let rows = 0;
  let removed = 0;
  for (let g = 0; g < numUsers; g++) {
    const from = starts[g]!;
    const to = starts[g + 1]!;
    for (let k = from; k < to; k++) {
      const r = order[k]!;
      const i = items[r]!;
      if (seen[i]! > 0 && policy !== 'keep') {
        keep[last[i]!] = 0;
        removed++;
      }
      seen[i]!++;
      last[i] = r;
      sumR[i]! += ratings ? ratings[r]! : 0;
      sumW[i]! += weights ? weights[r]! : 0;
    }
    for (let k = from; k < to; k++) {
      const i = items[order[k]!]!;
      const c = seen[i]!;
      if (c === 0) continue; // already reset (pair handled)
      if (c > 1) {
        pairs++;
        rows += c;
        if (policy === 'average') {
          if (ratings) ratings[last[i]!] = sumR[i]! / c;
          if (weights) weights[last[i]!] = sumW[i]! / c;
        }
      }
      seen[i] = 0;
      last[i] = -1;
      sumR[i] = 0;
      sumW[i] = 0;
    }
  }
  return { keep, pairs, rows, removed };
}

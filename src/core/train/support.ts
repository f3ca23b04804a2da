// The training support of each table row (TableTransfer.counts): how many training examples touched it. A row
// with support 0 was never trained: its vector is its random start, and Explore, metrics and exports treat it
// so (docs/neighbours.md, "Rows never trained").
import type { FeatureCsr } from '../ingest/features';

const MAX_COUNT = 2 ** 31 - 1;

/** How often each id in [0, rows) occurs in `ids` — at the positions `at` only, when given. */
export function countIds(ids: Int32Array, rows: number, at?: Int32Array): Int32Array {
  const counts = new Int32Array(rows);
  const bump = (id: number): void => {
    if (id >= 0 && id < rows && counts[id]! < MAX_COUNT) counts[id]!++;
  };
  if (at) for (let n = 0; n < at.length; n++) bump(ids[at[n]!]!);
  else for (let n = 0; n < ids.length; n++) bump(ids[n]!);
  return counts;
}

/** Counts kept as doubles (word2vec's sampling tables) as the int32 column a table stores. */
export function supportOf(counts: Float64Array): Int32Array {
  return Int32Array.from(counts, (c) => Math.min(MAX_COUNT, Math.max(0, Math.round(c))));
}

/** Per user and per item, the training interactions of CSR rows (users' items): the row lengths and item counts. */
export function csrSupport(
  csr: { indptr: Int32Array; items: Int32Array },
  numUsers: number,
  numItems: number,
): { users: Int32Array; items: Int32Array } {
  const users = new Int32Array(numUsers);
  for (let u = 0; u < numUsers && u + 1 < csr.indptr.length; u++) users[u] = csr.indptr[u + 1]! - csr.indptr[u]!;
  return { users, items: countIds(csr.items, numItems) };
}

/**
 * Per feature (rows of `item_features` / `user_features`), the training interactions of the entities carrying it:
 * what its row learnt from. Entities' `counts` are their training interactions; `size` the feature table's rows.
 */
export function featureSupport(counts: Int32Array, f: FeatureCsr, size: number): Int32Array {
  const out = new Int32Array(size);
  const rows = Math.min(counts.length, f.indptr.length - 1);
  for (let e = 0; e < rows; e++)
    for (let n = f.indptr[e]!; n < f.indptr[e + 1]!; n++) {
      const k = f.features[n]!;
      out[k] = Math.min(MAX_COUNT, out[k]! + counts[e]!);
    }
  return out;
}

/**
 * The support of a side with features (docs/features.md): an entity with training interactions keeps their
 * count; one without — a cold item, a user with no history — is its features alone (featureSum.ts), so it counts
 * the training interactions behind them: the mean over its features, weighted as its vector weights them, of each
 * feature's (featureSupport), rounded up. 0 when no feature of it was trained: its vector is then 0, and it stays
 * hidden like any row never trained.
 */
export function withFeatureSupport(counts: Int32Array, f: FeatureCsr | null, size: number): Int32Array {
  if (!f) return counts;
  const byFeature = featureSupport(counts, f, size);
  const out = Int32Array.from(counts);
  for (let e = 0; e < Math.min(counts.length, f.indptr.length - 1); e++) {
    if (counts[e]! > 0) continue;
    let s = 0;
    for (let n = f.indptr[e]!; n < f.indptr[e + 1]!; n++) s += f.weights[n]! * byFeature[f.features[n]!]!;
    // float32 weights may sum to a hair over 1: 5.0000003 is 5 interactions, not 6.
    out[e] = Math.min(MAX_COUNT, Math.ceil(s * (1 - 1e-6)));
  }
  return out;
}

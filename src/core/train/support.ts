// The training support of each table row (TableTransfer.counts): how many training examples touched it. A row
// with support 0 was never trained: its vector is its random start, and Explore, metrics and exports treat it
// so (docs/neighbours.md, "Rows never trained").

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

// Sparse user × item matrices as CSR with a value per entry, from the rows of a dataset, for the least-squares
// solvers: by user for the user half of an ALS iteration, and the transpose by item for the item half.

/** Row r's entries are index[indptr[r] .. indptr[r + 1]) with value[…] (a rating, or a weight). */
export interface Csr {
  rows: number;
  indptr: Int32Array;
  index: Int32Array;
  value: Float32Array;
}

const ints = (n: number, shared: boolean): Int32Array =>
  new Int32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
const floats = (n: number, shared: boolean): Float32Array =>
  new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));

/**
 * The dataset rows `picked` as CSR over `rowOf` (users, or items for the transpose) with columns `colOf` and
 * values `valueOf` (1 where absent); in shared memory for worker threads. Within a row, entries keep the order of
 * `picked` (a counting sort).
 */
export function csrOf(
  picked: Int32Array,
  rowOf: Int32Array,
  colOf: Int32Array,
  valueOf: Float32Array | undefined,
  rows: number,
  shared: boolean,
): Csr {
  const indptr = ints(rows + 1, shared);
  for (const r of picked) indptr[rowOf[r]! + 1]!++;
  for (let u = 0; u < rows; u++) indptr[u + 1]! += indptr[u]!;
  const fill = indptr.slice(0, rows);
  const index = ints(picked.length, shared);
  const value = floats(picked.length, shared);
  for (const r of picked) {
    const at = fill[rowOf[r]!]!++;
    index[at] = colOf[r]!;
    value[at] = valueOf ? valueOf[r]! : 1;
  }
  return { rows, indptr, index, value };
}

/**
 * The same matrix with each row's entries sorted by column and repeated (row, column) pairs merged into one whose
 * value is their sum: two purchases of an item are one interaction of twice the weight (as scipy's CSR sums
 * duplicates, which is what `implicit` trains on). Merged entries whose sum is not positive are dropped (a
 * return that cancels a purchase leaves no interaction).
 */
export function mergeDuplicates(m: Csr, shared: boolean): Csr {
  const indptr = ints(m.rows + 1, shared);
  const index: number[] = [];
  const value: number[] = [];
  for (let u = 0; u < m.rows; u++) {
    const from = m.indptr[u]!;
    const order = Array.from({ length: m.indptr[u + 1]! - from }, (_, k) => from + k);
    order.sort((a, b) => m.index[a]! - m.index[b]!);
    for (let k = 0; k < order.length;) {
      const column = m.index[order[k]!]!;
      let sum = 0;
      for (; k < order.length && m.index[order[k]!] === column; k++) sum += m.value[order[k]!]!;
      if (sum > 0) {
        index.push(column);
        value.push(sum);
      }
    }
    indptr[u + 1] = index.length;
  }
  const outIndex = ints(index.length, shared);
  outIndex.set(index);
  const outValue = floats(value.length, shared);
  outValue.set(value);
  return { rows: m.rows, indptr, index: outIndex, value: outValue };
}

/** The transpose: `columns` rows, each listing the rows that have an entry in that column, in row order. */
export function transpose(m: Csr, columns: number, shared: boolean): Csr {
  const rowOf = new Int32Array(m.index.length);
  for (let u = 0; u < m.rows; u++) rowOf.fill(u, m.indptr[u]!, m.indptr[u + 1]!);
  const all = Int32Array.from({ length: m.index.length }, (_, k) => k);
  return csrOf(all, m.index, rowOf, m.value, columns, shared);
}

/**
 * Row ranges [start, end) of about equal cost `rowCost(n)` for a row of n entries, `parts` of them at most: the
 * chunks of a half-iteration, balanced although a popular item has thousands of entries and most have a few.
 */
export function balancedRanges(m: Csr, parts: number, rowCost: (n: number) => number): [number, number][] {
  let total = 0;
  for (let u = 0; u < m.rows; u++) total += rowCost(m.indptr[u + 1]! - m.indptr[u]!);
  const target = total / Math.max(1, parts);
  const out: [number, number][] = [];
  let start = 0;
  let acc = 0;
  for (let u = 0; u < m.rows; u++) {
    acc += rowCost(m.indptr[u + 1]! - m.indptr[u]!);
    if (acc >= target && u + 1 < m.rows) {
      out.push([start, u + 1]);
      start = u + 1;
      acc = 0;
    }
  }
  if (start < m.rows) out.push([start, m.rows]);
  return out;
}

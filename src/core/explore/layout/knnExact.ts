// The exact k-nearest-neighbour kernel for small tables (knn.ts decides): every pair's squared distance as
// ‖a‖² + ‖b‖² − 2a·b, the k smallest kept in a bounded max-heap (ties: the lower row), nearest first.
import { KNN_CHUNK, type KnnParams, type KnnState } from './knn';

/** Kernel: the exact k nearest rows of each row of a chunk (‖a‖² + ‖b‖² − 2a·b, a bounded max-heap). */
export function knnExactChunk(s: KnnState, p: KnnParams, chunk: number): void {
  const { n, dim, k } = p;
  const { data, norms } = s;
  const heapD = new Float64Array(k);
  const heapI = new Int32Array(k);
  const lo = (p.first + chunk) * KNN_CHUNK;
  const hi = Math.min(n, lo + KNN_CHUNK);
  for (let i = lo; i < hi; i++) {
    let size = 0;
    const oi = i * dim;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const oj = j * dim;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += data[oi + d]! * data[oj + d]!;
      const d2 = Math.max(0, norms![i]! + norms![j]! - 2 * dot);
      if (size < k) {
        heapPush(heapD, heapI, size++, d2, j);
      } else if (d2 < heapD[0]! || (d2 === heapD[0]! && j < heapI[0]!)) {
        heapReplaceTop(heapD, heapI, k, d2, j);
      }
    }
    // Pop the max-heap from the back: nearest first.
    for (let t = size - 1; t >= 0; t--) {
      s.knnIdx[i * k + t] = heapI[0]!;
      s.knnDist[i * k + t] = Math.sqrt(heapD[0]!);
      heapReplaceTop(heapD, heapI, t + 1, heapD[t]!, heapI[t]!, true);
    }
  }
}

const above = (d: Float64Array, r: Int32Array, a: number, b: number): boolean =>
  d[a]! > d[b]! || (d[a]! === d[b]! && r[a]! > r[b]!);

function heapPush(d: Float64Array, r: Int32Array, at: number, value: number, row: number): void {
  d[at] = value;
  r[at] = row;
  let c = at;
  while (c > 0) {
    const parent = (c - 1) >> 1;
    if (!above(d, r, c, parent)) break;
    swap(d, r, c, parent);
    c = parent;
  }
}

/** Replaces the top (largest) and sifts down within `size`; `shrink` pops instead (value comes from the end). */
function heapReplaceTop(
  d: Float64Array,
  r: Int32Array,
  size: number,
  value: number,
  row: number,
  shrink = false,
): void {
  const limit = shrink ? size - 1 : size;
  d[0] = value;
  r[0] = row;
  let c = 0;
  for (;;) {
    const left = 2 * c + 1;
    const right = left + 1;
    let top = c;
    if (left < limit && above(d, r, left, top)) top = left;
    if (right < limit && above(d, r, right, top)) top = right;
    if (top === c) return;
    swap(d, r, c, top);
    c = top;
  }
}

function swap(d: Float64Array, r: Int32Array, a: number, b: number): void {
  const td = d[a]!;
  d[a] = d[b]!;
  d[b] = td;
  const tr = r[a]!;
  r[a] = r[b]!;
  r[b] = tr;
}

// Groups units (rows or sequences) by an integer key in O(n) (a counting sort), each group ordered by time
// and then by position: the basis of per-user splits, sessions and duplicate handling.

export interface Groups {
  /** Unit indices, group after group. */
  order: Int32Array;
  /** Group g spans order[starts[g] .. starts[g + 1]). */
  starts: Int32Array;
}

export function groupBy(keys: Int32Array, numKeys: number, times: Float64Array | null): Groups {
  const starts = new Int32Array(numKeys + 1);
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]!++;
  for (let g = 0; g < numKeys; g++) starts[g + 1]! += starts[g]!;
  const fill = starts.slice(0, numKeys);
  const order = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[fill[keys[i]!]!++] = i;
  if (times) {
    for (let g = 0; g < numKeys; g++) {
      const a = starts[g]!;
      const b = starts[g + 1]!;
      if (b - a > 1) {
        const slice = Array.from(order.subarray(a, b)).sort((x, y) => times[x]! - times[y]! || 0 || x - y);
        order.set(slice, a);
      }
    }
  }
  return { order, starts };
}

// How good a 2-D map is, the two ways bench/project.ts and the tests measure it on the same probes:
// k-nearest-neighbour preservation (of each probe's k nearest rows in the table, the share that are among its
// k nearest points on the map; Kobak & Berens 2019 use k = 10) and cluster agreement (the share of probes
// whose nearest point on the map carries the probe's label).
import type { DenseTable } from '../pca';

/** `count` probe points spread evenly over 0 … n − 1. */
export function probes(n: number, count: number): Int32Array {
  const m = Math.min(n, count);
  return Int32Array.from({ length: m }, (_, p) => Math.floor((p * n) / m));
}

/** The k nearest other points of point i by squared distance `dist(i, j)`, nearest first (ties: lower index). */
function nearest(n: number, i: number, k: number, dist: (j: number) => number): number[] {
  const best: { j: number; d: number }[] = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const d = dist(j);
    if (best.length < k || d < best[best.length - 1]!.d) {
      let at = best.length;
      while (at > 0 && best[at - 1]!.d > d) at--;
      best.splice(at, 0, { j, d });
      if (best.length > k) best.pop();
    }
  }
  return best.map((b) => b.j);
}

/** Each probe's k nearest other rows in the table (computed once per table, reused for every map of it). */
export interface TableNeighbours {
  k: number;
  probes: Int32Array;
  lists: number[][];
}

export function tableNeighbours(table: DenseTable, k = 10, probeCount = 1000): TableNeighbours {
  const { rows: n, dim, data } = table;
  const ps = probes(n, probeCount);
  const lists = Array.from(ps, (i) =>
    nearest(n, i, k, (j) => {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const diff = data[i * dim + d]! - data[j * dim + d]!;
        s += diff * diff;
      }
      return s;
    }),
  );
  return { k, probes: ps, lists };
}

/** Mean share of each probe's k nearest table rows that are among its k nearest map points. */
export function preservation(high: TableNeighbours, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let sum = 0;
  high.probes.forEach((i, p) => {
    const low = new Set(nearest(n, i, high.k, (j) => (x[i]! - x[j]!) ** 2 + (y[i]! - y[j]!) ** 2));
    sum += high.lists[p]!.filter((j) => low.has(j)).length / high.k;
  });
  return sum / high.probes.length;
}

/** k-NN preservation of a map of `table` (rows = points), on `probeCount` probes. */
export function neighbourPreservation(
  table: DenseTable,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  k = 10,
  probeCount = 1000,
): number {
  return preservation(tableNeighbours(table, k, probeCount), x, y);
}

/** Share of probes whose nearest map point has the same label (labels[i] < 0: unlabelled, skipped). */
export function clusterAgreement(
  labels: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  probeCount = 2000,
): number {
  const n = labels.length;
  let same = 0;
  let counted = 0;
  for (const i of probes(n, probeCount)) {
    if (labels[i]! < 0) continue;
    const [j] = nearest(n, i, 1, (j) => (x[i]! - x[j]!) ** 2 + (y[i]! - y[j]!) ** 2);
    counted++;
    if (j !== undefined && labels[j] === labels[i]) same++;
  }
  return counted === 0 ? Number.NaN : same / counted;
}

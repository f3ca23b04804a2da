// The import's data-quality report: sizes, density, the rating histogram and the long tail of activity.
import type { CountSummary } from '../../shared';

/** Quantiles by the nearest-rank method over counts (e.g. interactions per user). */
export function summarizeCounts(counts: ArrayLike<number>): CountSummary | null {
  const n = counts.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(counts).sort();
  const q = (p: number): number => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  let sum = 0;
  for (const c of sorted) sum += c;
  return {
    min: sorted[0]!,
    p25: q(0.25),
    median: q(0.5),
    p75: q(0.75),
    p90: q(0.9),
    p99: q(0.99),
    max: sorted[n - 1]!,
    mean: sum / n,
  };
}

/** Distinct values with their counts when there are at most 20, else 20 equal-width bins (value = centre). */
export function histogram(values: ArrayLike<number> & Iterable<number>): { value: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const v of values) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > 20) break;
  }
  if (counts.size <= 20)
    return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const width = (max - min) / 20;
  const bins = new Array<number>(20).fill(0);
  for (const v of values) bins[Math.min(19, Math.floor((v - min) / width))]!++;
  return bins.map((count, b) => ({ value: min + (b + 0.5) * width, count }));
}

/** How many rows each index holds (index 0/1, PAD/OOV, included). */
export function countPerIndex(indices: Int32Array, size: number, keep: Uint8Array | null): Int32Array {
  const counts = new Int32Array(size);
  for (let r = 0; r < indices.length; r++) if (!keep || keep[r]) counts[indices[r]!]!++;
  return counts;
}

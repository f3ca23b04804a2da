// Test fixtures for explore: seeded random tables and brute-force references the fast paths must match.
import { createRng, gaussian } from '../random';
import type { VectorTable } from '../../shared';

export function randomTable(rows: number, dim: number, seed = 1): VectorTable {
  const rng = createRng(seed);
  const data = new Float32Array(rows * dim);
  for (let i = 0; i < data.length; i++) data[i] = gaussian(rng);
  return { rows, dim, data };
}

/** Rows in tight clusters around a few centres (many near-ties: the hard case for bounded search). */
export function clusteredTable(rows: number, dim: number, clusters: number, spread: number, seed = 2): VectorTable {
  const rng = createRng(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, () => gaussian(rng)));
  const data = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const c = centres[r % clusters]!;
    for (let d = 0; d < dim; d++) data[r * dim + d] = c[d]! + spread * gaussian(rng);
  }
  return { rows, dim, data };
}

export const row = (t: VectorTable, r: number): Float32Array => t.data.subarray(r * t.dim, (r + 1) * t.dim);

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b));
  return n > 0 ? dot(a, b) / n : 0;
}

/** Every eligible row scored, sorted best first (ties: lower row), cut to k. */
export function bruteForce(
  t: VectorTable,
  score: (r: number) => number,
  k: number,
  eligible: (r: number) => boolean,
  higherIsBetter = true,
): { row: number; score: number }[] {
  const all: { row: number; score: number }[] = [];
  for (let r = 0; r < t.rows; r++) if (eligible(r)) all.push({ row: r, score: score(r) });
  all.sort((a, b) => (higherIsBetter ? b.score - a.score : a.score - b.score) || a.row - b.row);
  return all.slice(0, k);
}

import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { orthogonalProcrustes, procrustesDistance, svd, type Square } from './procrustes';
import { randomTable } from './testTables';

function randomSquare(n: number, seed: number): Square {
  const rng = createRng(seed);
  return { n, data: Float64Array.from({ length: n * n }, () => gaussian(rng)) };
}

function multiply(a: Square, b: Square, transposeB = false): Square {
  const n = a.n;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a.data[i * n + k]! * (transposeB ? b.data[j * n + k]! : b.data[k * n + j]!);
      out[i * n + j] = s;
    }
  return { n, data: out };
}

function expectOrthogonal(m: Square): void {
  const p = multiply(m, m, true);
  for (let i = 0; i < m.n; i++)
    for (let j = 0; j < m.n; j++) expect(p.data[i * m.n + j]!).toBeCloseTo(i === j ? 1 : 0, 10);
}

/** A random orthogonal matrix: the U of a random square's SVD. */
const randomRotation = (n: number, seed: number): Square => svd(randomSquare(n, seed)).u;

describe('svd', () => {
  it.each([1, 2, 7, 32])('reconstructs a random %i × %i matrix with orthogonal factors', (n) => {
    const m = randomSquare(n, n);
    const { u, s, v } = svd(m);
    expectOrthogonal(u);
    expectOrthogonal(v);
    for (let k = 1; k < n; k++) expect(s[k]!).toBeLessThanOrEqual(s[k - 1]!);
    const us: Square = { n, data: u.data.map((x, idx) => x * s[idx % n]!) };
    const back = multiply(us, v, true);
    back.data.forEach((x, idx) => expect(x).toBeCloseTo(m.data[idx]!, 10));
  });

  it('keeps U orthogonal for a rank-deficient matrix (zero singular values)', () => {
    // Rank 2 in 5 dimensions: outer products of two vector pairs.
    const n = 5;
    const a = [1, 2, 0, -1, 3];
    const b = [0, 1, 1, 2, -1];
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = a[i]! * b[j]! + b[i]! * a[j]! * 0.5;
    const { u, s, v } = svd({ n, data });
    expectOrthogonal(u);
    expectOrthogonal(v);
    expect(s[2]!).toBeLessThan(1e-10);
    expect(s[1]!).toBeGreaterThan(0.1);
  });

  it('gives singular values of a diagonal matrix, sorted', () => {
    const data = new Float64Array([3, 0, 0, 0, -5, 0, 0, 0, 1]);
    expect([...svd({ n: 3, data }).s].map((x) => Number(x.toFixed(12)))).toEqual([5, 3, 1]);
  });
});

describe('orthogonal Procrustes', () => {
  it('recovers the rotation of a rotated copy, leaving distance ≈ 0', () => {
    const a = randomTable(500, 16, 3);
    const r0 = randomRotation(16, 99);
    const b = { rows: a.rows, dim: a.dim, data: new Float32Array(a.rows * a.dim) };
    for (let row = 0; row < a.rows; row++)
      for (let j = 0; j < 16; j++) {
        let s = 0;
        for (let i = 0; i < 16; i++) s += a.data[row * 16 + i]! * r0.data[i * 16 + j]!;
        b.data[row * 16 + j] = s;
      }
    const r = orthogonalProcrustes(a, b);
    r.data.forEach((x, idx) => expect(x).toBeCloseTo(r0.data[idx]!, 5));
    const d = procrustesDistance(a, b);
    expect(d.relativeError).toBeLessThan(1e-5);
    expect(d.meanRowDistance).toBeLessThan(1e-4);
    // Unaligned, the same tables look unrelated.
    expect(d.unalignedRelativeError).toBeGreaterThan(1);
  });

  it('leaves a large error between independent random tables', () => {
    const a = randomTable(2000, 16, 5);
    const b = randomTable(2000, 16, 6);
    const d = procrustesDistance(a, b);
    expectOrthogonal(d.rotation);
    // ‖AR − B‖² = ‖A‖² + ‖B‖² − 2 tr Σ with tr Σ small against ‖A‖‖B‖ when n ≫ d: close to √2.
    expect(d.relativeError).toBeGreaterThan(1.3);
    expect(d.relativeError).toBeLessThanOrEqual(d.unalignedRelativeError + 1e-12);
  });

  it('finds a partial alignment: a rotated copy plus noise', () => {
    const a = randomTable(1000, 8, 7);
    const r0 = randomRotation(8, 8);
    const noise = randomTable(1000, 8, 9);
    const b = { rows: 1000, dim: 8, data: new Float32Array(8000) };
    for (let row = 0; row < 1000; row++)
      for (let j = 0; j < 8; j++) {
        let s = 0;
        for (let i = 0; i < 8; i++) s += a.data[row * 8 + i]! * r0.data[i * 8 + j]!;
        b.data[row * 8 + j] = s + 0.1 * noise.data[row * 8 + j]!;
      }
    const d = procrustesDistance(a, b);
    expect(d.relativeError).toBeGreaterThan(0.05);
    expect(d.relativeError).toBeLessThan(0.15);
  });

  it('refuses tables of different shapes', () => {
    expect(() => orthogonalProcrustes(randomTable(10, 4), randomTable(10, 5))).toThrow(/one shape/);
  });
});

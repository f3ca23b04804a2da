// The FFT against the plain DFT sum: every radix (4, 2, 3) and their mixes, forward and inverse, a subset of
// columns, and the 2-D transform with its transposed layout.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { fftColumns, fftFactors, fftPlan, isFftLength } from './fft';
import { fft2d } from './fft2d';

/** X_k = Σ_t x_t e^(∓2πi kt/n), straight from the definition. */
function dft(re: number[], im: number[], inverse: boolean): [number[], number[]] {
  const n = re.length;
  const s = inverse ? 1 : -1;
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k++) {
    let a = 0;
    let b = 0;
    for (let t = 0; t < n; t++) {
      const w = (s * 2 * Math.PI * k * t) / n;
      a += re[t]! * Math.cos(w) - im[t]! * Math.sin(w);
      b += re[t]! * Math.sin(w) + im[t]! * Math.cos(w);
    }
    outRe.push(a);
    outIm.push(b);
  }
  return [outRe, outIm];
}

const rng = createRng(5);
const noise = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng() - 0.5);

describe('the FFT', () => {
  it('factors lengths of 2s and 3s, radix 4 first, and refuses others', () => {
    expect(fftFactors(96)).toEqual([4, 4, 2, 3]);
    expect(isFftLength(324)).toBe(true);
    expect(isFftLength(300)).toBe(false);
    expect(() => fftFactors(10)).toThrow(/2\^a · 3\^b/);
  });

  it('matches the DFT on every column asked for, leaves the others alone, and inverts', () => {
    for (const n of [1, 2, 3, 4, 6, 8, 9, 12, 18, 24, 27, 32, 48, 54]) {
      const stride = 5;
      const batch = 3;
      const re = noise(n * stride);
      const im = noise(n * stride);
      const [r0, i0] = [re.slice(), im.slice()];
      fftColumns(fftPlan(n), batch, stride, re, im, new Float64Array(n * stride), new Float64Array(n * stride), false);
      for (let b = 0; b < stride; b++) {
        const col = (a: Float64Array): number[] => Array.from({ length: n }, (_, t) => a[t * stride + b]!);
        if (b >= batch) {
          expect(col(re)).toEqual(col(r0));
          continue;
        }
        const [wr, wi] = dft(col(r0), col(i0), false);
        col(re).forEach((v, k) => expect(v).toBeCloseTo(wr[k]!, 9));
        col(im).forEach((v, k) => expect(v).toBeCloseTo(wi[k]!, 9));
      }
      fftColumns(fftPlan(n), batch, stride, re, im, new Float64Array(n * stride), new Float64Array(n * stride), true);
      re.forEach((v, k) => expect(k % stride < batch ? v / n : v).toBeCloseTo(r0[k]!, 9));
    }
  });

  it('takes the 2-D transform (transposed) and back, for grids with trailing zero columns', () => {
    const n = 12;
    const re = new Float64Array(n * n);
    const im = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let c = 0; c < 6; c++) re[r * n + c] = rng();
    const r0 = re.slice();
    const grid = { re, im, wr: new Float64Array(n * n), wi: new Float64Array(n * n) };
    fft2d(fftPlan(n), grid, 6);
    // Element (u, v) of the spectrum sits at v · n + u.
    for (const [u, v] of [
      [0, 0],
      [1, 2],
      [5, 11],
    ] as const) {
      let a = 0;
      let b = 0;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const w = (-2 * Math.PI * (u * r + v * c)) / n;
          a += r0[r * n + c]! * Math.cos(w);
          b += r0[r * n + c]! * Math.sin(w);
        }
      }
      expect(re[v * n + u]).toBeCloseTo(a, 9);
      expect(im[v * n + u]).toBeCloseTo(b, 9);
    }
    fft2d(fftPlan(n), grid, 6, true);
    for (let r = 0; r < n; r++)
      for (let c = 0; c < 6; c++) expect(re[r * n + c]! / (n * n)).toBeCloseTo(r0[r * n + c]!, 9);
  });
});

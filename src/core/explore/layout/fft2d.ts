// The square 2-D FFT for the t-SNE repulsion's grid: columns, transpose, columns again (fft.ts does the
// columns), skipping the columns known to be zero on the way in and those not wanted on the way out.
import { fftColumns, type FftPlan } from './fft';

/** Transposes a square n × n grid in place, in blocks so both sides stay in cache. */
export function transposeSquare(a: Float64Array, n: number): void {
  const B = 32;
  for (let i0 = 0; i0 < n; i0 += B) {
    for (let j0 = i0; j0 < n; j0 += B) {
      const iEnd = Math.min(i0 + B, n);
      const jEnd = Math.min(j0 + B, n);
      for (let i = i0; i < iEnd; i++) {
        for (let j = j0 === i0 ? i + 1 : j0; j < jEnd; j++) {
          const u = i * n + j;
          const v = j * n + i;
          const t = a[u]!;
          a[u] = a[v]!;
          a[v] = t;
        }
      }
    }
  }
}

/** A square grid's real and imaginary parts and the FFT's scratch of the same size. */
export interface ComplexGrid {
  re: Float64Array;
  im: Float64Array;
  wr: Float64Array;
  wi: Float64Array;
}

/**
 * The 2-D DFT of an n × n row-major grid whose columns from `columns` on are zero, left TRANSPOSED (element
 * (u, v) at v · n + u): a convolution multiplies it by a spectrum of the same layout. The inverse
 * (unscaled) takes that layout back and computes only the first `columns` columns of the result.
 */
export function fft2d(plan: FftPlan, g: ComplexGrid, columns: number, inverse = false): void {
  const n = plan.n;
  fftColumns(plan, inverse ? n : columns, n, g.re, g.im, g.wr, g.wi, inverse);
  transposeSquare(g.re, n);
  transposeSquare(g.im, n);
  fftColumns(plan, inverse ? columns : n, n, g.re, g.im, g.wr, g.wi, inverse);
}

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

/**
 * The 2-D DFT of an n × n row-major grid whose columns from `nonzeroColumns` on are zero, left TRANSPOSED
 * (element (u, v) at v · n + u): a convolution multiplies it by a spectrum of the same layout, and
 * `inverseFft2d` transposes back.
 */
export function fft2d(
  plan: FftPlan,
  nonzeroColumns: number,
  re: Float64Array,
  im: Float64Array,
  wr: Float64Array,
  wi: Float64Array,
): void {
  const n = plan.n;
  fftColumns(plan, nonzeroColumns, n, re, im, wr, wi, false);
  transposeSquare(re, n);
  transposeSquare(im, n);
  fftColumns(plan, n, n, re, im, wr, wi, false);
}

/** The unscaled inverse of fft2d; only the first `wantedColumns` columns of the result are computed. */
export function inverseFft2d(
  plan: FftPlan,
  wantedColumns: number,
  re: Float64Array,
  im: Float64Array,
  wr: Float64Array,
  wi: Float64Array,
): void {
  const n = plan.n;
  fftColumns(plan, n, n, re, im, wr, wi, true);
  transposeSquare(re, n);
  transposeSquare(im, n);
  fftColumns(plan, wantedColumns, n, re, im, wr, wi, true);
}

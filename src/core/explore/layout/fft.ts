// Complex FFTs of lengths 2^a · 3^b for the interpolation-based t-SNE repulsion (fftRepulsion.ts): a batched
// 1-D transform along the slow axis of a row-major grid (any subset of leading columns; fft2d.ts builds the
// square 2-D transform from it). Stockham autosort (no bit reversal), decimation in frequency,
// radices 4, 2 and 3; real and imaginary parts in separate Float64Arrays, every inner loop over contiguous
// doubles (one grid row at a time: long loops are what V8 runs fast).

/** Radices in the order the stages use them (4s first: fewer passes over memory). */
export function fftFactors(n: number): number[] {
  const out: number[] = [];
  let m = n;
  for (const r of [4, 2, 3]) {
    while (m % r === 0) {
      out.push(r);
      m /= r;
    }
  }
  if (m !== 1) throw new Error(`FFT length ${n} is not of the form 2^a · 3^b`);
  return out;
}

/** Whether `n` factors into 2s and 3s only. */
export function isFftLength(n: number): boolean {
  let m = n;
  if (!Number.isInteger(m) || m < 1) return false;
  while (m % 2 === 0) m /= 2;
  while (m % 3 === 0) m /= 3;
  return m === 1;
}

/** A plan for length `n`: its radices and the n twiddles exp(−2πik/n). Reusable across calls and grids. */
export interface FftPlan {
  n: number;
  factors: number[];
  cos: Float64Array;
  sin: Float64Array;
}

export function fftPlan(n: number): FftPlan {
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  return { n, factors: fftFactors(n), cos, sin };
}

const SIN60 = Math.sqrt(3) / 2;

/**
 * Transforms, in place, the first `batch` columns of a row-major plan.n × `stride` grid along its rows index
 * (element t of column b at t · stride + b). `inverse` uses conjugate twiddles and does not divide by n.
 * `wr`/`wi` are scratch as large as the grid.
 */
export function fftColumns(
  plan: FftPlan,
  batch: number,
  stride: number,
  re: Float64Array,
  im: Float64Array,
  wr: Float64Array,
  wi: Float64Array,
  inverse: boolean,
): void {
  const { n: total, factors, cos } = plan;
  const sign = inverse ? -1 : 1;
  const sin = plan.sin;
  let xr = re;
  let xi = im;
  let yr = wr;
  let yi = wi;
  let n = total;
  let done = 1; // product of the radices of the stages so far
  for (const r of factors) {
    const m = n / r;
    const step = total / n; // twiddle index step: w_n^p = w_total^(p · total / n)
    const inStep = done * m * stride;
    const outStep = done * stride;
    for (let p = 0; p < m; p++) {
      const t1 = p * step;
      const c1 = cos[t1]!;
      const s1 = sin[t1]! * sign;
      const c2 = cos[(2 * t1) % total]!;
      const s2 = sin[(2 * t1) % total]! * sign;
      const c3 = cos[(3 * t1) % total]!;
      const s3 = sin[(3 * t1) % total]! * sign;
      for (let q = 0; q < done; q++) {
        const inBase = (q + done * p) * stride;
        const outBase = (q + done * r * p) * stride;
        if (r === 4) {
          for (let b = 0; b < batch; b++) {
            const a = inBase + b;
            const ar = xr[a]!;
            const ai = xi[a]!;
            const br = xr[a + inStep]!;
            const bi = xi[a + inStep]!;
            const cr = xr[a + 2 * inStep]!;
            const ci = xi[a + 2 * inStep]!;
            const dr = xr[a + 3 * inStep]!;
            const di = xi[a + 3 * inStep]!;
            // DFT of size 4: −i (forward) or +i (inverse) is the quarter turn.
            const t0r = ar + cr;
            const t0i = ai + ci;
            const t1r = ar - cr;
            const t1i = ai - ci;
            const t2r = br + dr;
            const t2i = bi + di;
            const t3r = (bi - di) * sign;
            const t3i = (dr - br) * sign;
            const o = outBase + b;
            yr[o] = t0r + t2r;
            yi[o] = t0i + t2i;
            const y1r = t1r + t3r;
            const y1i = t1i + t3i;
            yr[o + outStep] = y1r * c1 - y1i * s1;
            yi[o + outStep] = y1r * s1 + y1i * c1;
            const y2r = t0r - t2r;
            const y2i = t0i - t2i;
            yr[o + 2 * outStep] = y2r * c2 - y2i * s2;
            yi[o + 2 * outStep] = y2r * s2 + y2i * c2;
            const y3r = t1r - t3r;
            const y3i = t1i - t3i;
            yr[o + 3 * outStep] = y3r * c3 - y3i * s3;
            yi[o + 3 * outStep] = y3r * s3 + y3i * c3;
          }
        } else if (r === 2) {
          for (let b = 0; b < batch; b++) {
            const a = inBase + b;
            const ar = xr[a]!;
            const ai = xi[a]!;
            const br = xr[a + inStep]!;
            const bi = xi[a + inStep]!;
            const o = outBase + b;
            yr[o] = ar + br;
            yi[o] = ai + bi;
            const dr = ar - br;
            const di = ai - bi;
            yr[o + outStep] = dr * c1 - di * s1;
            yi[o + outStep] = dr * s1 + di * c1;
          }
        } else {
          const k = SIN60 * sign;
          for (let b = 0; b < batch; b++) {
            const a = inBase + b;
            const ar = xr[a]!;
            const ai = xi[a]!;
            const br = xr[a + inStep]!;
            const bi = xi[a + inStep]!;
            const cr = xr[a + 2 * inStep]!;
            const ci = xi[a + 2 * inStep]!;
            // DFT of size 3 with ω = −1/2 ∓ i√3/2.
            const sr = br + cr;
            const si = bi + ci;
            const mr = ar - 0.5 * sr;
            const mi = ai - 0.5 * si;
            const nr = (bi - ci) * k;
            const ni = (cr - br) * k;
            const o = outBase + b;
            yr[o] = ar + sr;
            yi[o] = ai + si;
            const y1r = mr + nr;
            const y1i = mi + ni;
            yr[o + outStep] = y1r * c1 - y1i * s1;
            yi[o + outStep] = y1r * s1 + y1i * c1;
            const y2r = mr - nr;
            const y2i = mi - ni;
            yr[o + 2 * outStep] = y2r * c2 - y2i * s2;
            yi[o + 2 * outStep] = y2r * s2 + y2i * c2;
          }
        }
      }
    }
    n = m;
    done *= r;
    [xr, yr] = [yr, xr];
    [xi, yi] = [yi, xi];
  }
  if (xr !== re) {
    for (let t = 0; t < total; t++) {
      const o = t * stride;
      for (let b = 0; b < batch; b++) {
        re[o + b] = xr[o + b]!;
        im[o + b] = xi[o + b]!;
      }
    }
  }
}

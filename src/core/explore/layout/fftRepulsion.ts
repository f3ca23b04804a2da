// Interpolation-based t-SNE repulsion (Linderman, Rachh, Hoskins, Steinerberger & Kluger, "Fast interpolation-
// based t-SNE for improved visualization of single-cell RNA-seq data", Nature Methods 2019): the map is cut into
// square boxes with equispaced nodes; every point spreads its charges 1, x and y onto its box's nodes by
// Lagrange interpolation; the squared Cauchy kernel convolves the node grids by FFT; the node potentials
// interpolate back to the points. Work per iteration is O(n) plus the grid's FFT, whatever n is.
//
// FIt-SNE also spreads x² + y² for Z; it is not needed: the kernel is symmetric, so Σ_i Σ_j w_ij² ‖y_j‖² equals
// Σ_i ‖y_i‖² φ1(i), and Z + n = Σ_i (1 + 2‖y_i‖²) φ1(i) − 2 y_i · φ_y(i) (φ1 = Σ_j w_ij², φ_y = Σ_j w_ij² y_j).
import { fftPlan, type FftPlan } from './fft';
import { fft2d } from './fft2d';
import type { FftGridState, GatherParams, GridGeometry } from './fftGrid';
import { FORCE_CHUNK, type TsneState } from './tsneForces';

/** Lagrange weights of `nodes` equispaced nodes (at (k + ½) / nodes of the box) for position u ∈ [0, 1]. */
function lagrange(u: number, nodes: number, out: Float64Array, at: number): void {
  for (let k = 0; k < nodes; k++) {
    const tk = (k + 0.5) / nodes;
    let v = 1;
    for (let m = 0; m < nodes; m++) if (m !== k) v *= (u - (m + 0.5) / nodes) / (tk - (m + 0.5) / nodes);
    out[at + k] = v;
  }
}

const plans = new Map<number, FftPlan>();
export function planFor(length: number): FftPlan {
  let plan = plans.get(length);
  if (!plan) plans.set(length, (plan = fftPlan(length)));
  return plan;
}

/**
 * The spectrum of the squared Cauchy kernel (1 + ‖Δ‖²)⁻² at node offsets Δ = spacing · (i, j), |i|, |j| <
 * nodes · boxes, embedded circularly in L × L (grid A is its scratch). Even in both axes and symmetric in
 * them, so its transposed spectrum (fft2d's layout) is the spectrum.
 */
export function kernelSpectrum(g: GridGeometry, s: FftGridState): void {
  const L = g.length;
  const m = g.nodes * g.boxes;
  const h = g.width / g.nodes;
  const { aRe: re, aIm: im, spectrum } = s;
  re.fill(0, 0, L * L);
  im.fill(0, 0, L * L);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const v = 1 / (1 + h * h * (i * i + j * j)) ** 2;
      re[i * L + j] = v;
      if (i > 0) re[(L - i) * L + j] = v;
      if (j > 0) re[i * L + (L - j)] = v;
      if (i > 0 && j > 0) re[(L - i) * L + (L - j)] = v;
    }
  }
  fft2d(planFor(L), { re, im, wr: s.aWr, wi: s.aWi }, L);
  const scale = 1 / (L * L);
  for (let k = 0; k < L * L; k++) spectrum[k] = re[k]! * scale;
}

/** Spreads every point's charges onto the node grids (on the calling thread: sums in point order). */
export function spreadCharges(g: GridGeometry, s: FftGridState, y: Float64Array, n: number): void {
  const L = g.length;
  const p = g.nodes;
  const { aRe, aIm, bRe, bIm, box, weights } = s;
  for (const grid of [aRe, aIm, bRe, bIm]) grid.fill(0, 0, L * L);
  const last = g.boxes - 1;
  for (let i = 0; i < n; i++) {
    const ux = (y[2 * i]! - g.x0) / g.width;
    const uy = (y[2 * i + 1]! - g.y0) / g.width;
    const bx = Math.min(last, Math.max(0, Math.floor(ux)));
    const by = Math.min(last, Math.max(0, Math.floor(uy)));
    box[2 * i] = bx;
    box[2 * i + 1] = by;
    const w0 = 2 * p * i;
    lagrange(ux - bx, p, weights, w0);
    lagrange(uy - by, p, weights, w0 + p);
    const x = y[2 * i]! - g.cx;
    const yy = y[2 * i + 1]! - g.cy;
    for (let a = 0; a < p; a++) {
      const row = (by * p + a) * L + bx * p;
      const wy = weights[w0 + p + a]!;
      for (let b = 0; b < p; b++) {
        const w = wy * weights[w0 + b]!;
        aRe[row + b]! += w;
        aIm[row + b]! += w * x;
        bRe[row + b]! += w * yy;
      }
    }
  }
}

/**
 * Kernel job: convolves grid A (which 0) or B (1) with the kernel: forward FFT, product with the spectrum,
 * inverse. Only the first nodes · boxes rows and columns hold charges and only those potentials are read,
 * so the first and last passes skip the rest (three quarters of a full 2-D transform each way).
 */
export function convolveGrid(s: FftGridState, length: number, which: 0 | 1): void {
  const plan = planFor(length);
  const half = length / 2;
  const g =
    which === 0 ? { re: s.aRe, im: s.aIm, wr: s.aWr, wi: s.aWi } : { re: s.bRe, im: s.bIm, wr: s.bWr, wi: s.bWi };
  fft2d(plan, g, half);
  const spec = s.spectrum;
  for (let k = 0; k < length * length; k++) {
    g.re[k]! *= spec[k]!;
    g.im[k]! *= spec[k]!;
  }
  fft2d(plan, g, half, true);
}

/** Kernel: potentials interpolated back to one chunk of points, turned into repulsion and its share of Z. */
export function gatherChunk(s: TsneState & FftGridState, p: GatherParams, chunk: number): void {
  const { y, rep, aRe, aIm, bRe, box, weights } = s;
  const L = p.length;
  const nodes = p.nodes;
  const lo = chunk * FORCE_CHUNK;
  const hi = Math.min(p.n, lo + FORCE_CHUNK);
  let z = 0;
  for (let i = lo; i < hi; i++) {
    const bx = box[2 * i]!;
    const by = box[2 * i + 1]!;
    const w0 = 2 * nodes * i;
    let p1 = 0;
    let px = 0;
    let py = 0;
    for (let a = 0; a < nodes; a++) {
      const row = (by * nodes + a) * L + bx * nodes;
      const wy = weights[w0 + nodes + a]!;
      for (let b = 0; b < nodes; b++) {
        const w = wy * weights[w0 + b]!;
        p1 += w * aRe[row + b]!;
        px += w * aIm[row + b]!;
        py += w * bRe[row + b]!;
      }
    }
    const x = y[2 * i]! - p.cx;
    const yy = y[2 * i + 1]! - p.cy;
    // This point's term of Z + n (see the top of this file); the point itself is the n.
    z += (1 + 2 * (x * x + yy * yy)) * p1 - 2 * (x * px + yy * py) - 1;
    rep[2 * i] = x * p1 - px;
    rep[2 * i + 1] = yy * p1 - py;
  }
  s.qSum[chunk] = z;
}

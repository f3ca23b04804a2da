// The two halves of the t-SNE gradient per point, in openTSNE's scaling (a quarter of van der Maaten & Hinton's
// eq. 5): the attraction α Σ_j p_ij w_ij (y_i − y_j) over the sparse P, and the repulsion Σ_j w_ij² (y_i − y_j)
// with Σ_j w_ij, where w_ij = 1 / (1 + ‖y_i − y_j‖²). The gradient is attraction − repulsion / Z, Z = Σ_i≠j w_ij.
// Exact repulsion (O(n²)) lives here too, as the reference the Barnes–Hut and FFT approximations are held to.

/** Points per chunk of every t-SNE kernel. */
export const FORCE_CHUNK = 1024;

/** Arrays every t-SNE kernel reads or writes (shared with the helper threads). */
export interface TsneState {
  /** n × 2 positions, row-major. */
  y: Float64Array;
  pRow: Int32Array;
  pCol: Int32Array;
  pVal: Float32Array;
  /** n × 2 attractive forces (exaggeration included). */
  attr: Float64Array;
  /** n × 2 repulsive sums Σ_j w_ij² (y_i − y_j), not yet divided by Z. */
  rep: Float64Array;
  /** Σ_i Σ_j≠i w_ij of each chunk's points, summed in chunk order for Z. */
  qSum: Float64Array;
}

export interface ForceParams {
  n: number;
  exaggeration: number;
  /** Chunk number of the first attraction chunk (kernels that run several jobs put attraction after them). */
  attractionFrom: number;
}

/** Kernel: attractive forces of one chunk of points. */
export function attractionChunk(s: TsneState, p: ForceParams, chunk: number): void {
  const { y, pRow, pCol, pVal, attr } = s;
  const lo = (chunk - p.attractionFrom) * FORCE_CHUNK;
  const hi = Math.min(p.n, lo + FORCE_CHUNK);
  for (let i = lo; i < hi; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    for (let e = pRow[i]!; e < pRow[i + 1]!; e++) {
      const j = pCol[e]!;
      const dx = xi - y[2 * j]!;
      const dy = yi - y[2 * j + 1]!;
      const pw = pVal[e]! / (1 + dx * dx + dy * dy);
      fx += pw * dx;
      fy += pw * dy;
    }
    attr[2 * i] = p.exaggeration * fx;
    attr[2 * i + 1] = p.exaggeration * fy;
  }
}

/** Kernel: exact repulsion of one chunk of points against every other point. */
export function exactRepulsionChunk(s: TsneState, p: ForceParams, chunk: number): void {
  const { y, rep } = s;
  const n = p.n;
  const lo = chunk * FORCE_CHUNK;
  const hi = Math.min(n, lo + FORCE_CHUNK);
  let z = 0;
  for (let i = lo; i < hi; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = xi - y[2 * j]!;
      const dy = yi - y[2 * j + 1]!;
      const w = 1 / (1 + dx * dx + dy * dy);
      z += w;
      fx += w * w * dx;
      fy += w * w * dy;
    }
    rep[2 * i] = fx;
    rep[2 * i + 1] = fy;
  }
  s.qSum[chunk] = z;
}

/** Z from the per-chunk sums, in chunk order (the same value whichever thread ran which chunk). */
export function sumInOrder(qSum: Float64Array, chunks: number): number {
  let z = 0;
  for (let c = 0; c < chunks; c++) z += qSum[c]!;
  return z;
}

/** The bounding box of n × 2 positions: [min x, min y, max x, max y]. */
export function extent(y: Float64Array, n: number): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, y[2 * i]!);
    maxX = Math.max(maxX, y[2 * i]!);
    minY = Math.min(minY, y[2 * i + 1]!);
    maxY = Math.max(maxY, y[2 * i + 1]!);
  }
  return [minX, minY, maxX, maxY];
}

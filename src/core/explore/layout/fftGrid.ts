// The grid of the FFT-interpolated t-SNE repulsion (fftRepulsion.ts): its settings, where it lies each
// iteration (square, centred on the points, boxes of fixed width once the map is wide), and its arrays.
import { isFftLength } from './fft';
import type { Allocator } from './memory';
import { extent } from './tsneForces';

export interface FftSettings {
  /** Nodes per box side (FIt-SNE's p). */
  nodes: number;
  /** Box side in map units once the map is wide enough (openTSNE `ints_in_interval`). */
  boxWidth: number;
  /** Fewest boxes per side (openTSNE `min_num_intervals`). */
  minBoxes: number;
  /** Most boxes per side: bounds the grid's memory; wider maps get wider boxes. */
  maxBoxes: number;
}

/**
 * The grid the maps use: 3 nodes per box of width 1 and at least 50 boxes per side, as openTSNE (whose
 * authors advise keeping 3 nodes), up to 192 boxes (9 · (6 · 192)² doubles, 96 MB of grids).
 */
export const FFT_DEFAULTS: FftSettings = { nodes: 3, boxWidth: 1, minBoxes: 50, maxBoxes: 192 };

export interface FftGridState {
  /** Grid A: charges 1 (real) and x (imaginary), then their potentials; L × L. */
  aRe: Float64Array;
  aIm: Float64Array;
  /** Grid B: charge y (real; the imaginary part stays 0), then its potential. */
  bRe: Float64Array;
  bIm: Float64Array;
  /** FFT scratch of each grid (the two are convolved at once, by different threads). */
  aWr: Float64Array;
  aWi: Float64Array;
  bWr: Float64Array;
  bWi: Float64Array;
  /** The kernel's spectrum (real: the kernel is even), divided by L² so the inverse comes out scaled. */
  spectrum: Float64Array;
  /** Per point: its box (column, row) and its nodes' Lagrange weights along x, then along y. */
  box: Int32Array;
  weights: Float64Array;
}

/** Where this iteration's grid lies. */
export interface GridGeometry {
  nodes: number;
  boxes: number;
  width: number;
  /** Lower-left corner and centre of the grid; charges are taken relative to the centre (smaller numbers). */
  x0: number;
  y0: number;
  cx: number;
  cy: number;
  /** FFT length: 2 · nodes · boxes, the node grid padded for a linear convolution. */
  length: number;
}

export interface GatherParams {
  n: number;
  nodes: number;
  length: number;
  cx: number;
  cy: number;
}

/** The smallest box count ≥ `need` whose FFT length 2 · nodes · boxes has only factors 2 and 3. */
function boxCount(need: number, nodes: number): number {
  let b = Math.max(1, need);
  while (!isFftLength(2 * nodes * b)) b++;
  return b;
}

/** The grid for the points' current extent: square, centred on them, boxes of `boxWidth` once it is wide. */
export function gridGeometry(y: Float64Array, n: number, f: FftSettings = FFT_DEFAULTS): GridGeometry {
  const [minX, minY, maxX, maxY] = extent(y, n);
  const span = Math.max(maxX - minX, maxY - minY, 1e-12) * (1 + 1e-9);
  const need = Math.ceil(span / f.boxWidth);
  // A small map (the early iterations) has narrower boxes, a map wider than the grid allows wider ones; both
  // are rounded up on a ladder of 2^(1/16) so the kernel's spectrum is reused over many iterations.
  const ladder = (w: number): number => 2 ** (Math.ceil(16 * Math.log2(w)) / 16);
  const least = boxCount(f.minBoxes, f.nodes);
  const most = boxCount(f.maxBoxes, f.nodes);
  let boxes = boxCount(need, f.nodes);
  let width = f.boxWidth;
  if (boxes <= least) {
    boxes = least;
    width = Math.min(f.boxWidth, ladder(span / least));
  } else if (boxes > most) {
    boxes = most;
    width = ladder(span / most);
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const half = (boxes * width) / 2;
  return { nodes: f.nodes, boxes, width, x0: cx - half, y0: cy - half, cx, cy, length: 2 * f.nodes * boxes };
}

export function allocateGrid(alloc: Allocator, length: number, n: number, nodes: number): FftGridState {
  const l2 = length * length;
  return {
    aRe: alloc.f64('fft grid A (re)', l2),
    aIm: alloc.f64('fft grid A (im)', l2),
    bRe: alloc.f64('fft grid B (re)', l2),
    bIm: alloc.f64('fft grid B (im)', l2),
    aWr: alloc.f64('fft scratch A (re)', l2),
    aWi: alloc.f64('fft scratch A (im)', l2),
    bWr: alloc.f64('fft scratch B (re)', l2),
    bWi: alloc.f64('fft scratch B (im)', l2),
    spectrum: alloc.f64('fft kernel spectrum', l2),
    box: alloc.i32('fft point boxes', 2 * n),
    weights: alloc.f64('fft point weights', 2 * nodes * n),
  };
}

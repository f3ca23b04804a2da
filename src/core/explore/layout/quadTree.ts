// Barnes–Hut repulsion for t-SNE (van der Maaten, "Accelerating t-SNE using tree-based algorithms", JMLR 2014):
// a quadtree over the map, built on the calling thread each iteration, then walked per point by every thread;
// a cell whose size / distance is below θ acts as one point of its mass at its centre of mass.
import type { Allocator } from './memory';
import { extent, FORCE_CHUNK, type TsneState } from './tsneForces';

/** Cells deeper than this keep their points together (near-duplicates would otherwise split forever). */
const MAX_DEPTH = 40;
const STACK = 4 * MAX_DEPTH + 8;

/** The tree in flat arrays: cell i's children are firstChild[i] … + 3 (−1 for a leaf). */
export interface QuadTreeState {
  firstChild: Int32Array;
  count: Float64Array;
  /** Sums of the positions of the points in a cell (the centre of mass is sum / count). */
  sumX: Float64Array;
  sumY: Float64Array;
  x0: Float64Array;
  y0: Float64Array;
  size: Float64Array;
}

export interface BhParams {
  n: number;
  theta: number;
}

export function allocateTree(alloc: Allocator, capacity: number): QuadTreeState {
  return {
    firstChild: alloc.i32('quadtree children', capacity),
    count: alloc.f64('quadtree counts', capacity),
    sumX: alloc.f64('quadtree x sums', capacity),
    sumY: alloc.f64('quadtree y sums', capacity),
    x0: alloc.f64('quadtree x corners', capacity),
    y0: alloc.f64('quadtree y corners', capacity),
    size: alloc.f64('quadtree sizes', capacity),
  };
}

/** Cells a tree of n points usually needs (grown if a build runs out). */
export const treeCapacity = (n: number): number => 8 * n + 64;

function quadrant(t: QuadTreeState, cell: number, x: number, y: number): number {
  const half = t.size[cell]! / 2;
  return (y >= t.y0[cell]! + half ? 2 : 0) + (x >= t.x0[cell]! + half ? 1 : 0);
}

/** Builds the tree of `y` (n × 2); returns the cells used, or −1 when `capacity` was too small. */
export function buildTree(t: QuadTreeState, y: Float64Array, n: number): number {
  const capacity = t.firstChild.length;
  const [minX, minY, maxX, maxY] = extent(y, n);
  const span = Math.max(maxX - minX, maxY - minY);
  let cells = 1;
  t.firstChild[0] = -1;
  t.count[0] = 0;
  t.sumX[0] = 0;
  t.sumY[0] = 0;
  t.x0[0] = minX;
  t.y0[0] = minY;
  // A little larger than the points' span, so the largest coordinate falls inside.
  t.size[0] = span * (1 + 1e-9) + 1e-12;
  const tiny = t.size[0] * 1e-12;
  for (let i = 0; i < n; i++) {
    const x = y[2 * i]!;
    const yy = y[2 * i + 1]!;
    let cell = 0;
    for (let depth = 0; ; depth++) {
      if (t.firstChild[cell]! < 0) {
        const c = t.count[cell]!;
        if (c === 0) {
          t.count[cell] = 1;
          t.sumX[cell] = x;
          t.sumY[cell] = yy;
          break;
        }
        const gx = t.sumX[cell]! / c;
        const gy = t.sumY[cell]! / c;
        if (depth >= MAX_DEPTH || Math.abs(gx - x) + Math.abs(gy - yy) <= tiny) {
          t.count[cell] = c + 1;
          t.sumX[cell]! += x;
          t.sumY[cell]! += yy;
          break;
        }
        // Split: the points already here move down together into their quadrant.
        if (cells + 4 > capacity) return -1;
        const first = cells;
        cells += 4;
        t.firstChild[cell] = first;
        const half = t.size[cell]! / 2;
        for (let q = 0; q < 4; q++) {
          const ch = first + q;
          t.firstChild[ch] = -1;
          t.count[ch] = 0;
          t.sumX[ch] = 0;
          t.sumY[ch] = 0;
          t.x0[ch] = t.x0[cell]! + (q & 1 ? half : 0);
          t.y0[ch] = t.y0[cell]! + (q & 2 ? half : 0);
          t.size[ch] = half;
        }
        const moved = first + quadrant(t, cell, gx, gy);
        t.count[moved] = c;
        t.sumX[moved] = t.sumX[cell]!;
        t.sumY[moved] = t.sumY[cell]!;
      }
      t.count[cell]!++;
      t.sumX[cell]! += x;
      t.sumY[cell]! += yy;
      cell = t.firstChild[cell]! + quadrant(t, cell, x, yy);
    }
  }
  return cells;
}

/**
 * Kernel: repulsion of one chunk of points by walking the tree. A cell on the point's own path (it contains
 * the point) counts without it, so the point never repels itself, at any θ.
 */
export function bhRepulsionChunk(s: TsneState & QuadTreeState, p: BhParams, chunk: number): void {
  const { y, rep, firstChild, count, sumX, sumY, size } = s;
  const theta2 = p.theta * p.theta;
  const stackCell = new Int32Array(STACK);
  const stackOwn = new Uint8Array(STACK);
  const lo = chunk * FORCE_CHUNK;
  const hi = Math.min(p.n, lo + FORCE_CHUNK);
  let z = 0;
  for (let i = lo; i < hi; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    stackCell[0] = 0;
    stackOwn[0] = 1;
    let top = 1;
    while (top > 0) {
      top--;
      const cell = stackCell[top]!;
      const own = stackOwn[top] === 1;
      let c = count[cell]!;
      let sx = sumX[cell]!;
      let sy = sumY[cell]!;
      if (own) {
        c -= 1;
        sx -= xi;
        sy -= yi;
      }
      if (c <= 0) continue;
      const dx = xi - sx / c;
      const dy = yi - sy / c;
      const d2 = dx * dx + dy * dy;
      const first = firstChild[cell]!;
      const side = size[cell]!;
      if (first < 0 || side * side < theta2 * d2) {
        const w = 1 / (1 + d2);
        z += c * w;
        fx += c * w * w * dx;
        fy += c * w * w * dy;
        continue;
      }
      const mine = own ? first + quadrant(s, cell, xi, yi) : -1;
      for (let q = 0; q < 4; q++) {
        const ch = first + q;
        if (count[ch]! === 0) continue;
        stackCell[top] = ch;
        stackOwn[top] = ch === mine ? 1 : 0;
        top++;
      }
    }
    rep[2 * i] = fx;
    rep[2 * i + 1] = fy;
  }
  s.qSum[chunk] = z;
}

// One evaluation of the t-SNE gradient on the pool, by exact sums, Barnes–Hut or FFT interpolation: attraction
// and repulsion written into the shared state, Z returned. The optimiser (tsne.ts) and the tests that hold the
// fast gradients to the exact one both call it.
import type { LayoutContext } from './context';
import { allocateGrid, FFT_DEFAULTS, gridGeometry, type FftGridState, type GridGeometry } from './fftGrid';
import { kernelSpectrum, spreadCharges } from './fftRepulsion';
import { allocateTree, buildTree, treeCapacity, type QuadTreeState } from './quadTree';
import { FORCE_CHUNK, sumInOrder, type TsneState } from './tsneForces';

export type TsneGradient = 'exact' | 'bh' | 'fft';

/** Evaluates the gradient's parts at the current `state.y`; resolves with Z = Σ_i≠j w_ij. */
export type ForceEvaluator = (exaggeration: number) => Promise<number>;

export function createForces(
  method: TsneGradient,
  state: TsneState,
  n: number,
  theta: number,
  ctx: LayoutContext,
  fftSettings = FFT_DEFAULTS,
): ForceEvaluator {
  const chunks = Math.ceil(n / FORCE_CHUNK);
  const { pool } = ctx;
  if (method === 'exact' || method === 'bh') {
    let tree: QuadTreeState | null = null;
    const grow = (capacity: number): void => {
      tree = allocateTree(ctx.alloc, capacity);
      pool.share({ ...tree });
    };
    return async (exaggeration) => {
      const params = { n, exaggeration, attractionFrom: 0, theta };
      // The tree is built here while the helpers already sum the attraction.
      await pool.run('tsneAttraction', chunks, params, () => {
        if (method !== 'bh') return;
        if (!tree) grow(treeCapacity(n));
        while (buildTree(tree!, state.y, n) < 0) grow(tree!.firstChild.length * 2);
      });
      await pool.run(method === 'bh' ? 'bhRepulsion' : 'exactRepulsion', chunks, params);
      return sumInOrder(state.qSum, chunks);
    };
  }
  let grid: FftGridState | null = null;
  let spectrumOf = '';
  return async (exaggeration) => {
    const g: GridGeometry = gridGeometry(state.y, n, fftSettings);
    if (!grid || grid.aRe.length < g.length * g.length) {
      grid = allocateGrid(ctx.alloc, g.length, n, g.nodes);
      pool.share({ ...grid });
      spectrumOf = '';
    }
    const fft = grid;
    const params = { n, exaggeration, attractionFrom: 0, length: g.length };
    // Helpers sum the attraction while this thread lays out the grid; the two convolutions wait for it.
    await pool.run('fftForces', chunks + 2, params, () => {
      const key = `${g.length}:${g.width}`;
      if (key !== spectrumOf) {
        kernelSpectrum(g, fft);
        spectrumOf = key;
      }
      spreadCharges(g, fft, state.y, n);
    });
    const gather = { n, nodes: g.nodes, length: g.length, cx: g.cx, cy: g.cy };
    await pool.run('fftGather', chunks, gather);
    return sumInOrder(state.qSum, chunks);
  };
}

/** The shared arrays of a t-SNE run over the symmetric P (CSR). */
export function tsneState(
  ctx: LayoutContext,
  y: Float64Array,
  p: { rowPtr: Int32Array; col: Int32Array; val: Float32Array },
): TsneState {
  const n = y.length / 2;
  const state: TsneState = {
    y,
    pRow: p.rowPtr,
    pCol: p.col,
    pVal: p.val,
    attr: ctx.alloc.f64('attractive forces', 2 * n),
    rep: ctx.alloc.f64('repulsive forces', 2 * n),
    qSum: ctx.alloc.f64('chunk sums of w', Math.ceil(n / FORCE_CHUNK)),
  };
  ctx.pool.share({ ...state });
  return state;
}

/** The gradient (openTSNE's scaling) from the evaluated parts: attraction − repulsion / Z. */
export function gradientInto(state: TsneState, z: number, out: Float64Array): void {
  for (let k = 0; k < out.length; k++) out[k] = state.attr[k]! - state.rep[k]! / z;
}

// The fast t-SNE gradients held to the exact one on a small table, at layouts t-SNE actually passes through
// (early, exaggerated; late, near balance): the same P, the same positions, Barnes–Hut at several θ and FFT
// interpolation on two grids (the finer one must be closer). Near balance attraction and repulsion almost
// cancel, so there the repulsion itself (what the methods approximate) is compared, as van der Maaten (2014) does.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../../random';
import { projectTable } from '../project';
import { tsneAffinities } from './affinities';
import { FFT_DEFAULTS, type FftSettings } from './fftGrid';
import { knnGraph } from './knn';
import { testContext } from './testContext';
import { createForces, gradientInto, tsneState, type TsneGradient } from './tsneGradient';

const n = 800;
const dim = 10;
let table = { rows: n, dim, data: new Float32Array(0) };
let early: Float64Array = new Float64Array(0);
let late: Float64Array = new Float64Array(0);

beforeAll(async () => {
  const rng = createRng(9);
  const centres = Array.from({ length: 5 }, () => Array.from({ length: dim }, () => gaussian(rng) * 5));
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = centres[i % 5]![d]! + gaussian(rng);
  table = { rows: n, dim, data };
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const at = async (iterations: number): Promise<Float64Array> => {
    const p = await projectTable(table, { method: 'tsne', rows, iterations });
    return Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? p.x[k >> 1]! : p.y[k >> 1]!));
  };
  // 60 iterations: still exaggerated, clusters forming; 750: the finished map, some 50 units wide.
  early = await at(60 * 3);
  late = await at(750);
}, 120_000);

/** The gradient's parts at `layout` by one method: the whole (with `exaggeration`) and the repulsion / Z. */
async function gradient(
  layout: Float64Array,
  exaggeration: number,
  method: TsneGradient,
  theta = 0.5,
  fft: FftSettings = FFT_DEFAULTS,
): Promise<{ whole: Float64Array; repulsion: Float64Array }> {
  const ctx = testContext();
  const knn = await knnGraph(table, 90, ctx);
  const p = await tsneAffinities(knn, 30, ctx);
  const y = ctx.alloc.f64('layout', 2 * n);
  y.set(layout);
  const state = tsneState(ctx, y, p);
  const z = await createForces(method, state, n, theta, ctx, fft)(exaggeration);
  const whole = new Float64Array(2 * n);
  gradientInto(state, z, whole);
  return { whole, repulsion: state.rep.map((r) => r / z) };
}

const relativeError = (a: Float64Array, ref: Float64Array): number => {
  let num = 0;
  let den = 0;
  for (let k = 0; k < ref.length; k++) {
    num += (a[k]! - ref[k]!) ** 2;
    den += ref[k]! ** 2;
  }
  return Math.sqrt(num / den);
};

describe('the t-SNE gradient', () => {
  it('by Barnes–Hut is within 2% of the exact one at θ 0.5, within 0.2% at θ 0.1, and exact at θ 0', async () => {
    const exactEarly = await gradient(early, 12, 'exact');
    const exactLate = await gradient(late, 1, 'exact');
    for (const [theta, bound] of [
      [0.5, 0.02],
      [0.1, 0.002],
      [0, 1e-9],
    ] as const) {
      const e = await gradient(early, 12, 'bh', theta);
      const l = await gradient(late, 1, 'bh', theta);
      expect(relativeError(e.whole, exactEarly.whole), `early, θ ${theta}`).toBeLessThan(bound);
      expect(relativeError(l.repulsion, exactLate.repulsion), `late, θ ${theta}`).toBeLessThan(bound);
    }
  });

  it('by FFT interpolation is within 4% of the exact one on openTSNE’s grid, and closer on a finer grid', async () => {
    const finer = { ...FFT_DEFAULTS, boxWidth: 0.5, minBoxes: 100, maxBoxes: 400 };
    for (const [layout, exaggeration, part] of [
      [early, 12, 'whole'],
      [late, 1, 'repulsion'],
    ] as const) {
      const exact = (await gradient(layout, exaggeration, 'exact'))[part];
      const grid = relativeError((await gradient(layout, exaggeration, 'fft'))[part], exact);
      const fine = relativeError((await gradient(layout, exaggeration, 'fft', 0.5, finer))[part], exact);
      expect(grid, part).toBeLessThan(0.04);
      expect(fine, part).toBeLessThan(grid / 4);
    }
  });
});

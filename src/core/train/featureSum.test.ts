// Gradient checks of the feature-sum kernels: one SGD step of featurePairUpdate (BPR's data term) moves every
// parameter — own rows, feature rows, own and feature biases, on both sides, a feature shared by i and j — by
// −lr times the finite-difference gradient of the loss written out by hand; composition as LightFM defines it.
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { composeTable, composeVector, type FeatureTable } from './featureSum';
import { featureBprStep, featureMargin, newScratch, type ImplicitFeatures } from './implicitFeatures';
import type { ImplicitModel, StepHyper } from './implicitKernel';
import type { MfParams } from './mf';
import { featurePredict, featureSgdStep, newMfScratch } from './mfFeatures';
import { softplus } from './word2vecKernel';

const DIM = 4;
const rng = createRng(7);
const randoms = (n: number, scale = 0.5): Float32Array => Float32Array.from({ length: n }, () => gaussian(rng) * scale);

/** 5 users, 6 items; user 2 has features 2 and 3, item 2 has 2 and 3, item 3 has 3 and 4 (3 shared). */
function model(): { m: ImplicitModel; f: ImplicitFeatures } {
  const users: FeatureTable = {
    csr: {
      indptr: Int32Array.from([0, 0, 0, 2, 2, 2]),
      features: Int32Array.from([2, 3]),
      weights: Float32Array.from([0.5, 0.5]),
    },
    vectors: randoms(4 * DIM),
    biases: null,
    ada: null,
  };
  const items: FeatureTable = {
    csr: {
      indptr: Int32Array.from([0, 0, 0, 2, 4, 4, 4]),
      features: Int32Array.from([2, 3, 3, 4]),
      weights: Float32Array.from([0.25, 0.75, 0.6, 0.4]),
    },
    vectors: randoms(5 * DIM),
    biases: randoms(5),
    ada: null,
  };
  const m: ImplicitModel = {
    dim: DIM,
    numUsers: 5,
    numItems: 6,
    users: randoms(5 * DIM),
    items: randoms(6 * DIM),
    itemBias: randoms(6),
  };
  return { m, f: { users, items } };
}

/** Every parameter of the model and its features, as one list of (array, index) slots. */
function slots(m: ImplicitModel, f: ImplicitFeatures): [Float32Array, number][] {
  const arrays = [m.users, m.items, m.itemBias, f.users!.vectors, f.items!.vectors, f.items!.biases!];
  return arrays.flatMap((a) => Array.from({ length: a.length }, (_, n) => [a, n] as [Float32Array, number]));
}

/** BPR's loss written out: softplus(−x) + ½λ over every touched row, own and feature (a shared one twice). */
function loss(m: ImplicitModel, f: ImplicitFeatures, u: number, i: number, j: number, h: StepHyper): number {
  const x = featureMargin(m, f, u, i, j, newScratch(DIM));
  const sq = (a: Float32Array, row: number, dim: number): number => {
    let s = 0;
    for (let k = 0; k < dim; k++) s += a[row * dim + k]! ** 2;
    return s;
  };
  const parts = (t: FeatureTable, e: number): number[] =>
    Array.from(t.csr.features.subarray(t.csr.indptr[e]!, t.csr.indptr[e + 1]!));
  let vectors = sq(m.users, u, DIM) + sq(m.items, i, DIM) + sq(m.items, j, DIM);
  for (const g of parts(f.users!, u)) vectors += sq(f.users!.vectors, g, DIM);
  for (const e of [i, j]) for (const g of parts(f.items!, e)) vectors += sq(f.items!.vectors, g, DIM);
  let biases = m.itemBias[i]! ** 2 + m.itemBias[j]! ** 2;
  for (const e of [i, j]) for (const g of parts(f.items!, e)) biases += f.items!.biases![g]! ** 2;
  return softplus(-x) + 0.5 * h.reg * vectors + 0.5 * h.regBias * biases;
}

describe('side features, LightFM style', () => {
  it('composes an entity as its own row plus the weighted sum of its features’ rows', () => {
    const { m, f } = model();
    const out = new Float32Array(DIM);
    composeVector(out, m.items, 3, f.items, DIM);
    for (let k = 0; k < DIM; k++) {
      const want = m.items[3 * DIM + k]! + 0.6 * f.items!.vectors[3 * DIM + k]! + 0.4 * f.items!.vectors[4 * DIM + k]!;
      expect(out[k]).toBeCloseTo(want, 6);
    }
    const table = composeTable(m.items, m.itemBias, f.items, 6, DIM);
    expect(Array.from(table.vectors.subarray(3 * DIM, 4 * DIM))).toEqual(Array.from(out));
    expect(table.biases![3]).toBeCloseTo(m.itemBias[3]! + 0.6 * f.items!.biases![3]! + 0.4 * f.items!.biases![4]!, 6);
    // Without features an entity is its own row.
    expect(Array.from(table.vectors.subarray(4 * DIM, 5 * DIM))).toEqual(
      Array.from(m.items.subarray(4 * DIM, 5 * DIM)),
    );
  });

  it('moves every parameter by −lr × the gradient of the loss (finite differences), shared features included', () => {
    const h: StepHyper = { lr: 1e-3, reg: 0.05, regBias: 0.02 };
    const [u, i, j] = [2, 2, 3];
    const { m, f } = model();
    const all = slots(m, f);
    const before = all.map(([a, n]) => a[n]!);
    // Central differences in double precision of a loss computed over float32 parameters.
    const numeric = all.map(([a, n]) => {
      const v = a[n]!;
      const eps = 1e-2;
      a[n] = v + eps;
      const up = loss(m, f, u, i, j, h);
      a[n] = v - eps;
      const down = loss(m, f, u, i, j, h);
      a[n] = v;
      return (up - down) / (2 * eps);
    });
    featureBprStep(m, null, f, u, i, j, h, newScratch(DIM));
    let touched = 0;
    all.forEach(([a, n], s) => {
      const analytic = -(a[n]! - before[s]!) / h.lr;
      expect(analytic).toBeCloseTo(numeric[s]!, 2);
      if (numeric[s] !== 0) touched++;
    });
    // u's row and its 2 features, i's and j's rows, their 3 distinct features, 2 biases and 3 feature biases.
    expect(touched).toBe((1 + 2 + 2 + 3) * DIM + 2 + 3);
  });

  it('leaves frozen own rows alone while their features still learn', () => {
    const { m, f } = model();
    m.frozenItems = true;
    const items = Float32Array.from(m.items);
    const features = Float32Array.from(f.items!.vectors);
    featureBprStep(m, null, f, 2, 2, 3, { lr: 0.1, reg: 0, regBias: 0 }, newScratch(DIM));
    expect(Array.from(m.items)).toEqual(Array.from(items));
    expect(Array.from(f.items!.vectors)).not.toEqual(Array.from(features));
  });

  it("keeps an untrained item's own row and bias at 0 as a negative, while its features take the whole step", () => {
    const { m, f } = model();
    m.items.fill(0, 3 * DIM, 4 * DIM);
    m.itemBias[3] = 0;
    f.items!.untrained = Uint8Array.from([0, 0, 0, 1, 0, 0]);
    const before = { items: Float32Array.from(m.items), features: Float32Array.from(f.items!.vectors) };
    const pu = new Float32Array(DIM);
    composeVector(pu, m.users, 2, f.users, DIM);
    const h = { lr: 0.1, reg: 0, regBias: 0 };
    const x = featureMargin(m, f, 2, 2, 3, newScratch(DIM));
    featureBprStep(m, null, f, 2, 2, 3, h, newScratch(DIM));
    expect(Array.from(m.items.subarray(3 * DIM, 4 * DIM))).toEqual([0, 0, 0, 0]);
    expect(m.itemBias[3]).toBe(0);
    // Feature 4 is item 3's alone (weight 0.4): it moves by −lr · 0.4 · ∂loss/∂q_j = −lr · 0.4 · σ(−x) · p_u.
    const dLds = -1 / (1 + Math.exp(x));
    for (let k = 0; k < DIM; k++)
      expect(f.items!.vectors[4 * DIM + k]).toBeCloseTo(before.features[4 * DIM + k]! - 0.1 * 0.4 * -dLds * pu[k]!, 5);
    // The positive item's own row still learns.
    expect(Array.from(m.items.subarray(2 * DIM, 3 * DIM))).not.toEqual(
      Array.from(before.items.subarray(2 * DIM, 3 * DIM)),
    );
  });

  it('mf: one SGD step moves every part by −lr × the finite-difference gradient of ½e² and the scaled L2 terms', () => {
    const { m, f } = model();
    f.users!.biases = randoms(4);
    // mf's frequency-scaled penalty: own rows by su, si; each feature row by its own scale.
    f.users!.regScale = Float32Array.from([1, 1, 0.5, 2]);
    f.items!.regScale = Float32Array.from([1, 1, 0.25, 1.5, 3]);
    const [su, si] = [0.7, 1.3];
    const p: MfParams = { dim: DIM, mu: 3.5, P: m.users, Q: m.items, bu: randoms(5), bi: m.itemBias };
    const h = { lr: 1e-3, reg: 0.05, regBias: 0.02 };
    const [u, i, r] = [2, 3, 4.5];
    const parts = (t: FeatureTable, e: number): number[] =>
      Array.from(t.csr.features.subarray(t.csr.indptr[e]!, t.csr.indptr[e + 1]!));
    const sq = (a: Float32Array, row: number, dim: number): number =>
      Array.from(a.subarray(row * dim, (row + 1) * dim)).reduce((x, v) => x + v * v, 0);
    const mfLoss = (): number => {
      const e = featurePredict(p, f, u, i, newMfScratch(DIM)) - r;
      const users = f.users!;
      const items = f.items!;
      let vectors = su * sq(p.P, u, DIM) + si * sq(p.Q, i, DIM);
      for (const g of parts(users, u)) vectors += users.regScale![g]! * sq(users.vectors, g, DIM);
      for (const g of parts(items, i)) vectors += items.regScale![g]! * sq(items.vectors, g, DIM);
      let biases = su * p.bu[u]! ** 2 + si * p.bi[i]! ** 2;
      for (const g of parts(users, u)) biases += users.regScale![g]! * users.biases![g]! ** 2;
      for (const g of parts(items, i)) biases += items.regScale![g]! * items.biases![g]! ** 2;
      return 0.5 * e * e + 0.5 * h.reg * vectors + 0.5 * h.regBias * biases;
    };
    const all: [Float32Array, number][] = [
      p.P,
      p.Q,
      p.bu,
      p.bi,
      f.users!.vectors,
      f.users!.biases,
      f.items!.vectors,
      f.items!.biases!,
    ].flatMap((a) => Array.from({ length: a.length }, (_, n) => [a, n] as [Float32Array, number]));
    const before = all.map(([a, n]) => a[n]!);
    const numeric = all.map(([a, n]) => {
      const v = a[n]!;
      a[n] = v + 1e-2;
      const up = mfLoss();
      a[n] = v - 1e-2;
      const down = mfLoss();
      a[n] = v;
      return (up - down) / 2e-2;
    });
    const lossBefore = mfLoss();
    // The loss the step reports (the run's training loss) is the one written out above.
    expect(featureSgdStep(p, f, u, i, r, h, newMfScratch(DIM), su, si)).toBeCloseTo(lossBefore, 5);
    let touched = 0;
    all.forEach(([a, n], s) => {
      expect(-(a[n]! - before[s]!) / h.lr).toBeCloseTo(numeric[s]!, 2);
      if (numeric[s] !== 0) touched++;
    });
    // p_u and its 2 features, q_i and its 2 features, with their biases.
    expect(touched).toBe(6 * DIM + 6);
  });
});

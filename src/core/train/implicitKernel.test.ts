import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { isPositive } from './implicitChunk';
import { initImplicit } from './implicit';
import {
  bprLoss,
  bprStep,
  pairUpdate,
  warpLoss,
  warpWeight,
  type AdagradState,
  type ImplicitModel,
} from './implicitKernel';

const h = { lr: 1e-3, reg: 0.05, regBias: 0.02 };
const [U, I, J] = [2, 3, 5];

function tinyModel(): { model: ImplicitModel; adagrad: AdagradState } {
  const { model, adagrad } = initImplicit(4, 6, 3, 11, false);
  const rng = createRng(4);
  // Larger values than the initialisation, so that every gradient term is exercised.
  for (const t of [model.users, model.items]) for (let k = 6; k < t.length; k++) t[k] = rng() - 0.5;
  model.itemBias.set([0, 0, 0.1, -0.3, 0.2, 0.4]);
  return { model, adagrad: adagrad() };
}

type Slot = [Float32Array, number];
function slots(m: ImplicitModel): Slot[] {
  const out: Slot[] = [
    [m.itemBias, I],
    [m.itemBias, J],
  ];
  for (let k = 0; k < 3; k++) out.push([m.users, U * 3 + k], [m.items, I * 3 + k], [m.items, J * 3 + k]);
  return out;
}

function numericGradients(m: ImplicitModel, loss: () => number): number[] {
  const eps = 1e-3;
  return slots(m).map(([arr, at]) => {
    const keep = arr[at]!;
    arr[at] = keep + eps;
    const up = loss();
    arr[at] = keep - eps;
    const down = loss();
    arr[at] = keep;
    return (up - down) / (2 * eps);
  });
}

describe('implicit steps', () => {
  it('BPR (SGD) moves every parameter by −lr × the finite-difference gradient of its loss', () => {
    const { model } = tinyModel();
    const grads = numericGradients(model, () => bprLoss(model, U, I, J, h));
    const before = slots(model).map(([arr, at]) => arr[at]!);
    const dataLoss = bprStep(model, null, U, I, J, h);
    expect(dataLoss).toBeGreaterThan(0);
    slots(model).forEach(([arr, at], n) => expect((before[n]! - arr[at]!) / h.lr).toBeCloseTo(grads[n]!, 2));
    expect(grads.some((g) => Math.abs(g) > 0.05)).toBe(true);
  });

  it('WARP (SGD) moves every parameter by −lr × the gradient of w·(1 − s_ui + s_uj) + L2', () => {
    const { model } = tinyModel();
    const w = warpWeight(100, 3);
    const grads = numericGradients(model, () => warpLoss(model, U, I, J, w, h));
    const before = slots(model).map(([arr, at]) => arr[at]!);
    pairUpdate(model, null, U, I, J, -w, h);
    slots(model).forEach(([arr, at], n) => expect((before[n]! - arr[at]!) / h.lr).toBeCloseTo(grads[n]!, 2));
  });

  it('Adagrad scales each step by 1/√(1 + g²) from its initial sum of 1, and accumulates g²', () => {
    const { model, adagrad } = tinyModel();
    const grads = numericGradients(model, () => bprLoss(model, U, I, J, h));
    const before = slots(model).map(([arr, at]) => arr[at]!);
    bprStep(model, adagrad, U, I, J, h);
    slots(model).forEach(([arr, at], n) => {
      const g = grads[n]!;
      expect((before[n]! - arr[at]!) / h.lr).toBeCloseTo(g / Math.sqrt(1 + g * g), 2);
    });
    expect(adagrad.users[U * 3]!).toBeGreaterThan(1);
    expect(adagrad.users[1 * 3]!).toBe(1); // untouched rows keep their state
  });

  it('flushes values that would become float32 denormals to zero', () => {
    const { model } = tinyModel();
    model.itemBias[I] = 1e-33;
    model.itemBias[J] = 0;
    pairUpdate(model, null, U, I, J, 0, { lr: 1e-9, reg: 0, regBias: 1 });
    expect(model.itemBias[I]).toBe(0);
  });

  it("weights WARP by the log of LightFM's rank estimate ⌊(n − 1)/sampled⌋", () => {
    expect(warpWeight(101, 1)).toBeCloseTo(Math.log(100), 12);
    expect(warpWeight(101, 10)).toBeCloseTo(Math.log(10), 12);
    expect(warpWeight(101, 100)).toBe(0);
  });

  it('finds positives in sorted CSR rows', () => {
    const p = { indptr: Int32Array.from([0, 0, 3, 3]), items: Int32Array.from([2, 5, 9]) };
    expect([2, 5, 9].every((i) => isPositive(p, 1, i))).toBe(true);
    expect([3, 4, 10].some((i) => isPositive(p, 1, i))).toBe(false);
    expect(isPositive(p, 2, 5)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { errorStats, exampleLoss, initMf, predict, sgdStep, type MfParams } from './mf';

function tinyModel(): MfParams {
  const p = initMf(4, 5, 3, 3.5, 11, false);
  // Biases away from zero so that their gradient terms are exercised too.
  p.bu.set([0, 0, 0.3, -0.2]);
  p.bi.set([0, 0, 0.1, -0.4, 0.25]);
  return p;
}

describe('mf SGD step', () => {
  const h = { lr: 1e-3, reg: 0.07, regBias: 0.03 };

  it('moves every parameter by −lr × the finite-difference gradient of the example loss', () => {
    const p = tinyModel();
    const [u, i, r] = [2, 4, 4.5];
    const eps = 1e-3;
    // Central differences in float64 copies of the float32 parameters.
    const numeric = (arr: Float32Array, at: number): number => {
      const keep = arr[at]!;
      arr[at] = keep + eps;
      const up = exampleLoss(p, u, i, r, h);
      arr[at] = keep - eps;
      const down = exampleLoss(p, u, i, r, h);
      arr[at] = keep;
      return (up - down) / (2 * eps);
    };
    const slots: [Float32Array, number][] = [
      [p.bu, u],
      [p.bi, i],
      ...Array.from({ length: 3 }, (_, k): [Float32Array, number] => [p.P, u * 3 + k]),
      ...Array.from({ length: 3 }, (_, k): [Float32Array, number] => [p.Q, i * 3 + k]),
    ];
    const grads = slots.map(([arr, at]) => numeric(arr, at));
    const before = slots.map(([arr, at]) => arr[at]!);
    const loss = sgdStep(p, u, i, r, h);
    expect(loss).toBeCloseTo(exampleLoss({ ...tinyModel() }, u, i, r, h), 5);
    slots.forEach(([arr, at], n) => {
      const step = (before[n]! - arr[at]!) / h.lr;
      expect(step).toBeCloseTo(grads[n]!, 2);
    });
    expect(grads.some((g) => Math.abs(g) > 0.05)).toBe(true);
  });

  it('touches only the two rows of the example (PAD and OOV stay zero)', () => {
    const p = tinyModel();
    const P = Float32Array.from(p.P);
    const Q = Float32Array.from(p.Q);
    sgdStep(p, 3, 2, 1, h);
    for (let row = 0; row < 4; row++) {
      const same = p.P.subarray(row * 3, row * 3 + 3).every((v, k) => v === P[row * 3 + k]);
      expect(same).toBe(row !== 3);
    }
    for (let row = 0; row < 5; row++) {
      const same = p.Q.subarray(row * 3, row * 3 + 3).every((v, k) => v === Q[row * 3 + k]);
      expect(same).toBe(row !== 2);
    }
    expect(Array.from(p.P.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('predicts μ + b_u + b_i + p_u·q_i', () => {
    const p = tinyModel();
    let dot = 0;
    for (let k = 0; k < 3; k++) dot += p.P[2 * 3 + k]! * p.Q[3 * 3 + k]!;
    expect(predict(p, 2, 3)).toBeCloseTo(3.5 + 0.3 - 0.4 + dot, 6);
  });
});

describe('errorStats', () => {
  it('computes RMSE and MAE with predictions clamped to the rating scale', () => {
    const data = {
      users: new Int32Array([2, 2, 3]),
      items: new Int32Array([2, 3, 2]),
      ratings: new Float32Array([1, 5, 3]),
    };
    const guesses = new Map([
      ['2,2', 0], // clamped to 1: error 0
      ['2,3', 4], // error −1
      ['3,2', 5], // error 2
    ]);
    const s = errorStats(data, new Int32Array([0, 1, 2]), (u, i) => guesses.get(`${u},${i}`)!, 1, 5);
    expect(s.rmse).toBeCloseTo(Math.sqrt((0 + 1 + 4) / 3), 10);
    expect(s.mae).toBeCloseTo(1, 10);
    expect(errorStats(data, new Int32Array(0), () => 0, 1, 5).rmse).toBeNaN();
  });
});

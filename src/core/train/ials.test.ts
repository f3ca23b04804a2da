// ials: conjugate gradient reaches the normal equations' solution (Hu, Koren & Volinsky 2008), the objective it
// reports is the brute-force one, the WebAssembly kernel follows the TypeScript one, planted clusters are found,
// weights raise confidence, and threads change nothing.
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import type { InteractionColumns } from '../store/datasets';
import { plantedClusters } from '../testing';
import { ialsInArrays, scalarKernel, sumGram, type IalsKernel, type IalsShared } from './ials';
import { ialsInMemory, ialsLayout, wasmKernel } from './ialsWasm';
import { choleskySolve } from './linalg';
import { csrOf, transpose } from './sparse';
import { interactionData, trainOn } from './testTraining';

const [USERS, ITEMS, ALPHA, REG] = [6, 9, 2.5, 0.3];

/** A tiny problem: 6 users × 9 items, 3–6 interactions each with weights in [0.5, 3), random factors. */
function tiny(dim: number, kernel: 'scalar' | 'wasm'): { s: IalsShared; k: IalsKernel } {
  const rng = createRng(11);
  const users: number[] = [];
  const items: number[] = [];
  const weights: number[] = [];
  for (let u = 0; u < USERS; u++) {
    const seen = new Set<number>();
    while (seen.size < 3 + (u % 4)) seen.add(Math.floor(rng() * ITEMS));
    for (const i of seen) {
      users.push(u);
      items.push(i);
      weights.push(0.5 + 2.5 * rng());
    }
  }
  const rows = Int32Array.from(users, (_, k) => k);
  const byUser = csrOf(rows, Int32Array.from(users), Int32Array.from(items), Float32Array.from(weights), USERS, false);
  const byItem = transpose(byUser, ITEMS, false);
  const settings = { alpha: ALPHA, frozenUsers: false, frozenItems: false };
  let s: IalsShared;
  let k: IalsKernel;
  if (kernel === 'wasm') {
    const made = ialsInMemory(ialsLayout(dim, 1, byUser, byItem)!, byUser, byItem, settings);
    s = made.shared;
    k = wasmKernel(made.wasm, s, 0);
  } else {
    s = ialsInArrays(dim, 1, byUser, byItem, settings);
    k = scalarKernel(s, 0);
  }
  for (const side of [s.users, s.items])
    for (let r = 0; r < side.m.rows; r++) for (let a = 0; a < dim; a++) side.table[r * s.stride + a] = rng() - 0.3;
  // The users' half: the items' Gram matrix + λI.
  k.gram('items', 0, ITEMS, 0);
  sumGram(s, REG);
  return { s, k };
}

/** User u's row of a strided table, as float64. */
const rowOf = (s: IalsShared, t: Float32Array, r: number): Float64Array =>
  Float64Array.from(t.subarray(r * s.stride, r * s.stride + s.dim));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k]! * b[k]!;
  return sum;
};

/** A = YᵀY + λI + Σ_{i∈u} α w y yᵀ and b = Σ_{i∈u} (1 + α w) y, formed densely in float64. */
function normalEquations(s: IalsShared, u: number): { A: Float64Array; b: Float64Array } {
  const d = s.dim;
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  const add = (y: Float64Array, weight: number): void => {
    for (let p = 0; p < d; p++) for (let q = 0; q < d; q++) A[p * d + q]! += weight * y[p]! * y[q]!;
  };
  for (let i = 0; i < ITEMS; i++) add(rowOf(s, s.items.table, i), 1);
  for (let p = 0; p < d; p++) A[p * d + p]! += REG;
  const m = s.users.m;
  for (let e = m.indptr[u]!; e < m.indptr[u + 1]!; e++) {
    const y = rowOf(s, s.items.table, m.index[e]!);
    const w = m.value[e]!;
    add(y, ALPHA * w);
    for (let p = 0; p < d; p++) b[p]! += (1 + ALPHA * w) * y[p]!;
  }
  return { A, b };
}

function directSolution(s: IalsShared, u: number): Float64Array {
  const { A, b } = normalEquations(s, u);
  expect(choleskySolve(A, b, s.dim)).toBe(true);
  return b;
}

/** ‖x − x*‖_A, the error CG minimises over its Krylov space at every step. */
function errorInA(s: IalsShared, u: number, x: Float64Array, exact: Float64Array): number {
  const { A } = normalEquations(s, u);
  const e = x.map((v, k) => v - exact[k]!);
  let q = 0;
  for (let p = 0; p < s.dim; p++) for (let r = 0; r < s.dim; r++) q += e[p]! * A[p * s.dim + r]! * e[r]!;
  return Math.sqrt(q);
}

describe('an ials row solve', () => {
  for (const kernel of ['scalar', 'wasm'] as const)
    for (const dim of [3, 8]) {
      it(`reaches the direct solution of the normal equations (${kernel}, dim ${dim})`, () => {
        const { s, k } = tiny(dim, kernel);
        const exact = Array.from({ length: USERS }, (_, u) => directSolution(s, u));
        k.solve('users', 0, USERS, 4 * dim, false);
        for (let u = 0; u < USERS; u++) {
          const x = rowOf(s, s.users.table, u);
          const scale = Math.max(...exact[u]!.map(Math.abs));
          x.forEach((v, a) => expect(Math.abs(v - exact[u]![a]!), `user ${u}[${a}]`).toBeLessThan(2e-4 * scale));
        }
      });
    }

  it('brings the error down with every CG step, from its last solution', () => {
    const errors: number[] = [];
    for (let steps = 0; steps <= 5; steps++) {
      const { s, k } = tiny(5, 'scalar');
      const exact = directSolution(s, 2);
      k.solve('users', 2, 3, steps, false);
      errors.push(errorInA(s, 2, rowOf(s, s.users.table, 2), exact));
    }
    for (let n = 1; n < errors.length; n++) expect(errors[n]!).toBeLessThan(errors[n - 1]!);
    expect(errors[5]!).toBeLessThan(1e-3 * errors[0]!);
  });

  it('reports the objective Σ c(p − x·y)² + λ‖x‖² over the rows’ whole lines, as a pass over every item would', () => {
    for (const kernel of ['scalar', 'wasm'] as const) {
      const { s, k } = tiny(6, kernel);
      const reported = k.solve('users', 0, USERS, 3, true);
      let brute = 0;
      for (let u = 0; u < USERS; u++) {
        const x = rowOf(s, s.users.table, u);
        const confidence = new Map<number, number>();
        const m = s.users.m;
        for (let e = m.indptr[u]!; e < m.indptr[u + 1]!; e++) confidence.set(m.index[e]!, 1 + ALPHA * m.value[e]!);
        for (let i = 0; i < ITEMS; i++) {
          const yhat = dot(x, rowOf(s, s.items.table, i));
          const c = confidence.get(i);
          brute += c === undefined ? yhat ** 2 : c * (1 - yhat) ** 2;
        }
        brute += REG * dot(x, x);
      }
      expect(Math.abs(reported - brute), kernel).toBeLessThan(1e-4 * brute);
    }
  });

  it('gives the same rows on the WebAssembly kernel as on the TypeScript one (dim 6: padded rows)', () => {
    const a = tiny(6, 'scalar');
    const b = tiny(6, 'wasm');
    const la = a.k.solve('users', 0, USERS, 3, true);
    const lb = b.k.solve('users', 0, USERS, 3, true);
    expect(Math.abs(la - lb)).toBeLessThan(1e-5 * Math.abs(la));
    for (let k = 0; k < a.s.users.table.length; k++)
      expect(Math.abs(a.s.users.table[k]! - b.s.users.table[k]!)).toBeLessThan(1e-5);
  });

  it('sets a row without interactions to 0', () => {
    const { s, k } = tiny(4, 'wasm');
    s.users.m.indptr.fill(s.users.m.indptr[3]!, 3, 5); // user 3 keeps no interaction
    k.solve('users', 3, 4, 3, false);
    expect(Array.from(rowOf(s, s.users.table, 3))).toEqual([0, 0, 0, 0]);
  });
});

const recall = (m: Record<string, number>): number => m['recall@10']!;

describe('ials through the run loop', () => {
  const data = interactionData(plantedClusters());
  const req = { model: 'ials', dim: 8, epochs: 8, reg: 0.1, alpha: 4, seed: 1 } as const;

  for (const kernel of ['simd', 'scalar'] as const)
    it(`finds the planted clusters: Recall@10 far above popularity (${kernel === 'simd' ? 'wasm' : 'TypeScript'})`, async () => {
      const out = await trainOn(req, data, { kernel });
      const popularity = out.outcome.baselines.popularity!.test;
      expect(recall(out.outcome.metrics.test)).toBeGreaterThan(0.4);
      expect(recall(out.outcome.metrics.test)).toBeGreaterThan(2 * recall(popularity));
      expect(out.outcome.metrics.test['ndcg@10']).toBeGreaterThan(popularity['ndcg@10']!);
      // ALS never increases its objective.
      out.epochs.forEach((e, n) => n > 0 && expect(e.loss).toBeLessThanOrEqual(out.epochs[n - 1]!.loss * (1 + 1e-5)));
      expect(out.tables.map((t) => [t.name, t.rows, t.dim, t.bias])).toEqual([
        ['users', 242, 8, null],
        ['items', 122, 8, null],
      ]);
    });

  it('gives the same tables, bit for bit, on two worker threads as on one', async () => {
    const one = await trainOn({ ...req, epochs: 3 }, data);
    const two = await trainOn({ ...req, epochs: 3, threads: 2 }, data);
    for (const t of [0, 1])
      expect(Buffer.from(two.tables[t]!.data.buffer).equals(Buffer.from(one.tables[t]!.data.buffer))).toBe(true);
  });

  it('takes confidence from the weight column: weights that single out the real likes help', async () => {
    // Every user also touched 10 items of another cluster, once, lightly; their real likes have weight 20.
    const base = plantedClusters();
    const rng = createRng(9);
    const extra = { users: [] as number[], items: [] as number[] };
    for (let u = 2; u < base.numUsers; u++)
      for (let n = 0; n < 10; n++) {
        extra.users.push(u);
        extra.items.push(2 + ((u + 1) % 4) * 30 + Math.floor(rng() * 30));
      }
    const n = base.users.length;
    const m = extra.users.length;
    const noisy: InteractionColumns = {
      ...base,
      users: Int32Array.from([...base.users, ...extra.users]),
      items: Int32Array.from([...base.items, ...extra.items]),
      ratings: new Float32Array(n + m).fill(1),
      splits: Uint8Array.from([...base.splits, ...new Array<number>(m).fill(0)]),
    };
    const weighted = { ...noisy, weights: Float32Array.from({ length: n + m }, (_, k) => (k < n ? 20 : 1)) };
    const opts = { ...req, alpha: 1, epochs: 6 } as const;
    const plain = await trainOn(opts, interactionData(noisy));
    const withWeights = await trainOn(opts, interactionData(weighted));
    expect(recall(withWeights.outcome.metrics.test)).toBeGreaterThan(recall(plain.outcome.metrics.test) + 0.05);
  });
});

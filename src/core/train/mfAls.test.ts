// mf with `solver: als`: each half-iteration solves every row exactly (the objective's gradient in the row is 0,
// through the primal and the dual path, for any penalty exponent), reports the loss SGD would, finds planted
// structure, and gives the same tables on any number of threads.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDataset } from '../ingest/importDataset';
import { createRng } from '../random';
import { loadInteractions } from '../store/datasets';
import { openDb } from '../store/db';
import { tempDir, writePlantedRatings } from '../testing';
import { exampleLoss, initMf, type MfParams } from './mf';
import { runMfAlsChunk, type MfAlsShared } from './mfAls';
import { csrOf } from './sparse';
import { interactionData, trainOn } from './testTraining';

const DIM = 4;
/** Users 0–5 rate 2 items each (fewer than dim + 1 unknowns: the dual path), users 6–9 rate 12 (primal). */
function tinyRatings(): { shared: MfAlsShared; users: Int32Array; items: Int32Array; ratings: Float32Array } {
  const rng = createRng(4);
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  for (let u = 0; u < 10; u++) {
    const seen = new Set<number>();
    while (seen.size < (u < 6 ? 2 : 12)) seen.add(Math.floor(rng() * 16));
    for (const i of seen) {
      users.push(u);
      items.push(i);
      ratings.push(1 + Math.floor(rng() * 5));
    }
  }
  const U = Int32Array.from(users);
  const I = Int32Array.from(items);
  const R = Float32Array.from(ratings);
  const rows = Int32Array.from(users, (_, k) => k);
  const params = initMf(10, 16, DIM, 3, 1, false);
  // initMf leaves rows 0 and 1 (PAD, OOV) zero: give every row values so that all take part.
  for (const t of [params.P, params.Q]) for (let k = 0; k < t.length; k++) t[k] = rng() - 0.5;
  params.bi.forEach((_, i) => (params.bi[i] = rng() - 0.5));
  const shared = { params, byUser: csrOf(rows, U, I, R, 10, false), byItem: csrOf(rows, I, U, R, 16, false) };
  return { shared, users: U, items: I, ratings: R };
}

/**
 * ∂/∂[p_u; b_u] of ½Σ_{i∈u} e² + ½λ n^ν‖p_u‖² + ½λ_b n^ν b_u², e = μ + b_u + b_i + p_u·q_i − r: zero at the
 * user's exact solution.
 */
function userGradient(
  p: MfParams,
  t: ReturnType<typeof tinyRatings>,
  u: number,
  reg: number,
  regBias: number,
  nu: number,
): number[] {
  const grad = new Array<number>(DIM + 1).fill(0);
  let n = 0;
  for (let k = 0; k < t.users.length; k++) {
    if (t.users[k] !== u) continue;
    n++;
    const i = t.items[k]!;
    let e = p.mu + p.bu[u]! + p.bi[i]! - t.ratings[k]!;
    for (let f = 0; f < DIM; f++) e += p.P[u * DIM + f]! * p.Q[i * DIM + f]!;
    for (let f = 0; f < DIM; f++) grad[f]! += e * p.Q[i * DIM + f]!;
    grad[DIM]! += e;
  }
  for (let f = 0; f < DIM; f++) grad[f]! += reg * n ** nu * p.P[u * DIM + f]!;
  grad[DIM]! += regBias * n ** nu * p.bu[u]!;
  return grad;
}

describe('an ALS half-iteration of mf', () => {
  for (const regExponent of [1, 0.5])
    it(`solves every user exactly, through the dual (2 ratings) and the primal (12) path (ν = ${regExponent})`, () => {
      const t = tinyRatings();
      const hyper = { reg: 0.3, regBias: 0.2, regExponent };
      const before = userGradient(t.shared.params, t, 7, hyper.reg, hyper.regBias, regExponent);
      expect(Math.max(...before.map(Math.abs))).toBeGreaterThan(0.1);
      runMfAlsChunk(t.shared, { side: 'users', start: 0, end: 10, ...hyper });
      for (let u = 0; u < 10; u++) {
        const g = userGradient(t.shared.params, t, u, hyper.reg, hyper.regBias, regExponent);
        expect(Math.max(...g.map(Math.abs)), `user ${u}`).toBeLessThan(1e-5);
      }
    });

  it('reports on the items’ half the summed loss SGD reports for the same tables (mf.ts exampleLoss)', () => {
    const t = tinyRatings();
    const hyper = { reg: 0.3, regBias: 0.2, regExponent: 0.5 };
    runMfAlsChunk(t.shared, { side: 'users', start: 0, end: 10, ...hyper });
    const loss = runMfAlsChunk(t.shared, { side: 'items', start: 0, end: 16, ...hyper });
    const count = (m: MfAlsShared['byUser'], r: number): number => m.indptr[r + 1]! - m.indptr[r]!;
    let expected = 0;
    for (let k = 0; k < t.users.length; k++) {
      const [u, i] = [t.users[k]!, t.items[k]!];
      const su = count(t.shared.byUser, u) ** -0.5;
      const si = count(t.shared.byItem, i) ** -0.5;
      expected += exampleLoss(t.shared.params, u, i, t.ratings[k]!, { lr: 0, ...hyper }, su, si);
    }
    expect(Math.abs(loss - expected)).toBeLessThan(1e-4 * expected);
  });

  it('keeps a frozen factor table as it is and still solves its biases', () => {
    const t = tinyRatings();
    t.shared.params.frozenUsers = true;
    const P = Float32Array.from(t.shared.params.P);
    runMfAlsChunk(t.shared, { side: 'users', start: 0, end: 10, reg: 0.3, regBias: 0.2, regExponent: 1 });
    expect(t.shared.params.P).toEqual(P);
    for (let u = 0; u < 10; u++)
      expect(Math.abs(userGradient(t.shared.params, t, u, 0.3, 0.2, 1)[DIM]!)).toBeLessThan(1e-5);
  });
});

describe('mf with solver als through the run loop', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  const planted = async (): Promise<ReturnType<typeof interactionData>> => {
    const db = openDb(join(tmp.dir, `t${Math.random()}.db`));
    const path = join(tmp.dir, 'planted.csv');
    writePlantedRatings(path);
    const r = await importDataset(db, { path });
    return interactionData(loadInteractions(db, r.datasetId, true));
  };
  const req = { model: 'mf', solver: 'als', dim: 8, epochs: 6, seed: 3 } as const;

  it('finds the planted low-rank structure with the defaults’ penalties: test RMSE far below the baselines', async () => {
    const out = await trainOn(req, await planted());
    const { globalMean, biasOnly } = out.outcome.baselines;
    expect(out.outcome.metrics.test.rmse!).toBeLessThan(0.75 * globalMean!.test.rmse!);
    expect(out.outcome.metrics.test.rmse!).toBeLessThan(biasOnly!.test.rmse!);
    // ALS never increases its objective.
    out.epochs.forEach((e, n) => n > 0 && expect(e.loss).toBeLessThanOrEqual(out.epochs[n - 1]!.loss * (1 + 1e-6)));
  });

  it('gives the same tables, bit for bit, on two worker threads as on one', async () => {
    const data = await planted();
    const one = await trainOn({ ...req, epochs: 2 }, data);
    const two = await trainOn({ ...req, epochs: 2, threads: 2 }, data);
    for (const t of [0, 1]) {
      expect(Buffer.from(two.tables[t]!.data.buffer).equals(Buffer.from(one.tables[t]!.data.buffer))).toBe(true);
      expect(Buffer.from(two.tables[t]!.bias!.buffer).equals(Buffer.from(one.tables[t]!.bias!.buffer))).toBe(true);
    }
  });
});

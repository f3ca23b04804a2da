import { describe, expect, it } from 'vitest';
import type { TableTransfer, TrainConfig } from '../../shared';
import { resolveTrainConfig } from '../config';
import { createRng, gaussian } from '../random';
import type { InteractionColumns } from '../store/datasets';
import { implicitAlsLoss, scoreSparkRun } from './evaluate';

const rng = createRng(3);
const table = (name: string, rows: number, dim: number): TableTransfer => {
  const data = new Float32Array(rows * dim);
  for (let k = 2 * dim; k < data.length; k++) data[k] = gaussian(rng) * 0.5;
  return { name, role: name.slice(0, -1), rows, dim, data, bias: null };
};
const dot = (a: TableTransfer, i: number, b: TableTransfer, j: number): number => {
  let s = 0;
  for (let k = 0; k < a.dim; k++) s += a.data[i * a.dim + k]! * b.data[j * b.dim + k]!;
  return s;
};

// 6 users × 5 items (rows 0 and 1 are PAD and OOV), some pairs observed with weights, split 0 = train.
const data: InteractionColumns = {
  users: Int32Array.from([2, 2, 3, 4, 5, 6, 7, 7, 3, 5]),
  items: Int32Array.from([2, 3, 4, 2, 6, 3, 5, 6, 2, 4]),
  ratings: Float32Array.from([1, 2, 1, 3, 1, 1, 2, 1, 4, 5]),
  splits: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 2, 2]),
  numUsers: 8,
  numItems: 7,
};

describe('scoring a Spark run with the app’s own metrics', () => {
  it('computes implicit ALS’s loss over all pairs through the Gram matrix, as the brute-force sum', () => {
    const users = table('users', 8, 3);
    const items = table('items', 7, 3);
    const alpha = 2.5;
    let brute = 0;
    let observed = 0;
    for (let u = 0; u < 8; u++)
      for (let i = 0; i < 7; i++) {
        const rows = [...data.users.keys()].filter(
          (n) => data.splits[n] === 0 && data.users[n] === u && data.items[n] === i,
        );
        const r = rows.length ? data.ratings[rows[0]!]! : 0;
        const x = dot(users, u, items, i);
        brute += rows.length ? (1 + alpha * r) * (1 - x) ** 2 : x * x;
        observed += rows.length;
      }
    expect(implicitAlsLoss(data, users, items, alpha)).toBeCloseTo(brute / observed, 4);
  });

  it('judges ALS factors as μ + u·v (ALS fitted r − μ, no biases) against the global mean; records one epoch', () => {
    const users = table('users', 8, 3);
    const items = table('items', 7, 3);
    const config = resolveTrainConfig({ dataset: 'd', model: 'mf', dim: 3, epochs: 4, threads: 1 }) as TrainConfig;
    const s = scoreSparkRun(config, { kind: 'interactions', data }, [users, items], {
      ratingMin: 1,
      ratingMax: 5,
      alpha: 1,
      seconds: 2,
    });
    const test = [8, 9].map(
      (n) => Math.min(5, Math.max(1, 1.5 + dot(users, data.users[n]!, items, data.items[n]!))) - data.ratings[n]!,
    );
    expect(s.metrics.test.rmse).toBeCloseTo(Math.sqrt((test[0]! ** 2 + test[1]! ** 2) / 2), 5);
    expect(Object.keys(s.baselines)).toEqual(['globalMean', 'biasOnly']);
    expect(s.epoch).toMatchObject({ epoch: 4, seconds: 2, test: s.metrics.test });
    expect(s.epoch.loss).toBeCloseTo(0.5 * s.metrics.train.rmse! ** 2, 6);
  });
});

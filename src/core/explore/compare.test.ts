import { describe, expect, it } from 'vitest';
import type { ComparedRun, EpochMetrics } from '../../shared';
import { MODEL_RULES } from '../../shared';
import { configDiff, metricsTable, stability } from './compare';
import { svd } from './procrustes';
import { randomTable } from './testTables';
import { createRng, gaussian } from '../random';

function rotated(t: ReturnType<typeof randomTable>, seed: number): ReturnType<typeof randomTable> {
  const rng = createRng(seed);
  const n = t.dim;
  const r = svd({ n, data: Float64Array.from({ length: n * n }, () => gaussian(rng)) }).u.data;
  const data = new Float32Array(t.data.length);
  for (let row = 0; row < t.rows; row++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += t.data[row * n + i]! * r[i * n + j]!;
      data[row * n + j] = s;
    }
  return { rows: t.rows, dim: n, data };
}

describe('stability of two tables', () => {
  const a = randomTable(1500, 12, 4);

  it('sees a rotated copy as the same table: every neighbour shared, no distance after aligning', async () => {
    const s = await stability(a, rotated(a, 8), 'items', { sample: 200, seed: 1 });
    expect(s.sample).toBe(200);
    expect(s.overlap.mean).toBeCloseTo(1, 6);
    expect(s.overlap.min).toBeCloseTo(1, 6);
    expect(s.procrustes!.relativeError).toBeLessThan(1e-5);
    expect(s.procrustes!.unalignedRelativeError).toBeGreaterThan(1);
    expect(s.procrustes!.rows).toBe(1498);
  });

  it('sees independent tables as unrelated: overlap near chance, error near √2', async () => {
    const s = await stability(a, randomTable(1500, 12, 5), 'items', { sample: 300, seed: 1 });
    expect(s.chanceOverlap).toBeCloseTo(10 / 1497, 12);
    expect(s.overlap.mean).toBeLessThan(5 * s.chanceOverlap);
    expect(s.procrustes!.relativeError).toBeGreaterThan(1.25);
  });

  it('splits the overlap by frequency: rows that move little keep their neighbours, noisy rare rows do not', async () => {
    // Rows are ordered by count; row r of b is row r of a plus noise growing with its rank.
    const rng = createRng(3);
    const b = { rows: a.rows, dim: a.dim, data: Float32Array.from(a.data) };
    for (let r = 2; r < a.rows; r++) {
      const noise = r < 2 + 150 ? 0.02 : r < 2 + 750 ? 0.3 : 1.5;
      for (let d = 0; d < a.dim; d++) b.data[r * a.dim + d]! += noise * gaussian(rng);
    }
    const counts = Float64Array.from({ length: a.rows }, (_, r) => (r < 2 ? 0 : a.rows - r));
    const s = await stability(a, b, 'items', { sample: 300, seed: 1, counts });
    expect(s.bands!.map((x) => [x.name, x.rows, x.sample, x.maxCount, x.minCount])).toEqual([
      ['frequent', 149, 100, 1498, 1350],
      ['middle', 600, 100, 1349, 750],
      ['rare', 749, 100, 749, 1],
    ]);
    const [frequent, middle, rare] = s.bands!;
    expect(frequent!.mean).toBeGreaterThan(middle!.mean);
    expect(middle!.mean).toBeGreaterThan(rare!.mean);
    expect(frequent!.mean - rare!.mean).toBeGreaterThan(0.3);
  });

  it('uses every row when the sample asks for more, and skips Procrustes across dims', async () => {
    const small = randomTable(40, 6, 6);
    const s = await stability(small, randomTable(40, 4, 7), 'items', { sample: 500, seed: 1 });
    expect(s.sample).toBe(38);
    expect(s.dims).toEqual([6, 4]);
    expect(s.procrustes).toBeNull();
  });
});

const epochs: EpochMetrics[] = [];
function run(id: number, seed: number, valid: Record<string, number>, dim = 8): ComparedRun {
  return {
    id,
    dataset: 'd',
    datasetId: 1,
    model: 'mf',
    status: 'completed',
    config: { ...MODEL_RULES.mf.defaults, model: 'mf', dim, epochs: 5, lr: 0.01, seed, threads: 1 },
    bestEpoch: 5,
    metrics: { train: {}, valid, test: {} },
    epochs,
    seconds: 1,
  };
}

describe('config differences and the metrics table', () => {
  it('lists only keys that differ', () => {
    expect(configDiff([run(1, 1, {}), run(2, 2, {}), run(3, 1, {}, 16)])).toEqual([
      { key: 'dim', values: [8, 8, 16] },
      { key: 'seed', values: [1, 2, 1] },
    ]);
  });

  it('marks the best run per metric in the metric’s direction, and none for a lone value', () => {
    const rows = metricsTable([
      run(1, 1, { rmse: 0.9, 'recall@10': 0.2 }),
      run(2, 2, { rmse: 0.85, 'recall@10': 0.1, mae: 0.7 }),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['rmse', 'mae', 'recall@10']);
    expect(rows.find((r) => r.name === 'rmse')).toMatchObject({ best: 1, lowerIsBetter: true, values: [0.9, 0.85] });
    expect(rows.find((r) => r.name === 'recall@10')).toMatchObject({ best: 0, lowerIsBetter: false });
    expect(rows.find((r) => r.name === 'mae')).toMatchObject({ best: null, values: [null, 0.7] });
  });
});

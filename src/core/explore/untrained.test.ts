// Rows never trained are never shown as if they were (issue 12): trained through the real services on ratings
// where an item and a user occur only in the test split, every answer, metric and export is checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainResult } from '../../shared';
import { DEFAULT_MIN_COUNT } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { loadVocabulary } from '../store/datasets';
import { loadTable } from '../store/runs';
import { tempDir } from '../testing';
import { trainingCounts, writeColdRatings, type ColdRow } from './untrainedFixture';

const tmp = tempDir();
let services: Services;
let rows: ColdRow[];
let mf: TrainResult;

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'cold.db'), () => undefined);
  const path = join(tmp.dir, 'cold.csv');
  rows = writeColdRatings(path);
  await services.handlers['datasets:import']({
    path,
    name: 'cold',
    mapping: { user: 'user', item: 'item', rating: 'rating', split: 'split', title: 'title', genres: 'genres' },
    split: { kind: 'column' },
  });
  // holdout 0: the fixture's train split is exactly what trains, so each row's support and the warm test rows can
  // be stated from the file (a carved validation split is checked on the implicit run below).
  mf = await services.train({
    dataset: 'cold',
    model: 'mf',
    dim: 8,
    epochs: 20,
    lr: 0.02,
    seed: 7,
    threads: 1,
    holdout: 0,
  }).settled;
}, 60_000);
afterAll(() => {
  services.close();
  tmp.cleanup();
});

const h = () => services.handlers;

describe('training support stored with the tables', () => {
  it('counts each row’s training ratings; rows seen only in test have 0', async () => {
    const run = await h()['runs:get']({ runId: mf.runId });
    for (const [table, role] of [
      ['items', 'item'],
      ['users', 'user'],
    ] as const) {
      const counts = loadTable(services.db, mf.runId, table).counts!;
      const want = trainingCounts(rows, role);
      const keys = await h()['embeddings:keys']({ runId: mf.runId, table, limit: 1000 });
      expect(keys.length).toBeGreaterThan(10);
      for (const k of keys) expect(k.trainCount).toBe(want.get(k.key) ?? 0);
      expect(counts.length).toBe(run.tables.find((t) => t.name === table)!.rows);
    }
    const info = await h()['embeddings:tableInfo']({ runId: mf.runId, table: 'items' });
    expect(info).toMatchObject({ support: 'run', unit: 'ratings', untrained: 1, defaultMinCount: DEFAULT_MIN_COUNT });
    expect(info.genres.map((g) => g.genre)).toEqual(expect.arrayContaining(['Comedy', 'Horror', 'Drama']));
  });
});

describe('rows never trained are never returned', () => {
  it('leaves them out of neighbours at any minimum count, and says how many it hid', async () => {
    for (const minCount of [0, 1, 2, 5]) {
      const r = await h()['embeddings:neighbors']({
        runId: mf.runId,
        table: 'items',
        key: 'a0',
        k: 100,
        filter: { minCount },
      });
      expect(r.neighbors.map((n) => n.key)).not.toContain('c0');
      expect(r.neighbors.every((n) => n.count! >= Math.max(1, minCount))).toBe(true);
      expect(r.neighbors.some((n) => n.key === 'r0')).toBe(minCount <= 2);
      expect(r.filter).toMatchObject({ minCount, support: 'run', untrained: 1 });
    }
  });

  it('refuses a query on one, saying its vector is its random start', async () => {
    const asked = h()['embeddings:neighbors']({ runId: mf.runId, table: 'items', key: 'c0' });
    await expect(asked).rejects.toMatchObject({ code: 'Untrained' });
    await expect(asked).rejects.toThrow(
      /"Cold Case \(2001\)" \(item c0\) has no training ratings: its vector is its random start/,
    );
    await expect(
      h()['embeddings:analogy']({ runId: mf.runId, table: 'items', positive: ['a0', 'c0'], negative: ['b0'] }),
    ).rejects.toMatchObject({ code: 'Untrained' });
    await expect(h()['embeddings:recommend']({ runId: mf.runId, user: 'ucold' })).rejects.toMatchObject({
      code: 'Untrained',
    });
  });

  it('never gives one as an analogy answer or a recommendation', async () => {
    const a = await h()['embeddings:analogy']({
      runId: mf.runId,
      table: 'items',
      positive: ['a0', 'b1'],
      negative: ['b0'],
      k: 100,
      filter: { minCount: 0 },
    });
    expect(a.results.map((n) => n.key)).not.toContain('c0');
    for (const user of ['u0', 'u50', 'u79']) {
      const r = await h()['embeddings:recommend']({ runId: mf.runId, user, k: 40, filter: { minCount: 0 } });
      expect(r.recommendations.map((x) => x.key)).not.toContain('c0');
    }
    const folded = await h()['embeddings:recommend']({
      runId: mf.runId,
      items: [
        { key: 'a0', rating: 5 },
        { key: 'c0', rating: 5 },
        { key: 'nosuch', rating: 1 },
      ],
    });
    expect(folded).toMatchObject({ untrained: ['c0'], unknown: ['nosuch'], items: [{ key: 'a0' }] });
  });

  it('keeps items under the minimum count off recommendations by default', async () => {
    const r = await h()['embeddings:recommend']({ runId: mf.runId, user: 'u4', k: 30 });
    expect(r.filter.minCount).toBe(DEFAULT_MIN_COUNT);
    expect(r.recommendations.every((x) => x.count! >= DEFAULT_MIN_COUNT)).toBe(true);
    const comedy = await h()['embeddings:recommend']({
      runId: mf.runId,
      user: 'u4',
      k: 30,
      filter: { genre: 'horror' },
    });
    expect(comedy.recommendations.length).toBeGreaterThan(0);
    expect(comedy.recommendations.every((x) => x.genres.includes('Horror'))).toBe(true);
  });

  it('leaves them, and rows under the minimum count, off a map', async () => {
    const want = trainingCounts(rows, 'item');
    const counted = [...want.values()];
    for (const minCount of [0, DEFAULT_MIN_COUNT]) {
      const map = await h()['embeddings:project']({ runId: mf.runId, table: 'items', method: 'pca', minCount });
      expect(map.keys.length).toBe(counted.filter((c) => c >= Math.max(1, minCount)).length);
      expect(map.keys.every((k) => (want.get(k) ?? 0) >= Math.max(1, minCount))).toBe(true);
      expect(map.filter).toMatchObject({ minCount, untrained: 1 });
      expect(map.filter.belowMinCount).toBe(counted.filter((c) => c > 0 && c < Math.max(1, minCount)).length);
      const points = await h()['embeddings:projectionPoints']({ runId: mf.runId, table: 'items', minCount });
      expect(points.keys).toEqual(map.keys);
    }
  });
});

describe('scores say what they are', () => {
  it('mf: a predicted rating clamped to the scale, whose parts add up to the score', async () => {
    const r = await h()['embeddings:recommend']({ runId: mf.runId, user: 'u3', k: 10 });
    expect(r).toMatchObject({ scoreKind: 'rating', scale: { min: 1, max: 5 } });
    const train = rows.filter((x) => x.split === 'train');
    const mu = train.reduce((s, x) => s + x.rating, 0) / train.length;
    for (const rec of r.recommendations) {
      const p = rec.parts;
      expect(p.globalMean).toBeCloseTo(mu, 5);
      expect(p.globalMean + p.userBias + p.itemBias + p.dot).toBeCloseTo(rec.score, 9);
      expect(rec.predicted).toBeCloseTo(Math.min(5, Math.max(1, rec.score)), 9);
      // u3 is in group a: its recommendations are a* items, explained by a* items it liked.
      expect(rec.key[0]).toBe('a');
      for (const b of rec.because) expect(b.contribution).toBeGreaterThan(0);
    }
    expect(r.recommendations[0]!.because.length).toBeGreaterThan(0);
    expect(r.recommendations[0]!.because.every((b) => b.key[0] === 'a')).toBe(true);
  });
});

describe('metrics leave cold rows out', () => {
  it('reports the test ratings of users or items never trained, and its RMSE is over the others only', async () => {
    const trainedItems = trainingCounts(rows, 'item');
    const trainedUsers = trainingCounts(rows, 'user');
    const test = rows.filter((r) => r.split === 'test');
    const cold = test.filter((r) => !trainedItems.has(r.item) || !trainedUsers.has(r.user));
    expect(cold.length).toBeGreaterThanOrEqual(6);
    expect(mf.cold).toEqual({ test: cold.length });
    // Recompute RMSE from the stored tables over the warm test rows.
    const users = loadTable(services.db, mf.runId, 'users');
    const items = loadTable(services.db, mf.runId, 'items');
    const run = await h()['runs:get']({ runId: mf.runId });
    const uIdx = new Map(loadVocabulary(services.db, run.datasetId, 'user').map((v) => [v.key, v.idx]));
    const iIdx = new Map(loadVocabulary(services.db, run.datasetId, 'item').map((v) => [v.key, v.idx]));
    const train = rows.filter((x) => x.split === 'train');
    const mu = train.reduce((s, x) => s + x.rating, 0) / train.length;
    let se = 0;
    const warm = test.filter((r) => !cold.includes(r));
    for (const r of warm) {
      const u = uIdx.get(r.user)!;
      const i = iIdx.get(r.item)!;
      let dot = 0;
      for (let d = 0; d < users.dim; d++) dot += users.data[u * users.dim + d]! * items.data[i * items.dim + d]!;
      const p = Math.min(5, Math.max(1, mu + users.bias![u]! + items.bias![i]! + dot));
      se += (p - r.rating) ** 2;
    }
    expect(mf.metrics.test.rmse).toBeCloseTo(Math.sqrt(se / warm.length), 4);
  });
});

describe('exports mark rows never trained, or leave them out', () => {
  it('CSV has a train_count column; --only-trained drops the row', async () => {
    const all = await h()['embeddings:export']({
      runId: mf.runId,
      table: 'items',
      format: 'csv',
      outDir: join(tmp.dir, 'all'),
    });
    expect(all).toMatchObject({ countsWritten: true, untrainedRows: 1, untrainedLeftOut: false });
    const lines = readFileSync(all.files[0]!, 'utf8').trim().split('\r\n');
    expect(lines[0]!.endsWith(',bias,train_count')).toBe(true);
    expect(lines.find((l) => l.startsWith('c0,'))!.endsWith(',0')).toBe(true);
    expect(lines.find((l) => l.startsWith('r0,'))!.endsWith(',2')).toBe(true);
    const trained = await h()['embeddings:export']({
      runId: mf.runId,
      table: 'items',
      format: 'word2vec',
      outDir: join(tmp.dir, 'trained'),
      onlyTrained: true,
    });
    expect(trained).toMatchObject({ rows: all.rows - 1, countsWritten: false, untrainedLeftOut: true });
    expect(readFileSync(trained.files[0]!, 'utf8')).not.toMatch(/^c0 /m);
  });
});

describe('implicit feedback', () => {
  it('counts positives, ranks only trained items and leaves cold positives out of the metrics', async () => {
    const result = await services.train({ dataset: 'cold', model: 'implicit', dim: 8, epochs: 5, seed: 7, threads: 1 })
      .settled;
    // The default holdout carves validation rows from train (the fixture has none): support counts the positives
    // left in train after carving, so each item has at most its file count and the total drops by the carved rows.
    const carved = result.carvedValidation!.rows;
    expect(carved).toBeGreaterThan(0);
    const counts = loadTable(services.db, result.runId, 'items').counts!;
    const keys = await h()['embeddings:keys']({ runId: result.runId, table: 'items', limit: 1000 });
    const want = trainingCounts(rows, 'item');
    for (const k of keys) expect(k.trainCount).toBeLessThanOrEqual(want.get(k.key) ?? 0);
    expect(keys.find((k) => k.key === 'c0')!.trainCount).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rows.filter((r) => r.split === 'train').length - carved);
    expect(result.cold!.test).toBeGreaterThanOrEqual(6);
    // Without carving, every item's support is its training positives in the file.
    const whole = await services.train({
      dataset: 'cold',
      model: 'implicit',
      dim: 8,
      epochs: 2,
      seed: 7,
      threads: 1,
      holdout: 0,
    }).settled;
    const wholeKeys = await h()['embeddings:keys']({ runId: whole.runId, table: 'items', limit: 1000 });
    for (const k of wholeKeys) expect(k.trainCount).toBe(want.get(k.key) ?? 0);
    const r = await h()['embeddings:recommend']({ runId: result.runId, user: 'u0', k: 40, filter: { minCount: 0 } });
    expect(r).toMatchObject({ scoreKind: 'preference', scale: null });
    expect(r.recommendations.map((x) => x.key)).not.toContain('c0');
    for (const rec of r.recommendations) {
      expect(rec.predicted).toBeNull();
      expect(rec.parts.itemBias + rec.parts.dot).toBeCloseTo(rec.score, 9);
    }
  }, 60_000);
});

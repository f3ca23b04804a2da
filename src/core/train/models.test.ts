// One contract suite for every model: trained through the real services (own process, stored run) on
// generated data whose answer is known, each must find the planted structure.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelName, TrainRequest } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings, writePlantedSessions } from '../testing';

const tmp = tempDir();
let services: Services;

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'models.db'), () => undefined);
  const ratings = join(tmp.dir, 'ratings.csv');
  writePlantedRatings(ratings, { users: 160 });
  await services.handlers['datasets:import']({ path: ratings, name: 'ratings' });
  const sessions = join(tmp.dir, 'sessions.csv');
  writePlantedSessions(sessions);
  await services.handlers['datasets:import']({
    path: sessions,
    name: 'sessions',
    mapping: { session: 'session', user: 'user', item: 'item', timestamp: 'ts' },
  });
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

const train = (req: TrainRequest) => services.train({ threads: 1, seed: 7, ...req }).settled;

/** Share of the k neighbours of each probe key that share its first letter (its planted cluster). */
async function clusterPurity(runId: number, probes: string[], k = 5): Promise<number> {
  let same = 0;
  for (const key of probes) {
    const { neighbors } = await services.handlers['embeddings:neighbors']({ runId, table: 'items', key, k });
    same += neighbors.filter((n) => n.key[0] === key[0]).length;
  }
  return same / (probes.length * k);
}

describe.each<[ModelName, TrainRequest]>([
  ['mf', { dataset: 'ratings', model: 'mf', dim: 8, epochs: 25, lr: 0.02 }],
  ['mf', { dataset: 'ratings', model: 'mf', solver: 'als', dim: 8, epochs: 6 }],
  ['implicit', { dataset: 'ratings', model: 'implicit', loss: 'warp', dim: 16, epochs: 15, threshold: 4 }],
  ['implicit', { dataset: 'ratings', model: 'implicit', loss: 'bpr', dim: 16, epochs: 30, threshold: 4 }],
  ['ials', { dataset: 'ratings', model: 'ials', dim: 16, epochs: 8, threshold: 4 }],
  ['sgns', { dataset: 'sessions', model: 'sgns', dim: 16, epochs: 5, window: 3, sample: 0 }],
  ['cbow', { dataset: 'sessions', model: 'cbow', dim: 16, epochs: 5, window: 3, sample: 0 }],
])('%s finds the planted structure', (model, req) => {
  it(`trains, stores its tables and beats its baseline (${JSON.stringify(req)})`, async () => {
    const result = await train(req);
    expect(result).toMatchObject({ type: 'result', model, engine: 'cpu' });
    const detail = await services.handlers['runs:get']({ runId: result.runId });
    expect(detail.status).toBe('completed');
    expect(detail.epochs.length).toBe(result.epochs);
    if (model === 'mf') {
      expect(result.metrics.test.rmse!).toBeLessThan(0.75 * result.baselines.globalMean!.test.rmse!);
      expect(result.metrics.test.rmse!).toBeLessThan(result.baselines.biasOnly!.test.rmse!);
      expect(await clusterPurity(result.runId, ['a1', 'a7', 'b2', 'b9'])).toBeGreaterThan(0.9);
    } else if (model === 'implicit' || model === 'ials') {
      const recall = result.metrics.test['recall@10']!;
      expect(recall).toBeGreaterThan(1.5 * result.baselines.popularity!.test['recall@10']!);
      expect(Object.keys(result.metrics.test).sort()).toEqual([
        'coverage',
        'hitrate@10',
        'map@10',
        'ndcg@10',
        'recall@10',
      ]);
    } else {
      expect(detail.tables.map((t) => t.name).sort()).toEqual(['items', 'items.context']);
      expect(await clusterPurity(result.runId, ['x1', 'x4', 'y0', 'y8'])).toBeGreaterThan(0.9);
      expect(result.metrics.test['hitrate@10']).toBeGreaterThan(0.5); // 15 items per cluster: chance is ~1/3
    }
  });
});

describe('recommendations from a trained run', () => {
  it("recommends unseen items of the user's cluster, explained by their liked items, and folds in a new user", async () => {
    const result = await train({ dataset: 'ratings', model: 'mf', dim: 8, epochs: 25, lr: 0.02 });
    const forUser = await services.handlers['embeddings:recommend']({ runId: result.runId, user: 'u3', k: 5 });
    // u3 is in group a (users u0..u79 love a* items).
    expect(forUser.recommendations).toHaveLength(5);
    expect(forUser.recommendations.every((r) => r.key.startsWith('a'))).toBe(true);
    expect(forUser.recommendations[0]!.because.every((b) => b.key.startsWith('a'))).toBe(true);
    // An ials run folds a new user in by its exact user half-step: items of the cluster they touched.
    const ials = await train({ dataset: 'ratings', model: 'ials', dim: 8, epochs: 8, threshold: 4 });
    const liked = await services.handlers['embeddings:recommend']({
      runId: ials.runId,
      items: ['b1', 'b4', 'b6'].map((key) => ({ key })),
      k: 5,
    });
    expect(liked.recommendations.every((r) => r.key.startsWith('b') && !['b1', 'b4', 'b6'].includes(r.key))).toBe(true);
    const fresh = await services.handlers['embeddings:recommend']({
      runId: result.runId,
      items: [
        { key: 'b1', rating: 5 },
        { key: 'b4', rating: 5 },
        { key: 'a2', rating: 1 },
        { key: 'zz', rating: 3 },
      ],
      k: 5,
    });
    expect(fresh).toMatchObject({ foldIn: true, user: null, unknown: ['zz'] });
    expect(fresh.recommendations.every((r) => r.key.startsWith('b') && r.key !== 'b1' && r.key !== 'b4')).toBe(true);
  });
});

describe('large tables', () => {
  it('delivers a result whose tables are megabytes (the last IPC message is flushed before the process leaves)', async () => {
    const path = join(tmp.dir, 'many-items.csv');
    writePlantedSessions(path, { sessions: 3000, perCluster: 1500 });
    await services.handlers['datasets:import']({ path, name: 'many', mapping: { session: 'session', item: 'item' } });
    const result = await train({ dataset: 'many', model: 'sgns', dim: 100, epochs: 1 });
    const detail = await services.handlers['runs:get']({ runId: result.runId });
    // ~3,000 rows × 100 floats × 2 tables: 2.4 MB through the pipe in one message.
    expect(detail.tables.map((t) => [t.name, t.dim])).toEqual([
      ['items', 100],
      ['items.context', 100],
    ]);
    expect(detail.tables[0]!.rows).toBeGreaterThan(2500);
  });
});

describe('refusals', () => {
  it('says which models a dataset supports, and which options a model has', () => {
    expect(() => services.train({ dataset: 'sessions', model: 'mf' })).toThrow(
      /dataset "sessions": mf needs a rating column; this dataset was imported without one/,
    );
    expect(() => services.train({ dataset: 'ratings', model: 'sgns' })).toThrow(
      /dataset "ratings": sgns needs token sequences/,
    );
    expect(() => services.train({ dataset: 'ratings', model: 'mf', window: 3 })).toThrow(/mf has no option "window"/);
    expect(() => services.train({ dataset: 'sessions', model: 'sgns', patience: 2 })).toThrow(
      /patience needs a validation score/,
    );
  });
});

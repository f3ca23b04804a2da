// The tfjs engine through the real services (own training process, stored run): the engine and backend are
// stored (migration v4) and returned, `auto` stays on the CPU engine without a GPU, and requests the tfjs
// engine cannot train are refused before a run is created.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../shared';
import { resolveTrainConfig } from '../config';
import { gpuAvailable } from './backend';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings, writePlantedSessions } from '../testing';

const tmp = tempDir();
let services: Services;

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'engines.db'), () => undefined);
  const ratings = join(tmp.dir, 'ratings.csv');
  writePlantedRatings(ratings, { users: 80 });
  await services.handlers['datasets:import']({ path: ratings, name: 'ratings' });
  const sessions = join(tmp.dir, 'sessions.csv');
  writePlantedSessions(sessions, { sessions: 200 });
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

describe('engine choice through the services', () => {
  it('trains mf on tfjs and stores the engine and backend with the run', async () => {
    const result = await services.train({
      dataset: 'ratings',
      model: 'mf',
      engine: 'tfjs',
      dim: 8,
      epochs: 10,
      threads: 2,
    }).settled;
    expect(result).toMatchObject({ type: 'result', model: 'mf', engine: 'tfjs' });
    // Why not tfjs-node-gpu, and that threads did nothing.
    expect(result.engineNotes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tfjs-node-gpu: /),
        'threads 2 ignored: TensorFlow.js schedules its own work',
      ]),
    );
    // No tfjs-node here: the wasm backend with the scatter-add kernel.
    expect(['tfjs-node', 'wasm']).toContain(result.backend);
    expect(result.metrics.test.rmse!).toBeLessThan(result.baselines.globalMean!.test.rmse!);
    const detail = await services.handlers['runs:get']({ runId: result.runId });
    expect(detail).toMatchObject({ engine: 'tfjs', backend: result.backend, status: 'completed' });
    expect(detail.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(detail.tables.map((t) => t.name)).toEqual(['items', 'users']);
  });

  it('trains sgns on tfjs with the CPU engine’s table names and next-item metric', async () => {
    const result = await services.train({
      dataset: 'sessions',
      model: 'sgns',
      engine: 'tfjs',
      dim: 8,
      epochs: 2,
      sample: 0,
    }).settled;
    expect(result.engine).toBe('tfjs');
    const detail = await services.handlers['runs:get']({ runId: result.runId });
    expect(detail.tables.map((t) => t.name)).toEqual(['items', 'items.context']);
    expect(Object.keys({ ...result.metrics.valid, ...result.metrics.test })).toContain('hitrate@10');
  });

  it('cancels a tfjs run: the process is killed and the run stored as cancelled', async () => {
    const { runId, settled } = services.train({
      dataset: 'ratings',
      model: 'mf',
      engine: 'tfjs',
      dim: 8,
      epochs: 5000,
    });
    // Wait until it trains (its first epoch is stored), then cancel.
    for (let n = 0; n < 200; n++) {
      const d = await services.handlers['runs:get']({ runId });
      if (d.epochs.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await services.handlers['runs:cancel']({ runId })).toEqual({ cancelled: true });
    await expect(settled).rejects.toMatchObject({ code: 'Cancelled' });
    const detail = await services.handlers['runs:get']({ runId });
    expect(detail.status).toBe('cancelled');
    expect(detail.engine).toBe('tfjs');
  });

  it('auto trains on the GPU where tfjs-node-gpu sees one, else on the CPU engine, and says why', async () => {
    const gpu = await gpuAvailable();
    // ν = 1: a config tfjs trains, so a GPU would take it (auto leaves mf's default ν = 0.5 to the CPU engine).
    const result = await services.train({
      dataset: 'ratings',
      model: 'mf',
      dim: 4,
      epochs: 2,
      threads: 1,
      regExponent: 1,
    }).settled;
    const expected = gpu.available
      ? { engine: 'tfjs', backend: 'tfjs-node-gpu' }
      : { engine: 'cpu', backend: 'cpu-engine' };
    expect(result).toMatchObject(expected);
    if (!gpu.available)
      expect(result.engineNotes?.join()).toMatch(/^auto: the CPU engine, as there is no GPU path \(tfjs-node-gpu: /);
    const runs = await services.handlers['runs:list'](undefined);
    expect(runs.find((r) => r.id === result.runId)).toMatchObject(expected);
  });

  it('refuses what the tfjs engine does not train, with what to do instead', () => {
    expect(() => services.train({ dataset: 'sessions', model: 'cbow', engine: 'tfjs' })).toThrow(/--engine cpu/);
    expect(() => services.train({ dataset: 'ratings', model: 'implicit', engine: 'tfjs', loss: 'warp' })).toThrow(
      /bpr only/,
    );
    expect(() => resolveTrainConfig({ dataset: 'x', engine: 'gpu' as never })).toThrow(
      /engine is one of auto, cpu, tfjs/,
    );
    const loss = (c: TrainConfig): string | null => (c.model === 'implicit' ? c.loss : null);
    expect(loss(resolveTrainConfig({ dataset: 'x', model: 'implicit', engine: 'tfjs' }))).toBe('bpr');
    expect(loss(resolveTrainConfig({ dataset: 'x', model: 'implicit' }))).toBe('warp');
  });
});

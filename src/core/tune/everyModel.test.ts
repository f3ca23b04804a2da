// A study for every model and both engines, each with its default objective (or the one named): implicit on the
// CPU engine and ials (NDCG@10), mf on TensorFlow.js, sgns over item sessions (next-item hit rate) and the classifier
// (AUC, tfjs). Two trials of two epochs each: this checks the machinery per model, not what tuning finds.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TuneRequest } from '../../shared';
import { generateTextTask, writeTextTaskCsv } from '../tasks/textTask';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings, writePlantedSessions } from '../testing';

const tmp = tempDir('ewb-study-models-');
let services: Services;

beforeAll(async () => {
  const ratings = join(tmp.dir, 'ratings.csv');
  const sessions = join(tmp.dir, 'sessions.csv');
  const reviews = join(tmp.dir, 'reviews.csv');
  writePlantedRatings(ratings);
  writePlantedSessions(sessions, { sessions: 300 });
  writeTextTaskCsv(reviews, generateTextTask({ kind: 'planted', documents: 300, seed: 5 }));
  services = headlessServices(join(tmp.dir, 'p.db'), () => undefined);
  const imp = services.handlers['datasets:import'];
  await imp({ path: ratings, name: 'ratings' });
  await imp({ path: sessions, name: 'sessions', mapping: { session: 'session', item: 'item', timestamp: 'ts' } });
  await imp({ path: reviews, name: 'reviews', mapping: { text: 'text', label: 'label' } });
});

afterAll(() => {
  services?.close();
  tmp.cleanup();
});

const small = { trials: 2, parallel: 2, sampler: 'random', pruner: 'none' } as const;

async function study(req: TuneRequest) {
  const result = await services.tune(req).settled;
  const detail = await services.handlers['studies:get']({ studyId: result.studyId });
  const runs = await services.handlers['runs:list'](undefined);
  return { detail, runs: detail.trials.map((t) => runs.find((r) => r.id === t.runId)!) };
}

describe('a study of every model', () => {
  it('implicit (WARP, CPU engine) on NDCG@10', async () => {
    const { detail } = await study({ dataset: 'ratings', model: 'implicit', fixed: { epochs: 2 }, ...small });
    expect(detail.objective).toEqual({ name: 'valid.ndcg@10', direction: 'maximize' });
    expect(detail.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    for (const t of detail.trials) expect(t.value).toBeGreaterThan(0);
  });

  it('ials on NDCG@10 too, its defaults as trial 1', async () => {
    const alpha = { kind: 'range', low: 0.5, high: 4, log: true, integer: false } as const;
    const { detail } = await study({
      dataset: 'ratings',
      model: 'ials',
      fixed: { epochs: 2, dim: 8 },
      space: { alpha },
      ...small,
    });
    expect(detail.objective).toEqual({ name: 'valid.ndcg@10', direction: 'maximize' });
    expect(detail.trials.map((t) => [t.state, t.arm])).toEqual([
      ['complete', 'defaults'],
      ['complete', null],
    ]);
    expect(detail.trials[0]!.params).toEqual({ alpha: 1 });
  });

  it('mf on the TensorFlow.js engine', async () => {
    const { detail, runs } = await study({
      dataset: 'ratings',
      model: 'mf',
      fixed: { epochs: 2, engine: 'tfjs' },
      space: { lr: { kind: 'range', low: 0.005, high: 0.02, log: true, integer: false } },
      ...small,
    });
    expect(detail.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(runs.map((r) => r.engine)).toEqual(['tfjs', 'tfjs']);
    expect(detail.best!.metrics.test.rmse).toBeGreaterThan(0);
  });

  it('sgns over item sessions on the next item’s hit rate', async () => {
    const { detail } = await study({ dataset: 'sessions', model: 'sgns', fixed: { epochs: 2, dim: 16 }, ...small });
    expect(detail.objective.name).toBe('valid.hitrate@10');
    expect(detail.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(Object.keys(detail.space).sort()).toEqual(['lr', 'negative', 'sample', 'window']);
  });

  it('the classifier (tfjs) on validation AUC', async () => {
    const { detail, runs } = await study({
      dataset: 'reviews',
      model: 'classifier',
      objective: 'valid.auc',
      fixed: { epochs: 2, maxLen: 20 },
      ...small,
    });
    expect(detail.objective).toEqual({ name: 'valid.auc', direction: 'maximize' });
    expect(detail.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    for (const t of detail.trials) expect(t.value).toBeGreaterThan(0.5);
    expect(runs.every((r) => r.engine === 'tfjs')).toBe(true);
  });
});

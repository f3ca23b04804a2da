// Studies through the real services: trials are runs in their own processes, grouped under a study in SQLite;
// cross-validation trains each fold with the fold as its validation split (the training process applies the
// request's folds: a dataset without validation rows still gets valid metrics); the best config refits on
// train + valid. Tiny on purpose: the machine's two cores are shared.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyEvent } from '../../shared';
import { finalFitRequest, resolveTrainRequest } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings } from '../testing';
import { randomSampler } from './samplers';

const tmp = tempDir('ewb-study-');
let services: Services;
const events: StudyEvent[] = [];

beforeAll(async () => {
  const file = join(tmp.dir, 'planted.csv');
  writePlantedRatings(file);
  services = headlessServices(join(tmp.dir, 'p.db'), (event, payload) => {
    if (event === 'studies:progress') events.push(payload as StudyEvent);
  });
  await services.handlers['datasets:import']({ path: file, name: 'planted' });
  // The same ratings without a validation split: only folds can give it one.
  await services.handlers['datasets:import']({ path: file, name: 'novalid', split: { kind: 'random', valid: 0 } });
});

afterAll(() => {
  services?.close();
  tmp.cleanup();
});

describe('a study', () => {
  let studyId = 0;

  it('runs its trials as runs, two at a time, and keeps the best with its config and metrics', async () => {
    const start = services.tune({
      dataset: 'planted',
      model: 'mf',
      trials: 4,
      parallel: 2,
      sampler: 'random',
      fixed: { epochs: 4, patience: 0 },
      space: {
        lr: { kind: 'range', low: 0.005, high: 0.05, log: true, integer: false },
        dim: { kind: 'choice', values: [4, 8] },
      },
      seed: 3,
    });
    studyId = start.studyId;
    const result = await start.settled;
    expect(result).toMatchObject({ type: 'result', studyId, status: 'completed', trials: 4 });
    const detail = await services.handlers['studies:get']({ studyId });
    expect(detail.trials.map((t) => t.number)).toEqual([1, 2, 3, 4]);
    const runs = await services.handlers['runs:list'](undefined);
    for (const t of detail.trials) {
      expect(['complete', 'pruned']).toContain(t.state);
      expect(Date.parse(t.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(t.startedAt));
      const run = runs.find((r) => r.id === t.runId)!;
      expect(run.config).toMatchObject({
        model: 'mf',
        epochs: 4,
        seed: 3,
        threads: 1,
        lr: t.params.lr,
        dim: t.params.dim,
      });
      if (t.state === 'complete') expect(t.curve.at(-1)![1]).toBeGreaterThanOrEqual(t.value!); // best epoch's
    }
    const best = detail.trials.filter((t) => t.state === 'complete').sort((a, b) => a.value! - b.value!)[0]!;
    expect(detail.best).toMatchObject({
      trial: best.number,
      runId: best.runId,
      value: best.value,
      params: best.params,
    });
    expect(result.best!.metrics.valid.rmse).toBe(best.value);
    expect(result.best!.metrics.test.rmse).toBeGreaterThan(0);
    expect(detail.importance.map((i) => i.option).sort()).toEqual(['dim', 'lr']);
    // Progress: every trial started and ended, and the study finished.
    expect(events.filter((e) => e.type === 'trial' && e.trial.state !== 'running')).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: 'finished', studyId, status: 'completed' });
    expect((await services.handlers['studies:list'](undefined))[0]).toMatchObject({ id: studyId, trialsDone: 4 });
  });

  it('refits the best config on train + valid for its best epoch count', async () => {
    const detail = await services.handlers['studies:get']({ studyId });
    const req = finalFitRequest(detail)!;
    expect(req).toMatchObject({
      trainOnValid: true,
      patience: 0,
      epochs: detail.best!.bestEpoch,
      lr: detail.best!.params.lr,
    });
    const result = await services.train(req).settled;
    expect(result.metrics.valid).toEqual({}); // the valid rows were trained on
    expect(result.metrics.test.rmse).toBeGreaterThan(0);
    // A best config holding an option mf does not have (one an older version stored) still gives a request mf
    // takes; its own options, side features included, are kept.
    const config = { ...detail.best!.config, features: 'items', window: 5 };
    const older = { ...detail, best: { ...detail.best!, config } };
    const again = finalFitRequest(older as typeof detail)!;
    expect('window' in again).toBe(false);
    expect(again).toMatchObject({ features: 'items' });
    expect(() => resolveTrainRequest(again, 1)).not.toThrow();
  });

  it('stops when cancelled, keeping the running trial to resume, and resumes to the end of its budget', async () => {
    const space = { lr: { kind: 'range' as const, low: 0.005, high: 0.05, log: true, integer: false } };
    const req = { dataset: 'planted', model: 'mf' as const, trials: 3, parallel: 1, fixed: { epochs: 3 }, space };
    const start = services.tune(req);
    // Cancel as soon as the first trial has ended.
    await new Promise<void>((resolve) => {
      const timer = setInterval(async () => {
        const d = await services.handlers['studies:get']({ studyId: start.studyId });
        if (d.trials.some((t) => t.state !== 'running')) {
          clearInterval(timer);
          services.cancelStudy(start.studyId);
          resolve();
        }
      }, 100);
    });
    expect((await start.settled).status).toBe('cancelled');
    const stopped = await services.handlers['studies:get']({ studyId: start.studyId });
    expect(stopped.status).toBe('cancelled');
    expect(stopped.trials.length).toBeLessThan(3);
    const resumed = await services.resumeStudy(start.studyId).settled;
    expect(resumed).toMatchObject({ status: 'completed', trials: 3 });
    const done = await services.handlers['studies:get']({ studyId: start.studyId });
    expect(done.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
    expect(() => services.resumeStudy(start.studyId)).toThrow(/only a cancelled or interrupted study/);
  });

  it('trains the defaults first when the space holds them, and lets the sampler propose it when told', async () => {
    const space = {
      lr: { kind: 'range' as const, low: 0.005, high: 0.05, log: true, integer: false },
      reg: { kind: 'range' as const, low: 0.3, high: 4.8, log: true, integer: false },
    };
    const req = { dataset: 'planted', model: 'mf' as const, parallel: 1, fixed: { epochs: 3, dim: 4 }, space, seed: 5 };
    const first = await services.tune({ ...req, trials: 3, sampler: 'random' }).settled;
    const detail = await services.handlers['studies:get']({ studyId: first.studyId });
    // The model's defaults (lr 0.03, λ 1.2) under the fixed options, as trial 1.
    expect(detail.trials[0]).toMatchObject({ number: 1, arm: 'defaults', params: { lr: 0.03, reg: 1.2 } });
    expect(detail.trials.slice(1).map((t) => t.arm)).toEqual([null, null]);
    const runs = await services.handlers['runs:list'](undefined);
    expect(runs.find((r) => r.id === detail.trials[0]!.runId)!.config).toMatchObject({ lr: 0.03, reg: 1.2, dim: 4 });
    expect(detail.best!.value).toBeLessThanOrEqual(detail.trials[0]!.value!);
    // Opted out, trial 1 is the sampler's draw for trial 1.
    const out = await services.tune({ ...req, trials: 1, sampler: 'random', defaultsTrial: false }).settled;
    const own = (await services.handlers['studies:get']({ studyId: out.studyId })).trials[0]!;
    expect(own.arm).toBeNull();
    expect(own.params).toEqual(randomSampler(5)(space, [], 1));
    // Asked for, with defaults the space leaves out: refused before any trial.
    const narrow = { lr: { ...space.lr, high: 0.01 } };
    expect(() => services.tune({ ...req, space: narrow, defaultsTrial: true })).toThrow(
      /the defaults trial: lr 0.03 is outside 0.005..0.01:log/,
    );
  });

  it('refuses a space its model cannot take, before any trial', () => {
    expect(() =>
      services.tune({ dataset: 'planted', model: 'mf', space: { window: { kind: 'choice', values: [2] } } }),
    ).toThrow(/mf has no option "window"/);
    expect(() => services.tune({ dataset: 'planted', model: 'mf', objective: 'test.rmse' })).toThrow(/never on test/);
  });
});

describe('cross-validation', () => {
  it('trains every fold of each config with the fold as validation, and compares them pairwise', async () => {
    const start = services.tune({
      dataset: 'novalid',
      model: 'mf',
      trials: 0,
      fixed: { epochs: 3, dim: 4 },
      crossValidate: {
        k: 3,
        candidates: [
          { label: 'slow', options: { lr: 0.002 } },
          { label: 'fast', options: { lr: 0.03 } },
        ],
      },
    });
    const result = await start.settled;
    const cv = result.crossValidation!;
    expect(cv.arms.map((a) => [a.label, a.done])).toEqual([
      ['slow', 3],
      ['fast', 3],
    ]);
    const runs = await services.handlers['runs:list'](undefined);
    const configs = cv.arms.flatMap((a) => a.runIds.map((id) => runs.find((r) => r.id === id)!.config));
    expect(configs.map((c) => ('folds' in c ? c.folds?.fold : null))).toEqual([0, 1, 2, 0, 1, 2]);
    for (const a of cv.arms) {
      expect(a.valid.rmse!.values).toHaveLength(3); // folds made a validation split the dataset does not have
      expect(a.valid.rmse!.sd).toBeGreaterThan(0);
    }
    expect(cv.comparisons.map((c) => [c.b, c.a, c.split])).toEqual([
      ['fast', 'slow', 'valid'],
      ['fast', 'slow', 'test'],
    ]);
    const valid = cv.comparisons[0]!;
    expect(valid.low).toBeLessThanOrEqual(valid.meanDiff);
    expect(valid.high).toBeGreaterThanOrEqual(valid.meanDiff);
    expect(valid.meanDiff).toBeCloseTo(cv.arms[1]!.valid.rmse!.mean - cv.arms[0]!.valid.rmse!.mean, 10);
  });
});

// An mf run with side features through the real services (issue 17): on planted ratings where each user rates their
// genre high, an item held out of training is a rating predicted from its features — recommended with its parts
// (μ, b_u, b_i from its genre, p·q) adding up to its score, a neighbour of its genre — and a new user given only a
// country gets that country's taste and bias. A run stopped after an epoch resumes with its features.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecommendResult, RunEvent, TrainRequest, TrainResult } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir } from '../testing';
import { COLD_RATINGS_RUN, genreOf, isCold, userGenre, writeColdRatings, writeUserCountries } from './coldItemsFixture';

const tmp = tempDir();
let services: Services;
let run: TrainResult;
let onEvent: (e: RunEvent) => void = () => undefined;
const h = () => services.handlers;
const config: TrainRequest = { dataset: 'ratings', ...COLD_RATINGS_RUN };

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'mf.db'), (name, payload) => {
    if (name === 'runs:progress') onEvent(payload as RunEvent);
  });
  const rows = writeColdRatings(join(tmp.dir, 'ratings.csv'));
  writeUserCountries(join(tmp.dir, 'users.csv'), rows);
  await h()['datasets:import']({
    path: join(tmp.dir, 'ratings.csv'),
    name: 'ratings',
    mapping: { user: 'user', item: 'item', rating: 'rating', split: 'split', title: 'title', genres: 'genres' },
    split: { kind: 'column' },
    features: [{ of: 'user', path: join(tmp.dir, 'users.csv'), key: 'user', columns: ['country'] }],
  });
  run = await services.train(config).settled;
}, 120_000);
afterAll(() => {
  services.close();
  tmp.cleanup();
});

/** Every recommendation's parts add up to its score, and its rating is that score clamped to the scale. */
function expectParts(r: RecommendResult): void {
  expect(r.scoreKind).toBe('rating');
  for (const x of r.recommendations) {
    const { globalMean, userBias, itemBias, dot } = x.parts;
    expect(globalMean + userBias + itemBias + dot).toBeCloseTo(x.score, 4);
    expect(x.predicted).toBe(Math.min(r.scale!.max, Math.max(r.scale!.min, x.score)));
  }
}

describe('an mf run with side features', () => {
  it('predicts the ratings of items held out entirely far better than μ + b_u, and stores the feature tables', async () => {
    const { test } = run.metrics;
    expect(test['cold:rmse']).toBeLessThan(0.6 * run.baselines.biasOnly!.test['cold:rmse']!);
    expect(run.baselines.biasFeatures!.test['cold:rmse']).toBeGreaterThan(test['cold:rmse']!);
    const detail = await h()['runs:get']({ runId: run.runId });
    expect(detail.tables.map((t) => t.name).sort()).toEqual(['item_features', 'items', 'user_features', 'users']);
  });

  it('recommends a user the new items of their genre as ratings, each explained by parts from its features', async () => {
    for (const user of ['u0', 'u1', 'u2']) {
      const r = await h()['embeddings:recommend']({ runId: run.runId, user, k: 9, filter: { fromFeatures: true } });
      expect(r.recommendations).toHaveLength(9);
      expect(r.recommendations.every((x) => x.fromFeatures === true && isCold(x.key))).toBe(true);
      // The user's genre first, predicted high; the others low.
      const [mine, others] = [r.recommendations.slice(0, 3), r.recommendations.slice(3)];
      expect(mine.map((x) => genreOf(x.key))).toEqual(Array(3).fill(userGenre(user)));
      expect(Math.min(...mine.map((x) => x.predicted!))).toBeGreaterThan(3.5);
      expect(Math.max(...others.map((x) => x.predicted!))).toBeLessThan(2.5);
      expectParts(r);
      // The user bias is the user's own (trained): the same in every row.
      expect(new Set(r.recommendations.map((x) => x.parts.userBias)).size).toBe(1);
    }
  });

  it('gives a cold item neighbours of its genre', async () => {
    const n = await h()['embeddings:neighbors']({ runId: run.runId, table: 'items', key: 'xc0', k: 5 });
    expect(n.fromFeatures).toBe(true);
    expect(n.neighbors.map((x) => x.genres)).toEqual(Array(5).fill(['Comedy']));
  });

  it('recommends for a new user from a country alone, the bias from the country too', async () => {
    const r = await h()['embeddings:recommend']({
      runId: run.runId,
      userFeatures: [{ column: 'country', value: 'it' }],
      k: 5,
    });
    expect(r.recommendations.every((x) => x.genres[0] === 'Drama')).toBe(true);
    expectParts(r);
    expect(r.recommendations[0]!.parts.userBias).not.toBe(0);
  });

  it('resumes after a stop with its feature tables, its cold items still predicted from them', async () => {
    const started = services.train({ ...config, epochs: 8 });
    onEvent = (e) => {
      if (e.type === 'epoch' && e.runId === started.runId && e.metrics.epoch === 2) services.cancel(started.runId);
    };
    await expect(started.settled).rejects.toMatchObject({ code: 'Cancelled' });
    onEvent = () => undefined;
    const stopped = await h()['runs:get']({ runId: started.runId });
    const at = stopped.checkpointEpoch!;
    expect(at).toBeGreaterThanOrEqual(1);
    const result = await services.resume(started.runId).settled;
    const detail = await h()['runs:get']({ runId: started.runId });
    expect(detail.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Epoch after the checkpoint goes on from it: no worse on the cold items than the checkpoint was.
    const cold = (epoch: number): number => detail.epochs[epoch - 1]!.test['cold:rmse']!;
    expect(cold(at + 1)).toBeLessThan(cold(at) + 0.05);
    expect(result.metrics.test['cold:rmse']).toBeLessThan(result.baselines.biasOnly!.test['cold:rmse']!);
    const fromFeatures = await h()['embeddings:recommend']({
      runId: started.runId,
      user: 'u0',
      k: 9,
      filter: { fromFeatures: true },
    });
    expect(fromFeatures.recommendations).toHaveLength(9);
  });
});

// A cold item is recommended from its features (issue 17): trained through the real services on planted data
// where users like one genre and some items have no training interaction, an item whose vector comes from trained
// features is a row like any other — recommended, a neighbour, asked about, folded in — with its features' support
// as its count, while an item with neither interactions nor trained features stays hidden.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureFile, TrainResult } from '../../shared';
import { DEFAULT_MIN_COUNT } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir } from '../testing';
import {
  LONELY,
  NEW_USER,
  NO_FEATURES,
  genreOf,
  isCold,
  trainingByGenre,
  userGenre,
  writeColdItems,
  writeUserCountries,
  type PlantedRow,
} from './coldItemsFixture';

const tmp = tempDir();
let services: Services;
let rows: PlantedRow[];
let run: TrainResult;
const h = () => services.handlers;

/** Imports the planted file (and feature files), then trains WARP with these side features. */
async function importAndTrain(
  name: string,
  features: 'items' | 'both',
  files: FeatureFile[] = [],
): Promise<TrainResult> {
  await h()['datasets:import']({
    path: join(tmp.dir, 'cold.csv'),
    name,
    mapping: { user: 'user', item: 'item', split: 'split', title: 'title', genres: 'genres' },
    split: { kind: 'column' },
    features: files,
  });
  // holdout 0: the file's train split is exactly what trains, so every count can be stated from the file.
  const config = { dim: 16, epochs: 15, seed: 1, threads: 1, holdout: 0 };
  return services.train({ dataset: name, model: 'implicit', loss: 'warp', features, ...config }).settled;
}

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'cold.db'), () => undefined);
  rows = writeColdItems(join(tmp.dir, 'cold.csv'));
  run = await importAndTrain('planted', 'items');
}, 120_000);
afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('cold items with trained features', () => {
  it('count the training interactions of their features; items with none of either count 0', async () => {
    const count = async (table: string, key: string): Promise<number | null | undefined> =>
      (await h()['embeddings:keys']({ runId: run.runId, table, query: key, limit: 50 })).find((k) => k.key === key)
        ?.trainCount;
    const byGenre = trainingByGenre(rows);
    const cold = [...new Set(rows.map((r) => r.item))].filter((i) => i.startsWith('x'));
    expect(cold.length).toBe(9);
    for (const key of cold) {
      expect(await count('items', key)).toBe(byGenre.get(genreOf(key)!));
      expect(byGenre.get(genreOf(key)!)).toBeGreaterThanOrEqual(DEFAULT_MIN_COUNT);
    }
    for (const key of [NO_FEATURES, LONELY]) expect(await count('items', key)).toBe(0);
    // Warm items keep their own training interactions.
    expect(await count('items', 'a0')).toBe(rows.filter((r) => r.item === 'a0' && r.split === 'train').length);
    // The feature table counts what each feature's row learnt from; the lonely genre's learnt nothing.
    expect(await count('item_features', 'genres:action')).toBe(byGenre.get('Action'));
    expect(await count('item_features', 'genres:lonely')).toBe(0);
  });

  it('are recommended to users who like their genre, under the default minimum support', async () => {
    for (const user of ['u0', 'u1', 'u2']) {
      const r = await h()['embeddings:recommend']({ runId: run.runId, user, k: 10 });
      const cold = r.recommendations.filter((x) => isCold(x.key));
      expect(cold.length).toBeGreaterThan(0);
      // The cold items a user is shown are those of their genre: they are ranked by their genre's vector.
      for (const x of cold) expect(x.genres).toEqual([userGenre(user)]);
      // Answers say which items are their features alone, and only those.
      for (const x of r.recommendations) expect(x.fromFeatures === true).toBe(isCold(x.key));
      expect(r.filter.minCount).toBe(DEFAULT_MIN_COUNT);
    }
  });

  it('are asked for alone: "which of the new items?" ranks the user’s genre first', async () => {
    const r = await h()['embeddings:recommend']({
      runId: run.runId,
      user: 'u1',
      k: 20,
      filter: { fromFeatures: true },
    });
    expect(r.filter.fromFeatures).toBe(true);
    expect(r.recommendations.map((x) => x.key).sort()).toEqual([
      'xa0',
      'xa1',
      'xa2',
      'xc0',
      'xc1',
      'xc2',
      'xd0',
      'xd1',
      'xd2',
    ]);
    expect(r.recommendations.slice(0, 3).map((x) => x.genres[0])).toEqual(['Comedy', 'Comedy', 'Comedy']);
    // The users of this run have no features: none of them is "from features", and asking so is refused.
    await expect(
      h()['embeddings:neighbors']({ runId: run.runId, table: 'users', key: 'u1', filter: { fromFeatures: true } }),
    ).rejects.toThrow(/table users has no rows from features alone/);
  });

  it('never show an item with no interactions and no trained feature, whatever the filter', async () => {
    const r = await h()['embeddings:recommend']({ runId: run.runId, user: 'u0', k: 100, filter: { minCount: 0 } });
    // Every item u0 has not seen is there, the two without a vector apart.
    const items = new Set(rows.map((x) => x.item));
    const seen = new Set(rows.filter((x) => x.user === 'u0' && x.split === 'train').map((x) => x.item));
    expect(r.recommendations.length).toBe(items.size - seen.size - 2);
    expect(r.recommendations.map((x) => x.key)).not.toContain(NO_FEATURES);
    expect(r.recommendations.map((x) => x.key)).not.toContain(LONELY);
    expect(r.filter.untrained).toBe(2);
    await expect(h()['embeddings:neighbors']({ runId: run.runId, table: 'items', key: NO_FEATURES })).rejects.toThrow(
      /"Film nofeat \(2020\)" \(item nofeat\) has no training interactions and no feature that trained: it has no vector/,
    );
  });

  it('are asked about and folded in: neighbours of a cold item are its genre', async () => {
    const n = await h()['embeddings:neighbors']({ runId: run.runId, table: 'items', key: 'xc0', k: 5 });
    expect(n.fromFeatures).toBe(true);
    expect(n.neighbors.map((x) => x.genres)).toEqual(Array(5).fill(['Comedy']));
    const folded = await h()['embeddings:recommend']({ runId: run.runId, items: [{ key: 'xd1' }], k: 5 });
    expect(folded.untrained).toEqual([]);
    expect(folded.items.map((x) => x.key)).toEqual(['xd1']);
    expect(folded.recommendations.every((x) => x.genres[0] === 'Drama')).toBe(true);
  });
});

describe('a user with no history, from user features (--features both)', () => {
  let both: TrainResult;
  beforeAll(async () => {
    const users = join(tmp.dir, 'users.csv');
    writeUserCountries(users, rows);
    both = await importAndTrain('countries', 'both', [{ of: 'user', path: users, key: 'user', columns: ['country'] }]);
  }, 120_000);

  it('a new user given a country gets that country’s genre, cold items included', async () => {
    const r = await h()['embeddings:recommend']({
      runId: both.runId,
      userFeatures: [
        { column: 'country', value: 'IT' },
        { column: 'country', value: 'nz' },
      ],
      k: 10,
    });
    expect(r.foldIn).toBe(true);
    expect(r.features!.map((f) => f.key)).toEqual(['country:it']);
    expect(r.unknown).toEqual(['country:nz']);
    expect(r.recommendations.every((x) => x.genres[0] === 'Drama')).toBe(true);
    expect(r.recommendations.some((x) => isCold(x.key))).toBe(true);
  });

  it('a dataset user with no training positive is their features: asked about by key', async () => {
    const r = await h()['embeddings:recommend']({ runId: both.runId, user: NEW_USER, k: 5 });
    expect(r.recommendations.every((x) => x.genres[0] === 'Drama')).toBe(true);
  });

  it('a run without user features says how to fold in a new user instead', async () => {
    await expect(
      h()['embeddings:recommend']({ runId: run.runId, userFeatures: [{ column: 'country', value: 'it' }] }),
    ).rejects.toThrow(/trained without user features .* fold in a new user from items/);
  });
});

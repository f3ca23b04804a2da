// Map bookmarks through the services: saved in the project and listed per run and table, a name saved again
// replaces the state, bad names and unknown runs refused in words, the boundary checks the state, and a
// removed run takes its bookmarks along; they outlive the services (a reopened project lists them).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRequest, type MapBookmarkState } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings } from '../testing';

const tmp = tempDir();
const dbPath = join(tmp.dir, 'p.db');
let services: Services;
let runId: number;

const state = (over: Partial<MapBookmarkState> = {}): MapBookmarkState => ({
  settings: {
    method: 'umap',
    seed: 3,
    perplexity: 30,
    theta: 0.5,
    exaggeration: 1,
    iterations: 750,
    gradient: 'auto',
    init: 'pca',
    neighbors: 15,
    minDist: 0.1,
    includeSpecial: false,
  },
  minCount: 5,
  colorBy: 'has:Comedy',
  labelTop: 20,
  zoom: { x0: -1, x1: 0.5, y0: 0, y1: 2 },
  focusKey: 'item7',
  ...over,
});

beforeAll(async () => {
  const csv = join(tmp.dir, 'planted.csv');
  writePlantedRatings(csv, { users: 30, itemsPerCluster: 8 });
  services = headlessServices(dbPath, () => undefined);
  await services.handlers['datasets:import']({ path: csv, name: 'planted' });
  runId = (await services.train({ dataset: 'planted', dim: 4, epochs: 2, threads: 1 }).settled).runId;
}, 120_000);
afterAll(() => {
  services?.close();
  tmp.cleanup();
});

describe('map bookmarks', () => {
  it('saves, lists per run and table, replaces by name, and deletes', async () => {
    const h = services.handlers;
    const a = await h['bookmarks:save']({ runId, table: 'items', name: ' comedy cluster ', state: state() });
    expect(a).toMatchObject({ runId, table: 'items', name: 'comedy cluster', state: state() });
    const b = await h['bookmarks:save']({ runId, table: 'items', name: 'whole', state: state({ zoom: undefined }) });
    await h['bookmarks:save']({ runId, table: 'users', name: 'whole', state: state({ colorBy: 'frequency' }) });
    expect((await h['bookmarks:list']({ runId, table: 'items' })).map((x) => x.name)).toEqual([
      'comedy cluster',
      'whole',
    ]);
    expect((await h['bookmarks:list']({ runId, table: 'items' }))[1]!.state.zoom).toBeUndefined();
    // The same name again: the state is replaced, the bookmark keeps its id and place.
    const again = await h['bookmarks:save']({
      runId,
      table: 'items',
      name: 'comedy cluster',
      state: state({ labelTop: 0 }),
    });
    expect(again.id).toBe(a.id);
    const listed = await h['bookmarks:list']({ runId, table: 'items' });
    expect(listed.map((x) => [x.name, x.state.labelTop])).toEqual([
      ['comedy cluster', 0],
      ['whole', 20],
    ]);
    expect(await h['bookmarks:delete']({ bookmarkId: b.id })).toEqual({ deleted: true });
    expect(await h['bookmarks:delete']({ bookmarkId: b.id })).toEqual({ deleted: false });
    expect((await h['bookmarks:list']({ runId, table: 'items' })).map((x) => x.name)).toEqual(['comedy cluster']);
    expect(await h['bookmarks:list']({ runId, table: 'users' })).toHaveLength(1);
  });

  it('refuses an empty or overlong name and an unknown run, and the boundary refuses a malformed state', async () => {
    const save = services.handlers['bookmarks:save'];
    await expect(save({ runId, table: 'items', name: '  ', state: state() })).rejects.toThrow(/needs a name/);
    await expect(save({ runId, table: 'items', name: 'x'.repeat(81), state: state() })).rejects.toThrow(/at most 80/);
    await expect(save({ runId: 9999, table: 'items', name: 'n', state: state() })).rejects.toThrow(/no run 9999/);
    const bad = { runId, table: 'items', name: 'n', state: { ...state(), labelTop: -1 } };
    expect(() => checkRequest('bookmarks:save', bad)).toThrow(/labelTop/);
    const noMethod = { runId, table: 'items', name: 'n', state: { ...state(), settings: { seed: 1 } } };
    expect(() => checkRequest('bookmarks:save', noMethod)).toThrow(/bookmarks:save/);
  });

  it('keeps bookmarks in the project file, and a removed run takes its bookmarks along', async () => {
    services.close();
    services = headlessServices(dbPath, () => undefined);
    expect((await services.handlers['bookmarks:list']({ runId, table: 'items' }))[0]!.state).toEqual(
      state({ labelTop: 0 }),
    );
    await services.handlers['project:remove']({ runId });
    expect(await services.handlers['bookmarks:list']({ runId, table: 'items' })).toEqual([]);
    expect(await services.handlers['bookmarks:list']({ runId, table: 'users' })).toEqual([]);
  });
});

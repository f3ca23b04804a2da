// `embeddings:project` through the real services: a stored mf run of planted ratings, the map computed on a
// worker thread, progress events, cancel, and the answer's keys and metadata.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionProgress, ProjectResult } from '../../shared';
import { headlessServices } from '../headless';
import { countMaps } from '../store/projections';
import type { Services } from '../services';
import { tempDir, writePlantedRatings } from '../testing';

const tmp = tempDir();
let services: Services;
let runId = 0;
const events: ProjectionProgress[] = [];
let onEvent: (p: ProjectionProgress) => void = () => undefined;

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'project.db'), (event, payload) => {
    if (event !== 'projections:progress') return;
    events.push(payload as ProjectionProgress);
    onEvent(payload as ProjectionProgress);
  });
  const ratings = join(tmp.dir, 'ratings.csv');
  writePlantedRatings(ratings);
  await services.handlers['datasets:import']({ path: ratings, name: 'ratings' });
  ({ runId } = await services.train({ dataset: 'ratings', model: 'mf', dim: 8, epochs: 25, lr: 0.02, threads: 1 })
    .settled);
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

/** Share of points whose nearest other point in the map is in the same planted cluster (first letter). */
function agreement(r: ProjectResult): number {
  let same = 0;
  for (let i = 0; i < r.keys.length; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < r.keys.length; j++) {
      const d = (r.x[i]! - r.x[j]!) ** 2 + (r.y[i]! - r.y[j]!) ** 2;
      if (j !== i && d < bestD) [best, bestD] = [j, d];
    }
    if (r.keys[best]![0] === r.keys[i]![0]) same++;
  }
  return same / r.keys.length;
}

describe('embeddings:project', () => {
  it('maps every item by PCA with explained variance, counts, titles and progress events', async () => {
    events.length = 0;
    const r = await services.handlers['embeddings:project']({
      runId,
      table: 'items',
      method: 'pca',
      projectionId: 'p1',
    });
    expect(r).toMatchObject({ type: 'result', projectionId: 'p1', runId, table: 'items', method: 'pca', dim: 8 });
    expect(r.keys).toHaveLength(40);
    expect(new Set(r.keys).size).toBe(40);
    for (const field of [r.x, r.y, r.counts, r.titles, r.genres]) expect(field).toHaveLength(40);
    // Vocabulary order: the most frequent first.
    expect(r.counts.every((c, i) => i === 0 || c <= r.counts[i - 1]!)).toBe(true);
    expect(r.titles.every((t, i) => t?.includes(r.keys[i]!.toUpperCase()))).toBe(true);
    // float32 coordinates travel as their shortest decimal: at most 9 significant digits.
    const digits = (v: number): number =>
      String(Math.abs(v)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
    expect(Math.max(...r.x.map(digits), ...r.y.map(digits))).toBeLessThanOrEqual(9);
    expect(r.explainedVariance).toHaveLength(2);
    expect(r.explainedVariance![0]!).toBeGreaterThanOrEqual(r.explainedVariance![1]!);
    expect(r.explainedVariance![0]! + r.explainedVariance![1]!).toBeLessThanOrEqual(1 + 1e-9);
    expect(agreement(r)).toBeGreaterThan(0.9);
    expect(events.every((e) => e.projectionId === 'p1' && e.points === 40 && e.method === 'pca')).toBe(true);
    expect(events[0]!.fraction).toBe(0);
    expect(events.at(-1)!.fraction).toBe(1);
  });

  it('maps by UMAP and t-SNE, keeping the planted clusters apart, with the options in effect reported', async () => {
    const umap = await services.handlers['embeddings:project']({ runId, table: 'items', method: 'umap', seed: 3 });
    expect(umap.explainedVariance).toBeNull();
    expect(umap.options).toMatchObject({ seed: 3, neighbors: 15, minDist: 0.1, limit: null, includeSpecial: false });
    expect(agreement(umap)).toBeGreaterThanOrEqual(0.85);
    const tsne = await services.handlers['embeddings:project']({
      runId,
      table: 'items',
      method: 'tsne',
      perplexity: 10,
    });
    expect(tsne.options).toMatchObject({
      perplexity: 10,
      limit: null,
      theta: 0.5,
      exaggeration: 1,
      iterations: 750,
      gradient: 'bh',
      init: 'pca',
    });
    expect(tsne).toMatchObject({ cached: false, stopped: false, layoutIterations: 750 });
    expect(agreement(tsne)).toBeGreaterThanOrEqual(0.85);
  });

  it('answers the same map again from the cache, also after the project is reopened, unless told not to', async () => {
    const req = { runId, table: 'items', method: 'umap' as const, seed: 7, epochs: 50 };
    const first = await services.handlers['embeddings:project'](req);
    expect(first.cached).toBe(false);
    events.length = 0;
    const again = await services.handlers['embeddings:project']({ ...req, projectionId: 'again' });
    expect(again).toMatchObject({ cached: true, projectionId: 'again', computeSeconds: first.computeSeconds });
    expect(again.x).toEqual(first.x);
    expect(again.y).toEqual(first.y);
    expect(again.keys).toEqual(first.keys);
    // No worker ran: the one event says it is done.
    expect(events.map((e) => e.fraction)).toEqual([1]);
    const reopened = headlessServices(join(tmp.dir, 'project.db'), () => undefined);
    try {
      const stored = await reopened.handlers['embeddings:project'](req);
      expect(stored.cached).toBe(true);
      expect(stored.x).toEqual(first.x);
    } finally {
      reopened.close();
    }
    const fresh = await services.handlers['embeddings:project']({ ...req, cache: false });
    expect(fresh.cached).toBe(false);
    expect(fresh.x).toEqual(first.x);
    const other = await services.handlers['embeddings:project']({ ...req, minDist: 0.3 });
    expect(other.cached).toBe(false);
    expect(countMaps(services.db, runId)).toBeGreaterThanOrEqual(2);
  });

  it('sends snapshots with stages, pauses, resumes and stops on request; a stopped map is not cached', async () => {
    const snapshots: ProjectionProgress[] = [];
    let asked = false;
    onEvent = (e) => {
      if (e.projectionId !== 'live') return;
      if (e.snapshot) snapshots.push(e);
      if (!asked && e.stage === 'layout' && (e.iteration ?? 0) >= 10) {
        asked = true;
        void services.handlers['embeddings:controlProject']({ projectionId: 'live', action: 'pause' });
      }
      if (e.paused) void services.handlers['embeddings:controlProject']({ projectionId: 'live', action: 'stop' });
    };
    const req = { runId, table: 'users', method: 'tsne' as const, iterations: 100_000, snapshots: true };
    const storedBefore = countMaps(services.db, runId);
    const stopped = await services.handlers['embeddings:project']({ ...req, projectionId: 'live' });
    onEvent = () => undefined;
    expect(stopped).toMatchObject({ stopped: true, cached: false });
    expect(countMaps(services.db, runId)).toBe(storedBefore);
    expect(stopped.layoutIterations).toBeGreaterThanOrEqual(10);
    expect(stopped.layoutIterations).toBeLessThan(100_000);
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots[0]!.snapshot!.x).toHaveLength(stopped.keys.length);
    const stages = new Set(events.filter((e) => e.projectionId === 'live').map((e) => e.stage));
    expect([...stages]).toEqual(expect.arrayContaining(['init', 'neighbours', 'affinities', 'layout']));
    expect(await services.handlers['embeddings:controlProject']({ projectionId: 'live', action: 'resume' })).toEqual({
      applied: false,
    });
    const points = await services.handlers['embeddings:projectionPoints']({ runId, table: 'users' });
    expect(points.keys).toEqual(stopped.keys);
    expect(points.counts).toEqual(stopped.counts);
  });

  it('takes the most frequent rows up to a limit, and PAD/OOV first on request', async () => {
    const all = await services.handlers['embeddings:project']({ runId, table: 'users', method: 'pca' });
    const top = await services.handlers['embeddings:project']({
      runId,
      table: 'users',
      method: 'pca',
      limit: 10,
      includeSpecial: true,
    });
    expect(top.keys).toEqual(['<pad>', '<oov>', ...all.keys.slice(0, 10)]);
    expect(top.counts.slice(0, 2)).toEqual([0, 0]);
    expect(top.titles.slice(0, 2)).toEqual([null, null]);
  });

  it('cancels a running projection by its id', async () => {
    let cancelled: Promise<{ cancelled: boolean }> | null = null;
    onEvent = (e) => {
      if (e.projectionId === 'long' && e.fraction > 0 && cancelled === null)
        cancelled = services.handlers['embeddings:cancelProject']({ projectionId: 'long' });
    };
    const run = services.handlers['embeddings:project']({
      runId,
      table: 'users',
      method: 'umap',
      epochs: 100_000,
      projectionId: 'long',
    });
    await expect(run).rejects.toMatchObject({ code: 'Cancelled' });
    onEvent = () => undefined;
    expect(await cancelled).toEqual({ cancelled: true });
    expect(await services.handlers['embeddings:cancelProject']({ projectionId: 'long' })).toEqual({ cancelled: false });
  });

  it('refuses bad requests with a code and what to do', async () => {
    const project = services.handlers['embeddings:project'];
    await expect(project({ runId, table: 'items', method: 'mds' as 'pca' })).rejects.toMatchObject({
      code: 'BadRequest',
    });
    await expect(project({ runId, table: 'items', method: 'pca', limit: 0 })).rejects.toMatchObject({
      code: 'BadRequest',
    });
    await expect(project({ runId, table: 'nosuch', method: 'pca' })).rejects.toMatchObject({ code: 'NotFound' });
    await expect(
      project({ runId, table: 'items', method: 'tsne', gradient: 'exact', limit: 20_000 }),
    ).rejects.toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/gradient auto/) });
    await expect(project({ runId, table: 'items', method: 'tsne', gradient: 'nosuch' as 'bh' })).rejects.toMatchObject({
      code: 'BadRequest',
    });
    await expect(
      services.handlers['embeddings:controlProject']({ projectionId: 'x', action: 'jump' as 'stop' }),
    ).rejects.toMatchObject({ code: 'BadRequest' });
  });
});

// The Compare view on two mf runs of the sample with different seeds: curves overlaid, the best-epoch metrics
// side by side, the config difference and a stability report; then the item bias leaderboard in Explore.
// The runs are set up through the same HTTP contract the UI uses (import and training have their own e2e tests).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Req, Res } from '../src/shared';
import { invoke as invokeOn, launchBrowser, screenshot, serve, settled, watchErrors, type Served } from './harness';
import { BiasLeaderboardPanel, ComparePage, ExplorePage } from './pages';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  // Every table counts as large here, so that Explore shows the approximate index at work on the sample.
  process.env.EWB_ANN_MIN_ROWS = '0';
  server = await serve();
  delete process.env.EWB_ANN_MIN_ROWS;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
});

const invoke = <C extends Channel>(channel: C, req: Req<C>): Promise<Res<C>> => invokeOn(server, channel, req);
const trained = (runId: number): Promise<string> => settled(server, runId);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the Compare view', () => {
  it('has the sample imported and mf trained twice with different seeds', async () => {
    const { samplePath } = await invoke('app:info', undefined);
    const imported = await invoke('datasets:import', { path: samplePath, name: 'movies' });
    expect(imported.rows.imported).toBe(16_117);
    for (const seed of [1, 2]) {
      const { runId } = await invoke('runs:start', {
        dataset: 'movies',
        model: 'mf',
        dim: 16,
        epochs: 8,
        seed,
        threads: 1,
      });
      expect(await trained(runId)).toBe('completed');
    }
    await page.goto(server.url);
  });

  it('overlays the curves, lists the metrics side by side and says what differs', async () => {
    const compare = new ComparePage(page);
    await compare.open();
    const runs = await compare.runs();
    expect(runs.length).toBe(2);
    await compare.compare(
      [...runs].sort((a, b) => a - b),
      { sample: 100 },
    );
    const charts = await compare.charts();
    expect(charts.loss).toBe(2);
    expect(charts['valid-rmse']).toBe(2);
    expect(await compare.configDiff()).toEqual({ seed: ['1', '2'] });
    const rmse = await compare.metric('test-rmse');
    expect(rmse).toHaveLength(2);
    for (const v of rmse) expect(v).toBeGreaterThan(0.5);
  });

  it('reports the stability of the items table: neighbour overlap and Procrustes error', async () => {
    const s = await new ComparePage(page).stability();
    expect(s.overlap).not.toBeNull();
    // 200 items: chance overlap is 10/199 ≈ 5%; two seeds of one config agree far more.
    expect(s.overlap!).toBeGreaterThan(0.1);
    expect(s.overlap!).toBeLessThanOrEqual(1);
    expect(s.procrustes).not.toBeNull();
    expect(s.procrustes!).toBeGreaterThan(0);
    expect(s.procrustes!).toBeLessThan(1.4);
    await screenshot(page, 'compare-1-two-seeds');
  });

  it('shows the item bias leaderboard of the mf run in Explore, rare items left out', async () => {
    await new ExplorePage(page).open();
    const panel = new BiasLeaderboardPanel(page);
    const first = await panel.read();
    expect(first.highest).toHaveLength(10);
    expect(first.lowest).toHaveLength(10);
    const strict = await panel.read(60);
    for (const row of [...strict.highest, ...strict.lowest]) expect(row.count).toBeGreaterThanOrEqual(60);
    await screenshot(page, 'compare-2-biases');
  });

  it('answers neighbours exactly while the approximate index builds, then from the index with its recall', async () => {
    const explore = new ExplorePage(page);
    await explore.neighbours('Orbital Colony', 'cosine');
    await page.waitForSelector('[data-testid="neighbors-index-building"]');
    await explore.neighbours('Quiet', 'cosine');
    const note = await page.waitForSelector('[data-testid="neighbors-approximate"]');
    expect(await note.textContent()).toMatch(/recall@10 (0\.9\d\d|1\.000) against exact search on 200 sample rows/);
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

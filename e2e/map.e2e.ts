// The Map panel on an mf run of the sample ratings: PCA with explained variance drawn by ECharts, colour by
// genre, search by label, click a point for its neighbours, select a region, export the coordinates; UMAP too.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, serve, watchErrors, type Served } from './harness';
import { LiveMap } from './liveMap';
import { importSampleAndTrainMf, MapPage } from './pages';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let map: MapPage;
let live: LiveMap;

beforeAll(async () => {
  server = await serve();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  errors = watchErrors(page);
  map = new MapPage(page);
  live = new LiveMap(page);
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the Map panel', () => {
  it('imports the sample ratings and trains mf', async () => {
    const { imported, status } = await importSampleAndTrainMf(page);
    expect(imported).toMatch(/16,117/);
    expect(status).toMatch(/completed/);
  });

  it('maps every item by PCA with its explained variance, and draws the points', async () => {
    await map.open();
    const summary = await map.project('pca');
    expect(summary).toMatch(/^200 rows of items/);
    const [, pc1, pc2] = /PC1 ([\d.]+)%, PC2 ([\d.]+)%/.exec(summary) ?? [];
    expect(Number(pc1)).toBeGreaterThan(0);
    expect(Number(pc1)).toBeGreaterThanOrEqual(Number(pc2));
    expect(await map.chart()).toMatchObject({ points: 200 });
    // 200 dots of 5 px: far more painted pixels than the axes alone give.
    const before = await map.paintedPixels();
    expect(before).toBeGreaterThan(2000);
  });

  it('colours by first genre: one group per genre of the sample', async () => {
    const choices = await map.colourBy('genre');
    expect(choices).toEqual(expect.arrayContaining(['genre', 'frequency', 'none']));
    const { groups } = await map.chart();
    expect(groups).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'map-1-pca-genres');
  });

  it('colours by "has genre X" for any genre a film carries: that genre against the rest', async () => {
    const has = (await map.colourBy('genre')).filter((c) => c.startsWith('has:'));
    expect(has.length).toBeGreaterThanOrEqual(8);
    await map.colourBy(has[0]!);
    expect((await map.chart()).groups).toBe(2);
    await screenshot(page, 'map-1b-has-genre');
    await map.colourBy('genre');
  });

  it('finds a film by label, then a click on it lists its neighbours', async () => {
    const key = await map.find('Orbital Colony');
    expect(key).not.toBe('');
    const { chosen, neighbours } = await map.clickRingedPoint();
    expect(chosen).toBe(key);
    expect(neighbours).toHaveLength(10);
    expect(neighbours).not.toContain(key);
    await screenshot(page, 'map-2-neighbours');
  });

  it('hovering a point shows its title, key, count and genres', async () => {
    const card = await map.hoverRingedPoint();
    expect(card.key).toBe(await page.getAttribute('[data-testid="map-chosen"]', 'data-key'));
    expect(card.title).toMatch(/Orbital Colony/);
    expect(card.count).toMatch(/^count [\d,]+$/);
    expect(card.genres).not.toBe('');
  });

  it('selects the points in a dragged rectangle', async () => {
    await map.project('pca');
    const { count, keys } = await map.selectRectangle([0.15, 0.15], [0.85, 0.85]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(200);
    expect(keys.length).toBe(Math.min(count, 100));
  });

  it('labels the most frequent points when asked, and none by default', async () => {
    const plain = await map.labelTop(0);
    const labelled = await map.labelTop(30);
    expect(labelled).toBeGreaterThan(plain);
    await screenshot(page, 'map-2b-labels');
    expect(await map.labelTop(0)).toBe(plain);
  });

  it('exports the coordinates with their keys as CSV', async () => {
    const { name, text } = await map.exportCoordinates();
    expect(name).toMatch(/^items-pca-run\d+\.csv$/);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('key,x,y,count,title,genres');
    expect(lines).toHaveLength(201);
    const cells = lines[1]!.split(',');
    expect(Number.isFinite(Number(cells[1])) && Number.isFinite(Number(cells[2]))).toBe(true);
    expect(Number(cells[3])).toBeGreaterThan(0);
  });

  it('maps by UMAP, keeping films of a genre together, then t-SNE, each drawn', async () => {
    expect(await map.project('umap', { seed: 3 })).toMatch(/by UMAP/);
    expect((await map.chart()).points).toBe(200);
    expect(await map.paintedPixels()).toBeGreaterThan(2000);
    await screenshot(page, 'map-3-umap');
    // The sample's films cluster by genre: a film's nearest point on the map should share its first genre.
    // Key, x and y are the first fields and genres the last (titles may hold quoted commas, genres do not).
    const rows = (await map.exportCoordinates()).text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => {
        const f = line.split(',');
        return { x: Number(f[1]), y: Number(f[2]), genre: f.at(-1)!.split('|')[0] };
      });
    const agree = rows.filter((r, i) => {
      let best = -1;
      let bestD = Infinity;
      rows.forEach((o, j) => {
        const d = (o.x - r.x) ** 2 + (o.y - r.y) ** 2;
        if (j !== i && d < bestD) [best, bestD] = [j, d];
      });
      return rows[best]!.genre === r.genre;
    }).length;
    expect(agree / rows.length).toBeGreaterThan(0.9);
    expect(await map.project('tsne', { limit: 150 })).toMatch(/^150 rows of items .* by t-SNE/);
  });

  it('draws a t-SNE map as it moves, pauses and resumes it, and stop keeps the layout reached', async () => {
    // Many iterations, so the layout is still running while it is watched.
    await live.start({ method: 'tsne', seed: 5, iterations: 100_000, limit: null });
    const first = await live.waitFrames(2);
    const before = (await map.canvas()).digest;
    const later = await live.waitFrames(first + 2);
    expect(later).toBeGreaterThan(first);
    expect((await map.canvas()).digest).not.toBe(before);
    await screenshot(page, 'map-4-tsne-moving');
    const held = await live.pause();
    expect(held).toBeGreaterThan(0);
    // Paused: the layout does not go on, whatever time passes.
    await page.waitForTimeout(1500);
    expect(await live.iteration()).toBe(held);
    await live.resume();
    await live.until('map-progress', 'data-iteration', (v) => Number(v) > held);
    const summary = await live.stop();
    expect(summary).toMatch(/^200 rows of items .* by t-SNE in [\d.]+ s, \d+ iterations, stopped early/);
    expect((await map.chart()).points).toBe(200);
    expect(await map.paintedPixels()).toBeGreaterThan(2000);
  });

  it('maps UMAP once, then answers the same map from the cache, also after the page is reloaded', async () => {
    await page.fill('[data-testid="map-iterations"]', '750');
    const computed = await map.project('umap', { seed: 11 });
    expect(computed).not.toMatch(/from the cache/);
    const again = await live.mapAgain();
    expect(again.cached).toBe(true);
    expect(again.summary).toMatch(/by UMAP from the cache \(computed in [\d.]+ s\)/);
    expect((await map.chart()).points).toBe(200);
    await page.reload();
    await map.open();
    await page.selectOption('[data-testid="map-method"]', 'umap');
    await page.fill('[data-testid="map-seed"]', '11');
    const reopened = await live.mapAgain();
    expect(reopened.cached).toBe(true);
    expect(await map.paintedPixels()).toBeGreaterThan(2000);
    await screenshot(page, 'map-5-umap-cached');
  });

  it('keeps a map as a named bookmark in the project and restores it as it was, also after a reload', async () => {
    await map.open();
    await map.project('pca');
    await map.colourBy('has:Comedy');
    const key = await map.find('Orbital Colony');
    await page.locator('[data-testid="map-neighbor-row"]').first().waitFor();
    await map.labelTop(15);
    const saved = await map.paintedPixels();
    await map.saveBookmark('orbital in comedy');
    await screenshot(page, 'map-6-bookmark-saved');
    // Everything changed: colouring, labels, chosen point, method, and the page itself.
    await map.colourBy('frequency');
    await map.labelTop(0);
    await page.click('[data-testid="map-chosen-clear"]');
    await map.project('umap', { seed: 11 });
    await page.reload();
    await map.open();
    expect(await map.bookmarks()).toEqual(['orbital in comedy']);
    await map.restoreBookmark('orbital in comedy', key);
    expect(await page.textContent('[data-testid="map-summary"]')).toMatch(/by PCA/);
    expect(await page.inputValue('[data-testid="map-color"]')).toBe('has:Comedy');
    expect(await page.inputValue('[data-testid="map-label-top"]')).toBe('15');
    // The same drawing: colours, labels, highlighted neighbours and zoom window as saved (the window comes back
    // through pixel → data → pixel, so a dot may land a pixel off: the painted area is compared, not a digest).
    await screenshot(page, 'map-7-bookmark-restored');
    const restored = await map.paintedPixels();
    expect(Math.abs(restored - saved)).toBeLessThan(saved * 0.02);
    await map.deleteBookmark('orbital in comedy');
    await page.reload();
    await map.open();
    expect(await map.bookmarks()).toEqual([]);
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

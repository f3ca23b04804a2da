// The thin path through the real UI: upload the sample → map → import → train (live curve) → neighbours → export.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, ROOT, screenshot, serve, watchErrors, type Served } from './harness';
import { DatasetsPage, ExplorePage, TrainPage } from './pages';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await serve();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('browser mode, end to end', () => {
  it('imports the sample through upload and the column mapping', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(join(ROOT, 'resources/sample/ratings.csv'));
    expect(await datasets.mapped('user')).toBe('userId');
    expect(await datasets.mapped('item')).toBe('movieId');
    expect(await datasets.mapped('title')).toBe('title');
    const result = await datasets.importAs('movies');
    expect(result).toMatch(/16,117/); // counts are shown with thousands separators
    await screenshot(page, '1-datasets');
  });

  it('trains with a live curve that gets a point per epoch', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.train('movies', 20);
    expect(await train.chartPoints()).toBe(20);
    await screenshot(page, '2-train');
  });

  it('shows ten neighbours of an item, most of its genre, and exports the Projector pair', async () => {
    const explore = new ExplorePage(page);
    await explore.open();
    const rows = await explore.neighboursOf('Orbital Colony');
    expect(rows).toHaveLength(10);
    // The sample's Sci-Fi titles are built from these words (scripts/generate-sample.ts).
    const sciFi = rows.filter((r) =>
      /Quantum|Orbital|Stellar|Android|Neon|Horizon|Colony|Signal|Drift|Paradox/.test(r),
    );
    expect(sciFi.length).toBeGreaterThanOrEqual(7);
    await screenshot(page, '3-explore');
    const files = await explore.exportItems();
    expect(files.some((f) => f.endsWith('items_vectors.tsv'))).toBe(true);
    const metadata = files.find((f) => f.endsWith('items_metadata.tsv'))!;
    expect(existsSync(metadata)).toBe(true);
    expect(basename(metadata)).toMatch(/^movies-run\d+-items_metadata\.tsv$/); // downloaded under a dataset-run name
    expect(readFileSync(metadata, 'utf8').split('\n')[0]).toBe('key\ttitle\tgenres\tcount\ttrain_count');
    await screenshot(page, '4-export');
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

// Pre-trained vectors in the UI (browser mode): upload a GloVe file in Datasets → "Import vectors…" with the
// coverage of a dataset, then start an mf run from it with the items table frozen and see the coverage.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, ROOT, screenshot, serve, watchErrors, type Served } from './harness';
import { DatasetsPage, ExplorePage, TrainPage } from './pages';

const id = (testId: string): string => `[data-testid="${testId}"]`;
let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let dir: string;
let vectorsFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ewb-e2e-vectors-'));
  // A GloVe file for 150 of the sample's 200 films, 3 keys it does not have, and one duplicate key.
  const sample = readFileSync(join(ROOT, 'resources/sample/ratings.csv'), 'utf8').trim().split('\n').slice(1);
  const films = [...new Set(sample.map((l) => l.split(',')[1]!))].slice(0, 150);
  const vec = (i: number): string =>
    Array.from({ length: 8 }, (_, k) => (Math.sin(i * 8 + k) / 3).toFixed(5)).join(' ');
  const lines = [...films, 'zz1', 'zz2', 'zz3', films[0]!].map((key, i) => `${key} ${vec(i)}`);
  vectorsFile = join(dir, 'films.glove.txt');
  writeFileSync(vectorsFile, lines.join('\n') + '\n');
  server = await serve();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('pre-trained vectors', () => {
  it('imports a GloVe upload with the coverage of a dataset and the duplicates it dropped', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(join(ROOT, 'resources/sample/ratings.csv'));
    await datasets.importAs('movies');
    await page.click(id('vectors-open'));
    await page.setInputFiles(id('vectors-file-input'), vectorsFile);
    await page.locator(id('vectors-file')).filter({ hasText: 'films.glove.txt' }).waitFor();
    expect(await page.inputValue(id('vectors-name'))).toBe('films.glove');
    await page.fill(id('vectors-name'), 'films');
    await page.selectOption(id('vectors-dataset'), 'movies');
    await page.click(id('vectors-import-button'));
    const result = (await (await page.waitForSelector(id('vectors-result'))).textContent()) ?? '';
    expect(result).toMatch(/153 keys × 8 \(glove\) imported as "films": run #\d+, table vectors/);
    expect(result).toMatch(/1 duplicate key dropped, the first of each kept: "\d+" \(row 154\)/);
    expect(result).toMatch(/items: 150 of 200 keys found \(75\.0%\)/);
    await screenshot(page, 'vectors-imported');
  });

  it('explores the imported table like any run’s', async () => {
    const explore = new ExplorePage(page);
    await explore.open();
    const imported = page.locator(`${id('explore-run')} option`).filter({ hasText: 'films · imported · dim 8' });
    await page.selectOption(id('explore-run'), (await imported.getAttribute('value')) ?? '');
    await page.locator(`${id('explore-table')} option[value="vectors"]`).waitFor({ state: 'attached' });
    expect(await page.inputValue(id('explore-table'))).toBe('vectors');
    const rows = await explore.neighboursOf('zz1');
    expect(rows.length).toBeGreaterThan(0);
  });

  it('starts an mf run with items from the imported vectors, frozen, and shows the coverage', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.choose('movies', 'mf');
    await train.set({ dim: 8, epochs: 2 });
    await page.click(id('init-toggle'));
    const second = page.locator(`${id('init-run-items')} option`).nth(1);
    const option = { value: (await second.getAttribute('value')) ?? '', text: (await second.textContent()) ?? '' };
    expect(option.text).toMatch(/films \(imported vectors\) · dim 8/);
    await page.selectOption(id('init-run-items'), option.value);
    await page.locator(`${id('init-table-items')} option[value="vectors"]`).waitFor({ state: 'attached' });
    expect(await page.inputValue(id('init-table-items'))).toBe('vectors');
    await page.check(id('init-frozen-items'));
    expect(await train.run()).toMatch(/completed/);
    const coverage = (await (await page.waitForSelector(id('init-coverage'))).textContent()) ?? '';
    expect(coverage).toMatch(
      new RegExp(`items: 150 of 200 rows from run #${option.value}/vectors \\(75\\.0%\\), frozen`),
    );
    await screenshot(page, 'vectors-init-run');
    expect(errors).toEqual([]);
  });
});

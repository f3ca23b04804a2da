// Managing a project in the UI: the chosen file's name, short field names with hints as descriptions, "Train on
// this dataset" after an import, the verdict against the seed-to-seed spread, runs named, tagged, hidden, packed
// and unpacked, the import report opened again, settings that come back from the project, views that start on
// the newest dataset and run, and removal after a confirmation that says what goes.
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, ROOT, screenshot, watchErrors, type OpenApp, type Served } from './harness';
import { ManagePage } from './managePages';
import { DatasetsPage, TrainPage } from './pages';

const id = (testId: string): string => `[data-testid="${testId}"]`;
let app: OpenApp;
let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
const manage = () => new ManagePage(page);

beforeAll(async () => {
  app = await openApp();
  ({ server, browser, page, errors } = app);
});
afterAll(async () => app?.close());

/** A select's accessible name (its label) and description (aria-describedby), as a screen reader reads them. */
const spoken = (testId: string) =>
  page.locator(id(testId)).evaluate((e) => {
    const text = (selector: string) => e.ownerDocument.querySelector(selector)?.textContent?.trim() ?? '';
    const ids = (e.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    return { label: text(`label[for="${e.id}"]`), description: ids.map((i: string) => text(`[id="${i}"]`)).join(' ') };
  });

describe('managing a project', () => {
  it('shows the chosen file, names each role briefly, and offers to train on what was imported', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(join(ROOT, 'resources/sample/ratings.csv'));
    expect(await page.textContent(id('chosen-file'))).toBe('Chosen: ratings.csv');
    // The label is the role alone; what the role means is the select's description, not part of its name.
    const user = await spoken('map-user');
    expect(user.label).toBe('user');
    expect(user.description).toMatch(/^\S.{20,}/);
    const genres = await spoken('map-genres');
    expect(genres.label).toBe('genres');
    expect(genres.description).toMatch(/\|/); // "multi-valued, |-separated"
    expect(genres.description).not.toBe(user.description);
    await datasets.importAs('movies');
    await screenshot(page, 'manage-1-imported');
    await page.click(id('train-this'));
    await page.waitForSelector(`${id('nav-train')}[aria-current="page"]`);
    expect(await page.inputValue(id('train-dataset'))).toBe('movies');
  });

  it('judges a run against the seed-to-seed spread, after training more seeds on request', async () => {
    const train = new TrainPage(page);
    await train.set({ epochs: 5 });
    expect(await train.run()).toMatch(/completed/);
    expect(await page.getAttribute(id('loss-chart'), 'data-test-shown')).toBe('true');
    expect(await page.textContent(id('seed-spread-text'))).toMatch(/^One seed so far/);
    await page.click(id('seed-spread-more'));
    await page.locator(`${id('seed-spread')}[data-seeds="3"]`).waitFor({ timeout: 120_000 });
    const verdict = (await page.textContent(id('seed-spread-text')))!;
    expect(verdict).toMatch(
      /^(No better than the bias-only baseline: the gain, -?[\d.]+, is within|Better than the bias-only baseline beyond seed noise: the gain, [\d.]+, exceeds) .*two standard deviations of test RMSE over 3 seeds/,
    );
    await screenshot(page, 'manage-2-seed-spread');
  });

  it('names, notes and tags a run, and hides failed runs on request', async () => {
    const train = new TrainPage(page);
    await page.locator(`${id('run-row')}[data-run-id="1"]`).click();
    await page.click(id('run-edit'));
    await manage().fillEditor('run-editor', { name: 'baseline', tags: 'keep, v1', note: 'dim 64, 5 epochs' });
    const row = page.locator(`${id('run-row')}[data-run-id="1"]`);
    await row.locator(id('run-row-name')).filter({ hasText: 'baseline' }).waitFor();
    expect(await row.locator('.tag').allTextContents()).toEqual(['keep', 'v1']);
    await train.set({ lr: 10, epochs: 2 });
    await page.click(id('train-start'));
    await page
      .locator(id('run-status'))
      .filter({ hasText: /failed/ })
      .waitFor({ timeout: 120_000 });
    await page.check(id('runs-hide-stopped'));
    await page.locator(`${id('run-row')}[data-run-id="1"]`).click(); // another run chosen: the failed one hides
    expect(await page.textContent(id('runs-hidden'))).toBe('(1 hidden)');
    expect(await page.locator(id('run-row')).count()).toBe(3);
    await page.uncheck(id('runs-hide-stopped'));
    await screenshot(page, 'manage-3-runs');
  });

  it('starts the form of a browser with no saved settings from the newest completed run of the model', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const freshErrors = watchErrors(fresh);
    await fresh.goto(server.url);
    // What another browser (or `ewb serve` on another port: another origin) starts with: no saved settings.
    await fresh.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear());
    await fresh.reload();
    await fresh.click(id('nav-train'));
    await fresh.selectOption(id('train-dataset'), 'movies');
    // The form adopts the newest run once the run list has arrived.
    await fresh.locator(id('run-row')).first().waitFor();
    expect(await fresh.inputValue(id('train-epochs'))).toBe('5'); // not the failed run's 2, not the default
    expect(Number(await fresh.inputValue(id('train-lr')))).not.toBe(10);
    await fresh.close();
    expect(freshErrors).toEqual([]);
  });

  it('packs a run into a download and unpacks it beside the same dataset', async () => {
    await page.locator(`${id('run-row')}[data-run-id="1"]`).click();
    const packed = await manage().packShownRun();
    expect(packed.name).toBe('movies-run1-run.ewb');
    expect(packed.bytes.subarray(0, 15).toString()).toBe('SQLite format 3');
    const file = join(server.dir, packed.name);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, packed.bytes);
    await page.click(id('nav-datasets'));
    expect(await manage().unpack(file)).toMatch(/^movies-run1-run\.ewb: run #5 is in dataset “movies”; explore it/);
    expect(await manage().datasets()).toEqual(['movies']);
  });

  it('opens the import report again and edits a dataset', async () => {
    expect(await manage().openReport('movies')).toMatch(/Imported “movies” in [\d.]+ s.*16,117/s);
    await manage().editDataset('movies', { name: 'films', tags: 'sample', note: 'the bundled ratings' });
    await page.locator(`${id('dataset-row')}[data-name="films"] ${id('dataset-tag')}`).waitFor();
    expect(await page.textContent(`${id('dataset-row')}[data-name="films"] ${id('dataset-note')}`)).toBe(
      'the bundled ratings',
    );
    await screenshot(page, 'manage-4-datasets');
  });

  it('starts Explore on the newest run', async () => {
    await page.click(id('nav-explore'));
    await page.locator(`${id('explore-run')} option[value="5"]`).waitFor({ state: 'attached' });
    expect(await page.inputValue(id('explore-run'))).toBe('5');
  });

  it('removes a dataset after saying what goes with it', async () => {
    await page.click(id('nav-datasets'));
    const said = await manage().askRemoveDataset('films');
    expect(said).toMatch(/Remove dataset "films" with its vocabularies and data, 5 runs, 1 export in the project\?/);
    expect(await page.locator(`${id('remove-runs')} li`).count()).toBe(5);
    await screenshot(page, 'manage-5-remove');
    await page.click(id('remove-no'));
    expect(await manage().datasets()).toEqual(['films']);
    await manage().askRemoveDataset('films');
    await manage().confirmRemove();
    expect(await manage().datasets()).toEqual([]);
    expect(errors).toEqual([]);
  });
});

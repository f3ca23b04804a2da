// Batch results and the training view in the UI: top-K for every user and neighbours of every item downloaded
// as CSV and Parquet, a classifier's predictions for a new file, a progress line that moves within an epoch with
// no test curve while training, a cancelled run explored from its checkpoint (marked), biases offered only by
// formats that hold them, and the Compare view's table choice with the overlap by frequency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTextTask, writeTextTaskCsv } from '../src/core/tasks/textTask';
import { openApp, screenshot, type OpenApp } from './harness';
import { BatchPanelPage } from './managePages';
import { ComparePage, DatasetsPage, ExplorePage, importSampleAndTrainMf, TrainPage } from './pages';

const id = (testId: string): string => `[data-testid="${testId}"]`;
let app: OpenApp;
let page: Page;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ewb-e2e-batch-'));
  app = await openApp();
  page = app.page;
});
afterAll(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('batch results', () => {
  it('downloads top-K for every user as CSV, named after dataset, run and result', async () => {
    expect((await importSampleAndTrainMf(page, 5)).status).toMatch(/completed/);
    await new ExplorePage(page).open();
    const got = await new BatchPanelPage(page).write({ kind: 'recommendations', k: 5 });
    expect(got.name).toBe('movies-run1-recommendations.csv');
    const lines = got.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('user,rank,item,title,score,because');
    expect(lines).toHaveLength(1 + 400 * 5);
    expect(lines[1]).toMatch(/^[^,]+,1,[^,]+,/);
    expect(got.summary).toMatch(
      /^Wrote 2,000 rows for 400 users as CSV in [\d.]+ s\. Downloaded as movies-run1-recommendations\.csv\.$/,
    );
    await screenshot(page, 'batch-1-recommendations');
  });

  it('downloads the neighbours of every item as Parquet', async () => {
    const got = await new BatchPanelPage(page).write({ kind: 'neighbors', k: 3, format: 'parquet' });
    expect(got.name).toBe('movies-run1-2-neighbors.parquet'); // a second export of run 1: a new folder
    expect(got.text.startsWith('PAR1')).toBe(true);
    expect(got.summary).toMatch(/^Wrote 600 rows for 200 rows as PARQUET/);
  });

  it('offers biases only in formats that hold them', async () => {
    await page.selectOption(id('export-format'), 'projector');
    expect(await page.locator(id('export-bias')).count()).toBe(0);
    await page.selectOption(id('export-format'), 'csv');
    expect(await page.locator(id('export-bias')).count()).toBe(1);
  });
});

describe('training a classifier, and its predictions for a new file', () => {
  it('moves the progress line within an epoch and draws no test curve while training', async () => {
    const reviews = join(dir, 'reviews.csv');
    writeTextTaskCsv(
      reviews,
      generateTextTask({ kind: 'order', documents: 600, seed: 3, minLength: 20, maxLength: 30 }),
    );
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(reviews);
    await datasets.importAs('reviews');
    const train = new TrainPage(page);
    await train.open();
    await train.choose('reviews', 'classifier');
    // GRU steps are slow enough on the CPU that epoch 1 reports several times before it ends.
    await train.set({ encoder: 'gru', epochs: 3, maxLen: 30 });
    await train.start();
    // Two different places within epoch 1, before it ends.
    const seen = new Set<string>();
    for (let tries = 0; seen.size < 2 && tries < 600; tries++) {
      const at = await page.getAttribute(
        `${id('epoch-progress')}[data-epoch="1"] ${id('epoch-progress-percent')}`,
        'data-run-percent',
        { timeout: 60_000 },
      );
      if (at !== null && Number(at) > 0) seen.add(at);
      await page.waitForTimeout(100);
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
    expect(await page.getAttribute(id('loss-chart'), 'data-test-shown')).toBe('false');
    await screenshot(page, 'batch-2-training');
    await train.cancelAfter(1);
    const row = page.locator(`${id('run-row')}[data-run-id="2"] ${id('run-row-status')}`);
    await row.filter({ hasText: 'cancelled · epoch 1 kept' }).waitFor();
    expect(await train.runRow(2)).toEqual({ status: 'cancelled · epoch 1 kept', resumable: false });
  });

  it('explores the cancelled run from the epoch it kept, marked as such', async () => {
    const explore = new ExplorePage(page);
    await explore.open();
    await page.locator(`${id('explore-run')} option[value="2"]`).waitFor({ state: 'attached' });
    expect(await page.textContent(`${id('explore-run')} option[value="2"]`)).toMatch(/cancelled, epoch 1 kept/);
    await page.selectOption(id('explore-run'), '2');
    expect(await page.textContent(id('explore-checkpoint'))).toMatch(/Run #2 cancelled after epoch 1/);
    expect((await explore.neighboursOf('alpha')).length).toBeGreaterThan(0);
  });

  it('predicts a new file with a completed classifier, scoring its labels', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.set({ encoder: 'conv1d', epochs: 3 });
    expect(await train.run()).toMatch(/completed/);
    expect(await page.getAttribute(id('loss-chart'), 'data-test-shown')).toBe('true');
    const fresh = join(dir, 'fresh.csv');
    writeTextTaskCsv(
      fresh,
      generateTextTask({ kind: 'order', documents: 200, seed: 99, minLength: 20, maxLength: 30 }),
    );
    await new ExplorePage(page).open();
    await page.locator(`${id('explore-run')} option[value="3"]`).waitFor({ state: 'attached' });
    await page.selectOption(id('explore-run'), '3');
    const got = await new BatchPanelPage(page).write({ kind: 'predictions', file: fresh });
    expect(got.name).toBe('reviews-run3-predictions.csv');
    expect(got.text.split('\r\n')[0]).toBe(
      'seq,key,label,predicted,p_ab,p_ba'.replace(
        /p_ab,p_ba/,
        got.text.split('\r\n')[0]!.split(',').slice(4).join(','),
      ),
    );
    expect(got.text.trimEnd().split('\r\n')).toHaveLength(201);
    expect(got.summary).toMatch(
      /0\.0% of the file's tokens are outside the run's vocabulary\. 200 labelled: accuracy [\d.]+, AUC [\d.]+\./,
    );
    await screenshot(page, 'batch-3-predictions');
  });
});

describe('comparing two runs', () => {
  it('offers the tables both runs have, and splits the neighbour overlap by frequency', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.choose('movies', 'mf');
    await train.set({ epochs: 5, seed: 7 });
    expect(await train.run()).toMatch(/completed/);
    const compare = new ComparePage(page);
    await compare.open();
    await compare.compare([1, 4], { table: 'users', sample: 90 });
    const options = await page.$$eval(`${id('compare-table')} option`, (os) => os.map((o) => o.getAttribute('value')));
    expect(options).toEqual(['', 'items', 'users']);
    const bands = await page.$$eval(id('stability-band'), (rows) => rows.map((r) => r.getAttribute('data-band')));
    expect(bands).toEqual(['frequent', 'middle', 'rare']);
    expect(await page.textContent(`${id('compare-stability')} strong`)).toBe('users');
    await screenshot(page, 'batch-4-compare');
    expect(app.errors).toEqual([]);
  });
});

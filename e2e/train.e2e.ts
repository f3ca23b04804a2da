// The Train view across model families: the models a dataset can feed, defaults shown, implicit (WARP) against
// popularity on the sample ratings, mf against its baselines, and item2vec (sgns) on generated sessions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_DEFAULTS as BACKEND_DEFAULTS } from '../src/core/config';
import { generateTextTask, writeTextTaskCsv } from '../src/core/tasks/textTask';
import { writeBehaviourSessions } from './fixtures';
import { launchBrowser, ROOT, screenshot, serve, watchErrors, type Served } from './harness';
import { DatasetsPage, TrainPage } from './pages';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let dir: string;
let sessionsFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ewb-e2e-train-'));
  sessionsFile = writeBehaviourSessions(dir, 200);
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

describe('the Train view', () => {
  it('shows the defaults the backend trains with', async () => {
    // The renderer may not import core, so it keeps a copy; this is where a drift shows. Imported by path:
    // the renderer's files belong to the web typecheck project, not to the node one that checks e2e.
    const shown = (await import(join(ROOT, 'src/renderer/src/lib/trainDefaults.ts'))) as { TRAIN_DEFAULTS: unknown };
    expect(shown.TRAIN_DEFAULTS).toEqual(BACKEND_DEFAULTS);
  });

  it('offers only the models the sample ratings can feed, with the defaults filled in', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(join(ROOT, 'resources/sample/ratings.csv'));
    expect(await datasets.importAs('movies')).toMatch(/16,117/);

    const train = new TrainPage(page);
    await train.open();
    await train.choose('movies');
    expect(await train.model()).toBe('mf');
    const unavailable = await train.unavailable();
    expect(Object.keys(unavailable).sort()).toEqual(['cbow', 'classifier', 'sgns']);
    expect(unavailable.sgns).toMatch(/needs token sequences/);
    expect(unavailable.classifier).toMatch(/needs labelled sequences/);
    expect(await train.option('dim')).toBe(String(BACKEND_DEFAULTS.mf.dim));
    expect(await train.option('reg')).toBe(String(BACKEND_DEFAULTS.mf.reg));
    expect(await train.option('threads')).toBe(''); // all cores
    expect(await train.option('window')).toBeNull(); // not an mf option
  });

  it('trains mf and shows RMSE beside the global-mean and bias-only baselines', async () => {
    const train = new TrainPage(page);
    await train.set({ epochs: 5 });
    expect(await train.run()).toMatch(/completed/);
    const rmse = await train.metric('test', 'rmse');
    const baseline = await train.metric('baseline', 'rmse');
    expect(rmse).toBeGreaterThan(0);
    expect(await train.metric('baseline-globalMean', 'rmse')).toBeGreaterThan(0);
    expect(await train.metric('baseline-biasOnly', 'rmse')).toBe(baseline); // the best one is bias-only
    expect(await train.improvement()).toMatch(/^Test RMSE [\d.]+ is [\d.]+% (lower|higher) than the best baseline/);
    expect(await train.latestRun()).toEqual({ model: 'mf', figure: expect.stringMatching(/^test RMSE [\d.]+$/) });
  });

  it('trains implicit with WARP and shows Recall@10 beside the popularity baseline', async () => {
    const train = new TrainPage(page);
    await train.choose('movies', 'implicit');
    expect(await train.option('threshold')).toBe(''); // the sample has ratings: a threshold may be set
    expect(await train.option('lr')).toBe(String(BACKEND_DEFAULTS.implicit.lr));
    await train.set({ loss: 'warp', epochs: 5 });
    expect(await train.run()).toMatch(/completed/);
    expect(await train.chartPoints()).toBe(5);

    const recall = await train.metric('test', 'recall@10');
    const popularity = await train.metric('baseline-popularity', 'recall@10');
    expect(recall).toBeGreaterThan(0);
    expect(await train.metric('valid', 'recall@10')).toBeGreaterThan(0);
    expect(await train.metric('test', 'ndcg@10')).toBeGreaterThan(0);
    expect(popularity).toBeGreaterThan(0);
    expect(await train.metric('baseline', 'recall@10')).toBe(popularity);
    expect(await train.improvement()).toMatch(/^Test Recall@10 [\d.]+ is .* the best baseline \(popularity, [\d.]+\)/);
    expect(await train.latestRun()).toEqual({
      model: 'implicit (warp)',
      figure: expect.stringMatching(/^test Recall@10 [\d.]+$/),
    });
    await screenshot(page, 'train-1-implicit');
  });

  it('imports generated behaviour sessions as sequences', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(sessionsFile);
    expect(await datasets.mapped('session')).toBe('session_id');
    expect(await datasets.mapped('item')).toBe('item_id');
    expect(await datasets.kind()).toBe('sequences');
    await datasets.importAs('sessions');
    expect((await datasets.report()).sequences).toBe(200);
    expect(await datasets.listed('sessions')).toMatchObject({ kind: 'sequences', sequences: '200' });
  });

  it('trains sgns on the sessions with a live curve', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.choose('sessions');
    expect(await train.model()).toBe('sgns');
    const unavailable = await train.unavailable();
    expect(Object.keys(unavailable).sort()).toEqual(['classifier', 'implicit', 'mf']);
    expect(unavailable.classifier).toMatch(/needs a label/);
    expect(await train.option('window')).toBe('5');
    expect(await train.option('patience')).toBeNull(); // word2vec has no validation score to wait for
    await train.set({ epochs: 3 });
    await train.start();
    await screenshot(page, 'train-2-sgns-running');
    expect(await train.finish()).toMatch(/completed/);
    expect(await train.chartPoints()).toBe(3);
    expect(await page.textContent('[data-testid="epoch-count"]')).toMatch(/3 \/ 3 epochs/);
    // Item sequences are scored by next-item HitRate@10 on the held-out sessions.
    expect(await train.metric('test', 'hitrate@10')).toBeGreaterThanOrEqual(0);
    expect((await train.latestRun()).model).toBe('sgns');
    await screenshot(page, 'train-3-sgns');
  });

  it('trains a classifier on labelled texts on the tfjs engine, with AUC beside the majority baseline', async () => {
    const reviews = join(dir, 'reviews.csv');
    writeTextTaskCsv(reviews, generateTextTask({ kind: 'planted', documents: 600, seed: 11 }));
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(reviews);
    expect(await datasets.mapped('text')).toBe('text');
    expect(await datasets.mapped('label')).toBe('label');
    await datasets.importAs('reviews');
    const train = new TrainPage(page);
    await train.open();
    await train.choose('reviews', 'classifier');
    await page.selectOption('[data-testid="train-encoder"]', 'average');
    await train.set({ epochs: 8 });
    expect(await train.run()).toMatch(/completed/);
    expect((await train.latestRun()).model).toBe('classifier');
    expect(await train.metric('test', 'auc')).toBeGreaterThan(0.75);
    await screenshot(page, 'train-4-classifier');
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

// The Train view across models: the models a dataset can feed, the form generated from the shared training rules
// (defaults, short labels with descriptions, settings remembered per model), mf against its baselines and a
// diverged run, implicit (WARP) against popularity on the sample ratings, and item2vec (sgns) on generated sessions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelName } from '../src/shared';
import { MODEL_RULES, OPTION_RULES } from '../src/shared';
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

/** Each option of `model` the form shows, with the value it shows; as the shared rules' defaults would read. */
async function shownDefaults(train: TrainPage, model: ModelName) {
  const defaults = MODEL_RULES[model].defaults as Record<string, unknown>;
  const shown: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const key of MODEL_RULES[model].options) {
    const value = await train.option(key);
    if (value === null) continue;
    shown[key] = value;
    const d = defaults[key];
    expected[key] = Array.isArray(d) ? d.join(', ') : d === undefined ? '' : String(d);
  }
  return { shown, expected };
}

describe('the Train view', () => {
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
    expect(Object.keys(unavailable).sort()).toEqual(['cbow', 'classifier', 'sgns', 'tabular']);
    expect(unavailable.sgns).toMatch(/needs token sequences/);
    expect(unavailable.classifier).toMatch(/needs labelled sequences/);
    const { shown, expected } = await shownDefaults(train, 'mf');
    expect(shown).toEqual(expected);
    expect(Object.keys(shown)).toEqual(MODEL_RULES.mf.options); // every mf option, in the rules' order
    expect(shown.threads).toBe(''); // all cores
    expect(await train.option('window')).toBeNull(); // not an mf option
    // Short labels for screen readers; what a field does is its description.
    expect(await train.described('lr')).toEqual({
      label: OPTION_RULES.lr.label,
      description: `${OPTION_RULES.lr.hint} Default: ${MODEL_RULES.mf.defaults.lr}.`,
    });
    await train.set({ engine: 'tfjs' });
    expect(await train.option('threads')).toBeNull(); // tfjs schedules its own threads
    await train.set({ engine: 'auto' });
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

  it('says when a run diverged, and offers a lower learning rate', async () => {
    const train = new TrainPage(page);
    await train.set({ lr: 10, epochs: 3 });
    await page.click('[data-testid="train-start"]');
    // The previous run's `completed` is on screen until this one starts: wait for this one's end.
    await page
      .locator('[data-testid="run-status"]')
      .filter({ hasText: /failed/ })
      .waitFor({ timeout: 120_000 });
    expect(await train.runError()).toEqual({
      code: 'TrainingDiverged',
      text: expect.stringMatching(/lower the learning rate/),
    });
    await page.click('[data-testid="train-lower-lr"]');
    expect(await train.option('lr')).toBe('1');
    await train.set({ lr: MODEL_RULES.mf.defaults.lr });
  });

  it('remembers the last settings of each model', async () => {
    const train = new TrainPage(page);
    expect(await train.option('epochs')).toBe('3');
    await page.reload();
    await train.open();
    await train.choose('movies', 'mf');
    expect(await train.option('epochs')).toBe('3');
    expect(await train.option('lr')).toBe(String(MODEL_RULES.mf.defaults.lr));
    await page.click('[data-testid="train-reset"]');
    expect(await train.option('epochs')).toBe(String(MODEL_RULES.mf.defaults.epochs));
  });

  it('trains implicit with WARP and shows Recall@10 beside the popularity baseline', async () => {
    const train = new TrainPage(page);
    await train.choose('movies', 'implicit');
    expect(await train.option('threshold')).toBe(''); // the sample has ratings: a threshold may be set
    const { shown, expected } = await shownDefaults(train, 'implicit');
    expect(shown).toEqual(expected);
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
    expect(Object.keys(unavailable).sort()).toEqual(['classifier', 'ials', 'implicit', 'mf', 'tabular']);
    expect(unavailable.classifier).toMatch(/needs a label/);
    const { shown, expected } = await shownDefaults(train, 'sgns');
    expect(shown).toEqual(expected);
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
    const { shown, expected } = await shownDefaults(train, 'classifier');
    expect(shown).toEqual(expected);
    expect(shown.threads).toBeUndefined(); // the classifier trains on tfjs only
    expect(shown.units).toBeUndefined(); // read by gru and lstm only
    await train.set({ encoder: 'gru' });
    expect(await train.option('units')).toBe(String(MODEL_RULES.classifier.defaults.units));
    await train.set({ encoder: 'average' });
    await train.set({ epochs: 8 });
    expect(await train.run()).toMatch(/completed/);
    expect((await train.latestRun()).model).toBe('classifier');
    expect(await train.metric('test', 'auc')).toBeGreaterThan(0.75);
    await screenshot(page, 'train-4-classifier');
  });

  it('cancels a run, lists it with the epoch it kept, and resumes it from there to the end', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.choose('movies', 'mf');
    // Patience 0: no early stop, so the resumed run is seen to reach its last epoch.
    await train.set({ epochs: 150, patience: 0, threads: 1 });
    await train.start();
    await train.cancelAfter(3);
    expect(await train.runError()).toMatchObject({ code: 'Cancelled' });
    const runId = Number(await page.locator('[data-testid="run-row"]').first().getAttribute('data-run-id'));
    await page
      .locator(`[data-testid="run-row"][data-run-id="${runId}"] [data-testid="run-row-status"]`)
      .filter({ hasText: /kept/ })
      .waitFor();
    const stopped = await train.runRow(runId);
    expect(stopped.status).toMatch(/^cancelled · epoch \d+ kept$/);
    expect(stopped.resumable).toBe(true);
    await screenshot(page, 'train-5-cancelled');
    await train.resume(runId);
    expect(await train.finish()).toMatch(/completed/);
    expect(await page.textContent('[data-testid="epoch-count"]')).toMatch(/150 \/ 150 epochs/);
    expect(await train.runRow(runId)).toEqual({ status: 'completed', resumable: false });
    await screenshot(page, 'train-6-resumed');
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

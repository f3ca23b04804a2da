// "Run on Spark" in the Train view: the form shows MLlib's options only and refuses a --conf that could run a
// program here; an mf run on local[2] shows what the job is doing, completes, and is listed as engine spark on
// its master, scored like a local run. Skipped with one line where there is no Java 17 or Spark (.venv-spark).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparkMissing } from '../src/core/spark/sparkTesting';
import { openApp, ROOT, screenshot, type OpenApp } from './harness';
import { DatasetsPage, TrainPage } from './pages';

const missing = sparkMissing();
if (missing) console.warn(`skipped: the Train view on Spark — ${missing} (scripts/python-env.sh spark sets it up)`);

let app: OpenApp;
let page: Page;
let errors: string[];

beforeAll(async () => {
  if (missing) return;
  app = await openApp();
  ({ page, errors } = app);
});

afterAll(async () => app?.close());

describe.skipIf(missing !== null)('the Train view on Spark', () => {
  it('trains mf with MLlib ALS on local[2] and lists it as spark on its master', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(join(ROOT, 'resources/sample/ratings.csv'));
    await datasets.importAs('movies');
    const train = new TrainPage(page);
    await train.open();
    await train.choose('movies', 'mf');
    expect(await train.option('lr')).not.toBeNull();

    await train.onSpark({ master: 'local[2]', conf: 'spark.jars=/tmp/x.jar' });
    // MLlib's options only: ALS has no learning rate, and Spark's parallelism is the master's.
    expect(await train.option('lr')).toBeNull();
    expect(await train.option('threads')).toBeNull();
    expect(await train.option('reg')).not.toBeNull();
    expect(await page.textContent('[data-testid="train-problems"]')).toMatch(/spark\.jars is not taken/);
    expect(await page.isDisabled('[data-testid="train-start"]')).toBe(true);

    await train.onSpark({ conf: 'spark.ui.enabled=false', partitions: 2 });
    await train.set({ dim: 8, epochs: 3 });
    await train.start();
    expect(await train.progressLine(/Epoch 1 of 3 · (starting Spark|Spark 4)/)).toBeTruthy();
    await screenshot(page, 'train-spark-running');
    expect(await train.finish(280_000)).toMatch(/completed/);
    const runId = Number(/#(\d+)/.exec((await page.textContent('[data-testid="run-status"]')) ?? '')?.[1]);
    expect(await train.runEngine(runId)).toBe('spark · local[2]');
    expect(await page.textContent('[data-testid="epoch-count"]')).toMatch(/3 \/ 3 epochs/);
    expect(await train.metric('test', 'rmse')).toBeGreaterThan(0);
    expect(await train.metric('baseline-globalMean', 'rmse')).toBeGreaterThan((await train.metric('test', 'rmse'))!);
    await screenshot(page, 'train-spark-done');
    expect(errors).toEqual([]);
  }, 300_000);
});

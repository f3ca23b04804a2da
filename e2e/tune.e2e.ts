// The Tune panel: a small study of mf on the sample ratings started from the Train view, its charts drawn, its
// trials and best config exported, and "train the best on train + valid" producing a run.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, ROOT, screenshot, type OpenApp } from './harness';
import { DatasetsPage, TrainPage, TunePage } from './pages';

let app: OpenApp;
let page: Page;
let errors: string[];

beforeAll(async () => {
  app = await openApp();
  ({ page, errors } = app);
});

afterAll(async () => app?.close());

describe('the Tune panel', () => {
  it('runs a small study of mf from the Train view and draws its charts', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(join(ROOT, 'resources/sample/ratings.csv'));
    await datasets.importAs('movies');
    const train = new TrainPage(page);
    await train.open();
    await train.choose('movies', 'mf');

    const tune = new TunePage(page);
    await tune.open();
    // Three trials of three epochs, two options searched: small, the cores are shared.
    await tune.set(
      { dim: '8|16', lr: '0.01..0.05:log', reg: '', regBias: '' },
      { trials: 3, epochs: 3, sampler: 'random' },
    );
    expect(await tune.run()).toBe('completed');
    expect(await tune.text('study-summary')).toMatch(/3 complete, 0 pruned, 0 failed of 3 trials/);
    expect(await tune.text('study-best')).toMatch(/Best: trial \d \(run #\d+, best epoch \d\)/);
    expect(Number(await tune.text('study-best-value'))).toBeGreaterThan(0.5);
    expect(await tune.chart('study-history')).toEqual({ points: 3, drawn: true });
    expect(await tune.chart('study-parallel')).toEqual({ points: 3, drawn: true });
    for (const c of ['study-scatter-dim', 'study-scatter-lr', 'study-importance'])
      expect((await tune.chart(c)).drawn).toBe(true);
    expect(await page.locator('[data-testid="study-best"] [data-testid="loss-chart"] canvas').count()).toBe(1);
    await screenshot(page, 'tune-1-study');
  });

  it('exports the trials as CSV and the best config as JSON', async () => {
    const tune = new TunePage(page);
    const csv = await tune.download('study-export-csv');
    expect(csv.name).toMatch(/^movies-study\d+-trials\.csv$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^number,kind,arm,fold,state,valid\.rmse,dim,lr,run,/);
    expect(lines).toHaveLength(4);
    const json = await tune.download('study-export-json');
    const best = JSON.parse(json.text) as { config: { model: string; dim: number } };
    expect(best.config.model).toBe('mf');
    expect([8, 16]).toContain(best.config.dim);
  });

  it('trains the best on train + valid as a run of its own', async () => {
    await page.click('[data-testid="study-train-best"]');
    await page
      .locator('[data-testid="run-status"]')
      .filter({ hasText: /completed|failed/ })
      .waitFor({ timeout: 120_000 });
    const status = (await page.textContent('[data-testid="run-status"]')) ?? '';
    expect(status).toMatch(/Run #\d+ mf on movies:\s*completed/);
    const runId = /#(\d+)/.exec(status)![1];
    await page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).waitFor();
    // Trained on train + valid: it reports test figures and no validation split.
    expect(await page.locator('[data-testid="run-metrics"]').textContent()).toMatch(/test/i);
    await screenshot(page, 'tune-2-train-best');
    expect(errors).toEqual([]);
  });
});

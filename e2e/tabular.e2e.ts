// A table end to end in the real UI: a generated shops table is mapped with several category columns, a numeric
// one and a target, imported with a vocabulary per column, trained with the tabular model (per-column dims from
// the form), and one column's table explored: its neighbours, its map and its keys.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTabularTask, writeTabularTaskCsv } from '../src/core/tasks/tabularTask';
import { openApp, screenshot, type OpenApp } from './harness';
import { DatasetsPage, ExplorePage, MapPage, TrainPage } from './pages';

let app: OpenApp;
let page: Page;
let errors: string[];
const file = join(mkdtempSync(join(tmpdir(), 'ewb-e2e-tabular-')), 'shops.csv');

beforeAll(async () => {
  writeTabularTaskCsv(file, generateTabularTask({ rows: 3000, seed: 3 }));
  app = await openApp();
  ({ page, errors } = app);
});

afterAll(async () => app?.close());

describe('a table in the workbench', () => {
  it('maps several category columns, a numeric one and a target, and imports a vocabulary per column', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(file);
    await datasets.mapColumns('category', ['shop', 'weekday', 'colour']);
    await datasets.mapColumns('numeric', ['price']);
    expect((await datasets.problems()).join(' ')).toMatch(/category and numeric columns with a target for a table/);
    await datasets.map('target', 'buy');
    expect(await datasets.kind()).toBe('tabular');
    expect(await datasets.problems()).toEqual([]);
    await screenshot(page, 'tabular-1-mapping');
    const imported = await datasets.importAs('shops');
    expect(imported).toMatch(/3,000/);
    const vocab = (name: string): Promise<string[]> =>
      page.$$eval(`[data-testid="report-vocab-category-${name}"] td`, (tds) => tds.map((td) => td.textContent ?? ''));
    expect(await vocab('shop')).toEqual(['category shop', '30', '0', '0']);
    expect(await vocab('weekday')).toEqual(['category weekday', '7', '0', '0']);
    expect(await vocab('colour')).toEqual(['category colour', '5', '0', '0']);
  });

  it('trains the tabular model from the Train form, far above the majority class', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.choose('shops', 'tabular');
    await train.set({ epochs: 8, lr: 0.01, columnDims: 'weekday=3' });
    const status = await train.run();
    expect(status).toMatch(/completed/);
    expect(await train.metric('test', 'accuracy')).toBeGreaterThan(0.85);
    await screenshot(page, 'tabular-2-trained');
  });

  it('explores one column’s table: weekend days are each other’s nearest neighbours', async () => {
    const explore = new ExplorePage(page);
    await explore.open();
    const tables = await explore.chooseTable('weekday');
    expect(tables.sort()).toEqual(['colour', 'shop', 'weekday']);
    expect(await page.textContent('[data-testid="explore-table"] option[value="weekday"]')).toMatch(/9 × 3/); // 7 weekdays, PAD and OOV;
    const { rows } = await explore.neighbours('Sat', 'cosine');
    expect(rows[0]).toMatch(/Sun/);
    const map = new MapPage(page);
    await map.project('pca');
    expect((await map.chart()).points).toBe(7);
    await screenshot(page, 'tabular-3-explore');
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

// Page objects: what a user does in each view, in the words of the UI.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { ROOT } from './harness';

const id = (testId: string): string => `[data-testid="${testId}"]`;

/**
 * Clicks Export and saves what the browser downloads (browser mode sends exports as downloads): the local
 * paths, each under the name the browser was given (`<dataset>-run<id>-<file>`), in a new folder.
 */
async function exportDownloads(page: Page): Promise<string[]> {
  const downloads: Download[] = [];
  const onDownload = (d: Download): number => downloads.push(d);
  page.on('download', onDownload);
  try {
    await page.click(id('export-button'));
    await page.waitForSelector(id('export-file'));
    const listed = await page.$$eval(id('export-file'), (els) => els.length);
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(listed);
  } finally {
    page.off('download', onDownload);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ewb-e2e-downloads-'));
  const files: string[] = [];
  for (const d of downloads) {
    const path = join(dir, d.suggestedFilename());
    await d.saveAs(path);
    files.push(path);
  }
  return files;
}

export class DatasetsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(id('nav-datasets'));
  }

  async upload(path: string): Promise<void> {
    await this.page.setInputFiles(id('file-input'), path);
    // The preview of this file, not of the one before: uploads are stored under their own name.
    const name = basename(path).replace(/[^\w.-]+/g, '_');
    await this.page.locator(id('preview-info')).filter({ hasText: name }).waitFor({ timeout: 60_000 });
    await this.page.waitForSelector(`${id('preview-table')} tbody tr`);
  }

  /** Adds an item metadata file beside the main one and waits until its columns are read; returns them. */
  async uploadItems(path: string): Promise<{ info: string; key: string; title: string; genres: string }> {
    await this.page.setInputFiles(id('items-file-input'), path);
    await this.page
      .locator(id('items-info'))
      .filter({ hasText: basename(path) })
      .waitFor({ timeout: 60_000 });
    return {
      info: ((await this.page.textContent(id('items-info'))) ?? '').trim(),
      key: await this.page.inputValue(id('items-key')),
      title: await this.page.inputValue(id('items-title')),
      genres: await this.page.inputValue(id('items-genres')),
    };
  }

  async mapped(role: string): Promise<string> {
    return this.page.inputValue(id(`map-${role}`));
  }

  async importAs(name: string): Promise<string> {
    await this.page.fill(id('dataset-name'), name);
    await this.page.click(id('import-button'));
    const result = await this.page.waitForSelector(id('import-result'));
    return (await result.textContent()) ?? '';
  }

  /** What the read options show: the detected (or chosen) delimiter and header, and the layout in words. */
  async reading(): Promise<{ delimiter: string; source: string; header: boolean; encoding: string; info: string }> {
    return {
      delimiter: await this.page.inputValue(id('read-delimiter')),
      source: (await (await this.page.$(id('read-delimiter-source')))?.textContent()) ?? '',
      header: await this.page.isChecked(id('read-header')),
      encoding: await this.page.inputValue(id('read-encoding')),
      info: (await this.page.textContent(id('preview-info'))) ?? '',
    };
  }

  async previewCells(): Promise<string[]> {
    return this.page.$$eval(`${id('preview-table')} tbody td`, (tds) => tds.map((td) => td.textContent ?? ''));
  }

  /** Maps one role to a column ('' clears it). */
  async map(role: string, column: string): Promise<void> {
    await this.page.selectOption(id(`map-${role}`), column);
  }

  /** The event role's columns in order: the first is the event type, the others are combined into the token. */
  async mapEvents(columns: string[]): Promise<void> {
    // Clear extra columns from an earlier choice or the suggestion, last first.
    while ((await this.page.$(id('map-event-remove-2'))) !== null) await this.page.click(id('map-event-remove-2'));
    await this.page.selectOption(id('map-event'), columns[0] ?? '');
    for (let i = 1; i < columns.length; i++) {
      await this.page.click(id('map-event-add'));
      await this.page.selectOption(id(`map-event-${i + 1}`), columns[i]!);
    }
  }

  /** A table's repeatable role (category, numeric): its columns in order, replacing earlier choices. */
  async mapColumns(role: 'category' | 'numeric', columns: string[]): Promise<void> {
    while ((await this.page.$(id(`map-${role}-remove-2`))) !== null) await this.page.click(id(`map-${role}-remove-2`));
    await this.page.selectOption(id(`map-${role}`), columns[0] ?? '');
    for (let i = 1; i < columns.length; i++) {
      await this.page.click(id(`map-${role}-add`));
      await this.page.selectOption(id(`map-${role}-${i + 1}`), columns[i]!);
    }
  }

  async kind(): Promise<string | null> {
    return this.page.getAttribute(id('dataset-kind'), 'data-kind');
  }

  /** The live reasons the mapping cannot be imported (none when it can). */
  async problems(): Promise<string[]> {
    return this.page.$$eval(`${id('mapping-problems')} li`, (lis) => lis.map((li) => li.textContent ?? ''));
  }

  async canImport(): Promise<boolean> {
    return this.page.isEnabled(id('import-button'));
  }

  async split(kind: 'random' | 'leaveLast' | 'chrono' | 'column', n?: number): Promise<void> {
    await this.page.selectOption(id('split-kind'), kind);
    if (n !== undefined) await this.page.fill(id('split-n'), String(n));
  }

  async duplicates(policy: 'keep' | 'last' | 'average'): Promise<void> {
    await this.page.selectOption(id('duplicates'), policy);
  }

  /** Starts an import and leaves it running (see `cancelImport`, or wait for `report`). */
  async startImport(name: string): Promise<void> {
    await this.page.fill(id('dataset-name'), name);
    await this.page.click(id('import-button'));
  }

  /** Waits until the running import reports reading progress; returns the progress text. */
  async progress(): Promise<string> {
    await this.page.locator(`${id('import-progress')}[data-stage="reading"]`).waitFor({ timeout: 60_000 });
    return (await this.page.textContent(id('import-progress-detail'))) ?? '';
  }

  /** Cancels the running import and waits for the page to say so. */
  async cancelImport(): Promise<void> {
    await this.page.click(id('import-cancel'));
    await this.page.waitForSelector(id('import-cancelled'), { timeout: 60_000 });
  }

  /** The quality report's figures once the import has finished. */
  async report(): Promise<ImportReportFigures> {
    await this.page.waitForSelector(id('import-result'), { timeout: 120_000 });
    // Parts of the report that do not apply (no events, no ratings …) are absent: they read as ''.
    const text = async (testId: string) => ((await (await this.page.$(id(testId)))?.textContent()) ?? '').trim();
    const num = async (testId: string) => Number((await text(testId)).replace(/,/g, ''));
    const attr = async (testId: string, name: string) =>
      Number((await (await this.page.$(id(testId)))?.getAttribute(name)) ?? 0);
    return {
      read: await num('report-rows-read'),
      imported: await num('report-rows-imported'),
      rejected: await num('report-rows-rejected'),
      rejectedLines: await this.page.$$eval(id('report-reject'), (rows) =>
        rows.map((r) => Number(r.getAttribute('data-line'))),
      ),
      rejectReasons: await this.page.$$eval(id('report-reject'), (rows) => rows.map((r) => r.textContent ?? '')),
      duplicates: await text('report-duplicates'),
      removed: await attr('report-duplicates', 'data-removed'),
      sequences: await attr('report-sequences', 'data-count'),
      splits: {
        train: await num('report-split-train'),
        valid: await num('report-split-valid'),
        test: await num('report-split-test'),
      },
      timeRange: await text('report-time-range'),
      eventVocabulary: await text('report-vocab-event'),
    };
  }

  /** Bars drawn in the rating histogram (it loads echarts on demand). */
  async histogramBars(): Promise<number> {
    const chart = await this.page.waitForSelector(`${id('rating-histogram')} canvas`);
    await chart.waitForElementState('visible');
    return Number(await this.page.getAttribute(id('rating-histogram'), 'data-bars'));
  }

  /** The dataset list's row for a dataset, or null when it is not listed. */
  async listed(name: string): Promise<{ kind: string; rows: string; sequences: string } | null> {
    const row = await this.page.$(`${id('dataset-row')}[data-name="${name}"]`);
    if (!row) return null;
    const cell = async (testId: string) => ((await (await row.$(id(testId)))?.textContent()) ?? '').trim();
    return {
      kind: await cell('dataset-row-kind'),
      rows: await cell('dataset-row-rows'),
      sequences: await cell('dataset-row-sequences'),
    };
  }
}

export interface ImportReportFigures {
  read: number;
  imported: number;
  rejected: number;
  rejectedLines: number[];
  rejectReasons: string[];
  duplicates: string;
  removed: number;
  sequences: number;
  splits: { train: number; valid: number; test: number };
  timeRange: string;
  eventVocabulary: string;
}

/**
 * How the Explore-side suites start: upload the bundled sample ratings as `movies` and train mf on them in the
 * UI. Returns the import summary and the run's final status for the caller to check.
 */
export async function importSampleAndTrainMf(page: Page, epochs = 10): Promise<{ imported: string; status: string }> {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.upload(join(ROOT, 'resources/sample/ratings.csv'));
  const imported = await datasets.importAs('movies');
  const train = new TrainPage(page);
  await train.open();
  await train.choose('movies', 'mf');
  await train.set({ epochs });
  return { imported, status: await train.run() };
}

export class TrainPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(id('nav-train'));
  }

  async train(dataset: string, epochs: number): Promise<void> {
    await this.page.selectOption(id('train-dataset'), dataset); // option values are dataset names
    await this.page.fill(id('train-epochs'), String(epochs));
    await this.page.click(id('train-start'));
    await this.page
      .locator(id('run-status'))
      .filter({ hasText: /completed|failed|cancelled/ })
      .waitFor({ timeout: 120_000 });
    expect(await this.page.textContent(id('run-status'))).toMatch(/completed/);
  }

  async chartPoints(): Promise<number> {
    return Number(await this.page.getAttribute(id('loss-chart'), 'data-points'));
  }

  /** Picks a dataset and a model (the dataset first: it decides which models can be chosen). */
  async choose(dataset: string, model?: string): Promise<void> {
    await this.page.selectOption(id('train-dataset'), dataset);
    if (model) await this.page.selectOption(id('train-model'), model);
  }

  async model(): Promise<string> {
    return this.page.inputValue(id('train-model'));
  }

  /** The models the chosen dataset cannot feed, with the one-line reason each. */
  async unavailable(): Promise<Record<string, string>> {
    const lines: { models: string; text: string }[] = await this.page.$$eval(
      `${id('train-model-unavailable')} li`,
      (lis) => lis.map((li) => ({ models: li.getAttribute('data-models') ?? '', text: li.textContent ?? '' })),
    );
    return Object.fromEntries(lines.flatMap(({ models, text }) => models.split(' ').map((m: string) => [m, text])));
  }

  /** An option's value as the form shows it ('' when empty); null when the form does not offer it. */
  async option(name: string): Promise<string | null> {
    return (await this.page.$(id(`train-${name}`))) ? this.page.inputValue(id(`train-${name}`)) : null;
  }

  /** Sets options by their names in the contract (`epochs`, `loss`, `window` …): a choice or a typed value. */
  async set(options: Record<string, string | number>): Promise<void> {
    for (const [name, value] of Object.entries(options)) {
      const field = this.page.locator(id(`train-${name}`));
      if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(String(value));
      else await field.fill(String(value));
    }
  }

  /** What the form says about a field: its accessible name and description (aria-describedby). */
  async described(name: string): Promise<{ label: string; description: string }> {
    return this.page.locator(id(`train-${name}`)).evaluate((e) => {
      const text = (selector: string) => e.ownerDocument.querySelector(selector)?.textContent?.trim() ?? '';
      const described = (e.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      return {
        label: text(`label[for="${e.id}"]`),
        description: described.map((i: string) => text(`[id="${i}"]`)).join(' '),
      };
    });
  }

  /** The form's error line of the run on screen: its code and text (null when there is none). */
  async runError(): Promise<{ code: string; text: string } | null> {
    const line = await this.page.$(id('run-error'));
    if (!line) return null;
    return { code: (await line.getAttribute('data-code')) ?? '', text: ((await line.textContent()) ?? '').trim() };
  }

  /** Starts a run and waits for it to end; returns the status line. */
  async run(): Promise<string> {
    await this.start();
    return this.finish();
  }

  /** Cancels the run on screen once it has stored `epochs` epochs; resolves when it shows as cancelled. */
  async cancelAfter(epochs: number): Promise<void> {
    // Polled from here: the page's CSP forbids evaluating strings, and the e2e code is typed without the DOM.
    for (let tries = 0; (await this.chartPoints()) < epochs; tries++) {
      if (tries > 600) throw new Error(`the run did not reach ${epochs} epochs`);
      await this.page.waitForTimeout(100);
    }
    await this.page.click(id('train-cancel'));
    await this.finish();
  }

  /** The run list's row of a run: its status badge text and whether it offers Resume. */
  async runRow(runId: number): Promise<{ status: string; resumable: boolean }> {
    const row = this.page.locator(`${id('run-row')}[data-run-id="${runId}"]`);
    return {
      status: ((await row.locator(id('run-row-status')).textContent()) ?? '').trim(),
      resumable: (await row.locator(id('run-resume')).count()) > 0,
    };
  }

  async resume(runId: number): Promise<void> {
    await this.page.locator(`${id('run-row')}[data-run-id="${runId}"] ${id('run-resume')}`).click();
  }

  /** Starts a run and waits for the bar of its first epoch. */
  async start(): Promise<void> {
    await this.page.click(id('train-start'));
    await this.page.waitForSelector(id('epoch-progress'));
  }

  /** Waits for the run on screen to end (a Spark run starts a JVM: give it longer); returns the status line. */
  async finish(timeout = 120_000): Promise<string> {
    await this.page
      .locator(id('run-status'))
      .filter({ hasText: /completed|failed|cancelled/ })
      .waitFor({ timeout });
    return (await this.page.textContent(id('run-status'))) ?? '';
  }

  /** A finished run's metric cell (`metric-<split>-<name>`) as a number; null when absent or empty. */
  async metric(split: string, name: string): Promise<number | null> {
    const text = (await (await this.page.$(id(`metric-${split}-${name}`)))?.textContent())?.trim();
    return text && text !== '–' ? Number(text) : null;
  }

  /** The sentence comparing the run with its best baseline. */
  async improvement(): Promise<string> {
    return ((await this.page.textContent(id('run-improvement'))) ?? '').trim();
  }

  /** Ticks "Run on Spark" and fills its fields (`master`, `stage`, `conf`, `alpha`, `partitions`). */
  async onSpark(fields: Record<string, string | number>): Promise<void> {
    await this.page.check(id('spark-enabled'));
    for (const [name, value] of Object.entries(fields)) await this.page.fill(id(`spark-${name}`), String(value));
  }

  /** The progress bar's line (`Epoch 1 of 3 · starting Spark (local[2])`) as soon as it reads `pattern`. */
  async progressLine(pattern: RegExp, timeout = 120_000): Promise<string> {
    const line = this.page.locator(`${id('epoch-progress')} strong`).filter({ hasText: pattern });
    await line.waitFor({ timeout });
    return ((await line.textContent()) ?? '').trim();
  }

  /** The run list's engine cell of a run (`cpu`, `tfjs · wasm`, `spark · local[2]`). */
  async runEngine(runId: number): Promise<string> {
    const row = this.page.locator(`${id('run-row')}[data-run-id="${runId}"]`);
    return ((await row.locator(id('run-row-engine')).textContent()) ?? '').trim();
  }

  /** The run list's row of the newest run: its model and key figure (once its result is in). */
  async latestRun(): Promise<{ model: string; figure: string }> {
    const row = this.page.locator(id('run-row')).first();
    await row.locator(id('run-row-figure')).filter({ hasNotText: '–' }).waitFor();
    return {
      model: ((await row.locator(id('run-row-model')).textContent()) ?? '').trim(),
      figure: ((await row.locator(id('run-row-figure')).textContent()) ?? '').trim(),
    };
  }
}

export class ExplorePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(id('nav-explore'));
  }

  /** Searches items, picks the first match and returns the neighbour rows' text. */
  async neighboursOf(query: string): Promise<string[]> {
    await this.page.fill(id('item-search'), query);
    const option = await this.page.waitForSelector(id('item-option'));
    await option.click();
    await this.page.waitForSelector(id('neighbor-row'));
    return this.page.$$eval(id('neighbor-row'), (rows) => rows.map((r) => r.textContent ?? ''));
  }

  /** Exports the chosen table; returns the downloaded files. */
  async exportItems(): Promise<string[]> {
    return exportDownloads(this.page);
  }

  /** Switches the table explored (users, items, words …); returns the tables the run offers. */
  async chooseTable(name: string): Promise<string[]> {
    await this.page.locator(`${id('explore-table')} option[value="${name}"]`).waitFor({ state: 'attached' });
    await this.page.selectOption(id('explore-table'), name);
    return this.page.$$eval(`${id('explore-table')} option`, (os) => os.map((o) => o.getAttribute('value') ?? ''));
  }

  /** The keys the search offers for a query (the first `limit` of them). */
  async keys(query: string, limit = 20): Promise<string[]> {
    await this.page.fill(id('item-search'), query);
    await this.page.waitForSelector(id('item-option'));
    const keys = await this.page.$$eval(id('item-option'), (os) => os.map((o) => o.getAttribute('data-key') ?? ''));
    return keys.slice(0, limit);
  }

  /**
   * Sets the neighbour options: the genre applies as it is chosen; the text filter is committed on change, as
   * a user leaving the field does.
   */
  async neighbourOptions(options: { metric?: string; k?: number; genre?: string; text?: string }): Promise<void> {
    if (options.metric) await this.page.selectOption(id('explore-metric'), options.metric);
    if (options.k !== undefined) await this.page.fill(id('explore-k'), String(options.k));
    if (options.genre !== undefined) {
      await this.page.locator(`${id('explore-genre')} option[value="${options.genre}"]`).waitFor({ state: 'attached' });
      await this.page.selectOption(id('explore-genre'), options.genre);
    }
    if (options.text !== undefined) {
      await this.page.fill(id('explore-filter'), options.text);
      await this.page.locator(id('explore-filter')).blur();
    }
  }

  /** Sets the view's minimum count (committed on change). */
  async minCount(n: number): Promise<void> {
    await this.page.fill(id('explore-min-count'), String(n));
    await this.page.locator(id('explore-min-count')).blur();
  }

  /**
   * Adds a key to a key list (`analogy-positive`, `recommend-items` …) by title or key: typed and, when
   * `pick` names a key, chosen from the autocomplete; otherwise sent as typed with Enter.
   */
  async addKey(list: string, text: string, pick?: string): Promise<void> {
    await this.page.fill(id(list), text);
    if (pick) await this.page.locator(`${id(`${list}-option`)}[data-key="${pick}"]`).click();
    else await this.page.press(id(list), 'Enter');
    await this.page.locator(`${id(`${list}-chip`)}[data-key="${pick ?? text}"]`).waitFor();
  }

  /** Removes every chip of a key list. */
  async clearKeys(list: string): Promise<void> {
    while ((await this.page.$(id(`${list}-chip`))) !== null)
      await this.page
        .locator(`${id(`${list}-chip`)} button`)
        .first()
        .click();
  }

  /** Picks the first match of a query and waits for neighbours scored with `metric`; returns rows and header. */
  async neighbours(query: string, metric: string): Promise<{ rows: string[]; header: string }> {
    await this.page.fill(id('item-search'), query);
    await (await this.page.waitForSelector(id('item-option'))).click();
    const header = this.page.locator(`${id('neighbors-table')} ${id('score-header')}`).filter({ hasText: metric });
    await header.waitFor();
    await this.page.waitForSelector(id('neighbor-row'));
    return {
      rows: await this.page.$$eval(id('neighbor-row'), (rows) => rows.map((r) => r.textContent ?? '')),
      header: ((await header.textContent()) ?? '').trim(),
    };
  }

  /** Solves Σ positive − Σ negative (keys or titles, entered as typed); returns the result rows' keys. */
  async analogy(positive: string[], negative: string[], method = '3CosAdd'): Promise<string[]> {
    await this.clearKeys('analogy-positive');
    await this.clearKeys('analogy-negative');
    for (const key of positive) await this.addKey('analogy-positive', key);
    for (const key of negative) await this.addKey('analogy-negative', key);
    await this.page.selectOption(id('analogy-method'), method);
    await this.page.click(id('analogy-run'));
    await this.page.waitForSelector(id('analogy-row'));
    return this.page.$$eval(id('analogy-row'), (rows) => rows.map((r) => r.getAttribute('data-key') ?? ''));
  }

  /** Recommendations for a known user, or (given `items`, e.g. "a=5, b=1") for a new one folded in. */
  /**
   * Recommends for a known user, a new one from rated items, or a new one from typed features (`country=it`);
   * `newOnly` ticks "new only (from features)" first. Returns the rows' keys, "because" badges and "new" marks.
   */
  async recommend(
    who: { user: string } | { items: string } | { features: string },
    { newOnly = false } = {},
  ): Promise<{ key: string; because: string[]; isNew: boolean }[]> {
    if ('user' in who) {
      await this.page.selectOption(id('recommend-mode'), 'user');
      await this.page.fill(id('recommend-user'), who.user);
    } else if ('features' in who) {
      await this.page.selectOption(id('recommend-mode'), 'features');
      await this.page.fill(id('recommend-user-features'), who.features);
    } else {
      await this.page.selectOption(id('recommend-mode'), 'new');
      await this.clearKeys('recommend-items');
      // "a=5, b=1": each key entered as typed, then its rating set on its chip.
      for (const piece of who.items.split(',')) {
        const [key, rating] = piece.split('=').map((s) => s.trim()) as [string, string | undefined];
        await this.addKey('recommend-items', key);
        if (rating === undefined) continue;
        const input = this.page.locator(
          `${id('recommend-items-chip')}[data-key="${key}"] ${id('recommend-items-rating')}`,
        );
        await input.fill(rating);
        await input.blur();
      }
    }
    // Ticked after the inputs: a changed filter asks again at once, and that answer is then the same as the next.
    const box = this.page.locator(id('recommend-from-features'));
    if ((await box.count()) > 0) await box.setChecked(newOnly);
    // The panel drops the old rows when asked again, so the rows waited for are the new answer's.
    await this.page.click(id('recommend-run'));
    await this.page.waitForSelector(id('recommend-row'));
    return this.page.$$eval(id('recommend-row'), (rows) =>
      rows.map((r) => ({
        key: r.getAttribute('data-key') ?? '',
        because: [...r.querySelectorAll('[data-testid="recommend-because"]')].map((b) => (b.textContent ?? '').trim()),
        isNew: r.querySelector('[data-testid="recommend-new"]') !== null,
      })),
    );
  }

  /** Exports the chosen table in a format; returns the downloaded files and the summary line. */
  async exportAs(format: string): Promise<{ files: string[]; summary: string; hint: string }> {
    await this.page.selectOption(id('export-format'), format);
    return {
      files: await exportDownloads(this.page),
      summary: ((await this.page.textContent(id('export-summary'))) ?? '').replace(/\s+/g, ' ').trim(),
      hint: ((await this.page.textContent(id('export-hint'))) ?? '').trim(),
    };
  }
}

/** The Map panel of the Explore view: a 2-D map of the chosen table. */
export class MapPage {
  constructor(private readonly page: Page) {}

  /** Opens the Explore view and waits for the Map panel. */
  async open(): Promise<void> {
    await this.page.click(id('nav-explore'));
    await this.page.waitForSelector(id('map-panel'));
  }

  /** Maps the chosen table by a method and waits until ECharts has drawn it; returns the summary line. */
  async project(method: 'pca' | 'umap' | 'tsne', options: { limit?: number; seed?: number } = {}): Promise<string> {
    await this.page.selectOption(id('map-method'), method);
    if (options.limit !== undefined) await this.page.fill(id('map-limit'), String(options.limit));
    if (options.seed !== undefined) await this.page.fill(id('map-seed'), String(options.seed));
    // Wait for this map, not the one already shown: each answer carries its own projection id.
    const shown = (await this.page.$(id('map-summary')))
      ? await this.page.getAttribute(id('map-summary'), 'data-projection')
      : null;
    await this.page.locator(`${id('map-run')}:not([disabled])`).click();
    if (shown)
      await this.page.locator(`${id('map-summary')}:not([data-projection="${shown}"])`).waitFor({ timeout: 120_000 });
    await this.page
      .locator(`${id('map-summary')}`)
      .filter({ hasText: new RegExp(method === 'tsne' ? 't-SNE' : method, 'i') })
      .waitFor({ timeout: 120_000 });
    await this.page.locator(`${id('map-chart')}[data-rendered="true"]`).waitFor({ timeout: 60_000 });
    return ((await this.page.textContent(id('map-summary'))) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Points handed to the chart and colour groups drawn. */
  async chart(): Promise<{ points: number; groups: number }> {
    const el = this.page.locator(id('map-chart'));
    return {
      points: Number(await el.getAttribute('data-points')),
      groups: Number(await el.getAttribute('data-groups')),
    };
  }

  /** Pixels of the chart's canvas that are neither white nor transparent: what was actually painted. */
  async paintedPixels(): Promise<number> {
    return (await this.canvas()).painted;
  }

  /** The chart's canvas: painted pixels, and a digest that differs between two different drawings. */
  async canvas(): Promise<{ painted: number; digest: string }> {
    return this.page.$eval(`${id('map-chart')} canvas`, (c) => {
      // The e2e code compiles without the DOM library: the little of a 2-D canvas used here, spelled out.
      const canvas = c as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
        };
      };
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      let h = 2166136261;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 0 && (data[i]! < 235 || data[i + 1]! < 235 || data[i + 2]! < 235)) painted++;
        for (let j = i; j < i + 4; j++) h = Math.imul(h ^ data[j]!, 16777619);
      }
      return { painted, digest: (h >>> 0).toString(16) };
    });
  }

  /** Points handed to the chart, points drawn (a filter hides the rest) and the legend's names. */
  async drawn(): Promise<{ points: number; drawn: number; legend: string[] }> {
    const el = this.page.locator(id('map-chart'));
    const legend = (await el.getAttribute('data-legend')) ?? '';
    return {
      points: Number(await el.getAttribute('data-points')),
      drawn: Number(await el.getAttribute('data-drawn')),
      legend: legend ? legend.split('|') : [],
    };
  }

  /** Shows only the points whose `field` (`genre`, `col:NAME`) has `value`; returns the values offered. */
  async filterBy(field: string, value: string): Promise<string[]> {
    await this.page.selectOption(id('map-filter-field'), field);
    await this.page.selectOption(id('map-filter-value'), value);
    await this.page.locator(`${id('map-chart')}[data-rendered="true"]`).waitFor();
    return this.page.$$eval(`${id('map-filter-value')} option`, (os) => os.map((o) => o.getAttribute('value') ?? ''));
  }

  /** The summary's "showing N of M · …" while a filter hides points; '' when every point is drawn. */
  async shown(): Promise<string> {
    const el = await this.page.$(id('map-shown'));
    return el ? ((await el.textContent()) ?? '').replace(/\s+/g, ' ').trim() : '';
  }

  async colourBy(choice: string): Promise<string[]> {
    await this.page.selectOption(id('map-color'), choice);
    return this.page.$$eval(`${id('map-color')} option`, (os) => os.map((o) => o.getAttribute('value') ?? ''));
  }

  /** Searches by label and picks the first match: the map zooms to it and rings it. Returns the key. */
  async find(query: string): Promise<string> {
    await this.page.fill(id('map-search'), query);
    const match = this.page.locator(id('map-match')).first();
    const key = (await match.getAttribute('data-key')) ?? '';
    await match.click();
    await this.page.waitForSelector(id('map-focus'));
    return key;
  }

  /**
   * Notes where the ring is (the found point), clears the choice, then clicks the map there: the point is
   * chosen again by the click alone. Returns the chosen key and its neighbours' keys.
   */
  async clickRingedPoint(): Promise<{ chosen: string; neighbours: string[] }> {
    // Mouse coordinates are the viewport's: the chart must be on screen.
    const chart = this.page.locator(id('map-chart'));
    await chart.scrollIntoViewIfNeeded();
    const ring = (await this.page.locator(id('map-focus')).boundingBox())!;
    const before = (await chart.boundingBox())!;
    const offset = [ring.x + ring.width / 2 - before.x, ring.y + ring.height / 2 - before.y] as const;
    await this.page.click(id('map-chosen-clear'));
    await this.page.locator(id('map-chosen')).waitFor({ state: 'detached' });
    // The page got shorter: the chart may have moved, the point within it has not.
    await chart.scrollIntoViewIfNeeded();
    const after = (await chart.boundingBox())!;
    await this.page.mouse.click(after.x + offset[0], after.y + offset[1]);
    await this.page.locator(id('map-chosen')).waitFor();
    await this.page.locator(id('map-neighbor-row')).first().waitFor();
    return {
      chosen: (await this.page.getAttribute(id('map-chosen'), 'data-key')) ?? '',
      neighbours: await this.page.$$eval(id('map-neighbor-row'), (rows) =>
        rows.map((r) => r.getAttribute('data-key') ?? ''),
      ),
    };
  }

  /** Rests the pointer on the ringed point; returns what its hover card says. */
  async hoverRingedPoint(): Promise<{ key: string; title: string; count: string; genres: string }> {
    await this.page.locator(id('map-chart')).scrollIntoViewIfNeeded();
    const ring = (await this.page.locator(id('map-focus')).boundingBox())!;
    await this.page.mouse.move(ring.x + ring.width / 2, ring.y + ring.height / 2);
    const card = this.page.locator(id('map-hover'));
    await card.waitFor();
    const text = async (testid: string): Promise<string> =>
      (await card.locator(id(testid)).count()) ? ((await card.locator(id(testid)).textContent()) ?? '').trim() : '';
    return {
      key: (await card.getAttribute('data-key')) ?? '',
      title: await text('map-hover-title'),
      count: await text('map-hover-count'),
      genres: await text('map-hover-genres'),
    };
  }

  /** Labels the `n` most frequent points (0: none) and waits for the redraw; returns the painted pixels. */
  async labelTop(n: number): Promise<number> {
    await this.page.fill(id('map-label-top'), n ? String(n) : '');
    await this.page.locator(id('map-label-top')).dispatchEvent('change');
    await this.page.waitForTimeout(300);
    return this.paintedPixels();
  }

  /** Saves the map as a named bookmark and waits until it is listed. */
  async saveBookmark(name: string): Promise<void> {
    await this.page.fill(id('map-bookmark-name'), name);
    await this.page.click(id('map-bookmark-save'));
    await this.page.locator(`${id('map-bookmark')}[data-name="${name}"]`).waitFor();
  }

  /** The names of the map's bookmarks, as listed. */
  async bookmarks(): Promise<string[]> {
    await this.page.locator(id('map-bookmarks')).waitFor();
    return this.page.$$eval(id('map-bookmark'), (els) => els.map((e) => e.getAttribute('data-name') ?? ''));
  }

  /** Restores a bookmark; waits until its chosen point (`focusKey`) is chosen again and its neighbours listed. */
  async restoreBookmark(name: string, focusKey: string): Promise<void> {
    await this.page.click(`${id('map-bookmark')}[data-name="${name}"] ${id('map-bookmark-restore')}`);
    await this.page.locator(`${id('map-chosen')}[data-key="${focusKey}"]`).waitFor({ timeout: 60_000 });
    await this.page.locator(id('map-neighbor-row')).first().waitFor();
    await this.page.locator(`${id('map-chart')}[data-rendered="true"]`).waitFor();
    // The neighbours' rings and the window are drawn after the map itself.
    await this.page.waitForTimeout(300);
  }

  async deleteBookmark(name: string): Promise<void> {
    const chip = this.page.locator(`${id('map-bookmark')}[data-name="${name}"]`);
    await chip.locator(id('map-bookmark-delete')).click();
    await chip.waitFor({ state: 'detached' });
  }

  /** Drags a rectangle over the middle of the plot (fractions of the chart box); returns the keys selected. */
  async selectRectangle(from: [number, number], to: [number, number]): Promise<{ count: number; keys: string[] }> {
    await this.page.click(id('map-brush-rect'));
    await this.page.locator(id('map-chart')).scrollIntoViewIfNeeded();
    const box = (await this.page.locator(`${id('map-chart')} canvas`).boundingBox())!;
    const at = (f: [number, number]): [number, number] => [box.x + f[0] * box.width, box.y + f[1] * box.height];
    await this.page.mouse.move(...at(from));
    await this.page.mouse.down();
    await this.page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 5 });
    await this.page.mouse.move(...at(to), { steps: 5 });
    await this.page.mouse.up();
    await this.page.waitForSelector(id('map-region-count'));
    return {
      count: Number(await this.page.getAttribute(id('map-region-count'), 'data-count')),
      keys: await this.page.$$eval(id('map-region-key'), (els) =>
        els.map((e) => e.querySelector('.key')?.textContent ?? ''),
      ),
    };
  }

  /** Clicks Export coordinates and returns the downloaded file's name and text. */
  async exportCoordinates(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.click(id('map-export'))]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }
}

export class ComparePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(id('nav-compare'));
  }

  /** Ticks these runs (by id) and compares them; waits for the charts. */
  async compare(runIds: number[], options: { sample?: number; table?: string } = {}): Promise<void> {
    for (const runId of runIds) {
      const box = this.page.locator(id(`compare-run-${runId}`));
      await box.waitFor();
      await box.check();
    }
    if (options.sample !== undefined) await this.page.fill(id('compare-sample'), String(options.sample));
    if (options.table !== undefined) {
      await this.page.locator(`${id('compare-table')} option[value="${options.table}"]`).waitFor({ state: 'attached' });
      await this.page.selectOption(id('compare-table'), options.table);
    }
    await this.page.click(id('compare-button'));
    await this.page.waitForSelector(`${id('compare-chart')} canvas`);
  }

  /** The runs offered, by id. */
  async runs(): Promise<number[]> {
    return this.page.$$eval(`${id('compare-runs')} input[type="checkbox"]`, (boxes) =>
      boxes.map((b) => Number((b.getAttribute('data-testid') ?? '').replace('compare-run-', ''))),
    );
  }

  /** The charts drawn: each metric's id with the number of lines (runs) in it. */
  async charts(): Promise<Record<string, number>> {
    const charts = await this.page.$$eval(id('compare-chart'), (els) =>
      els.map((e) => [e.getAttribute('data-curve') ?? '', Number(e.getAttribute('data-lines'))] as const),
    );
    return Object.fromEntries(charts);
  }

  /** Config keys that differ, with their values per run. */
  async configDiff(): Promise<Record<string, string[]>> {
    const rows = await this.page.$$eval(id('compare-config-row'), (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-key') ?? '',
        [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()),
      ]),
    );
    return Object.fromEntries(rows) as Record<string, string[]>;
  }

  /** A metric row (`test-rmse` …) of the best-epoch table: its values per run. */
  async metric(key: string): Promise<number[]> {
    return this.page.$$eval(`${id('compare-metric-row')}[data-metric="${key}"] td`, (tds) =>
      tds.map((td) => Number((td.textContent ?? '').trim())),
    );
  }

  /** The stability figures, or the note saying why there are none. */
  async stability(): Promise<{ overlap: number | null; procrustes: number | null; note: string }> {
    await this.page.waitForSelector(id('compare-stability'));
    const value = async (testId: string): Promise<number | null> => {
      const v = await (await this.page.$(id(testId)))?.getAttribute('data-value');
      return v === undefined || v === null ? null : Number(v);
    };
    return {
      overlap: await value('stability-overlap'),
      procrustes: await value('stability-procrustes'),
      note: ((await (await this.page.$(id('compare-stability-note')))?.textContent()) ?? '').trim(),
    };
  }
}

export class BiasLeaderboardPanel {
  constructor(private readonly page: Page) {}

  /** Sets the minimum count and waits for rows that meet it; returns both ends with their counts. */
  async read(
    minCount?: number,
  ): Promise<{ highest: { key: string; count: number }[]; lowest: { key: string; count: number }[] }> {
    await this.page.waitForSelector(id('bias-leaderboard'));
    if (minCount !== undefined) {
      await this.page.fill(id('bias-min-count'), String(minCount));
      await this.page
        .locator(id('bias-summary'))
        .filter({ hasText: `≥ ${minCount} ratings` })
        .waitFor();
    }
    await this.page.waitForSelector(`${id('bias-highest')} ${id('bias-row')}`);
    const rows = (end: string) =>
      this.page.$$eval(`${id(`bias-${end}`)} ${id('bias-row')}`, (trs) =>
        trs.map((tr) => ({ key: tr.getAttribute('data-key') ?? '', count: Number(tr.getAttribute('data-count')) })),
      );
    return { highest: await rows('highest'), lowest: await rows('lowest') };
  }
}

/** The Tune panel of the Train view: a study's settings, its progress and charts, and what to do with its best. */
export class TunePage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.click(`${id('tune')} > summary`);
    await this.page.waitForSelector(id('tune-panel'));
  }

  /** Sets the search space (option → spec; '' holds it at its default) and study fields (`trials`, `epochs` …). */
  async set(space: Record<string, string>, fields: Record<string, string | number>): Promise<void> {
    for (const [option, spec] of Object.entries(space)) await this.page.fill(id(`tune-space-${option}`), spec);
    for (const [name, value] of Object.entries(fields)) {
      const field = this.page.locator(id(`tune-${name}`));
      if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(String(value));
      else await field.fill(String(value));
    }
  }

  /** Starts the study and waits until it has ended; returns its status. */
  async run(): Promise<string> {
    await this.page.click(id('tune-start'));
    await this.page
      .locator(id('study'))
      .and(this.page.locator('[data-status="completed"], [data-status="failed"], [data-status="cancelled"]'))
      .waitFor({ timeout: 170_000 });
    return (await this.page.getAttribute(id('study'), 'data-status')) ?? '';
  }

  /** How many points a study chart holds, and whether echarts drew it (a canvas inside). */
  async chart(testid: string): Promise<{ points: number; drawn: boolean }> {
    const el = this.page.locator(id(testid));
    return {
      points: Number((await el.getAttribute('data-points')) ?? 0),
      drawn: (await el.locator('canvas').count()) > 0,
    };
  }

  async text(testid: string): Promise<string> {
    return ((await this.page.textContent(id(testid))) ?? '').trim();
  }

  /** Clicks an export button; resolves with the downloaded file's name and text. */
  async download(button: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.click(id(button))]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(path!, 'utf8') };
  }
}

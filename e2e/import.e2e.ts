// The mapping wizard on a file an analyst might really have: sniffed reading, roles with a two-column event,
// leave-last split, duplicates, a quality report with the rejected lines; then an import cancelled midway.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLargeRatings, writeTrickyFile, type TrickyFile } from './fixtures';
import { launchBrowser, screenshot, serve, watchErrors, type Served } from './harness';
import { DatasetsPage } from './pages';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let dir: string;
let tricky: TrickyFile;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ewb-e2e-files-'));
  tricky = writeTrickyFile(dir);
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

describe('the import wizard', () => {
  it('reads a gzip, semicolon-delimited file with quoted fields as detected', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(tricky.path);
    const reading = await datasets.reading();
    expect(reading).toMatchObject({ delimiter: ';', source: 'detected', header: true, encoding: 'utf8' });
    expect(reading.info).toMatch(/semicolon-delimited, header row, gzip-compressed, 8 columns/);
    // Quoted fields keep their `;`, doubled quotes and newline (shown as ⏎) inside one cell.
    const cells = await datasets.previewCells();
    expect(cells).toContain("Heat; Director's Cut");
    expect(cells).toContain('The "Quoted" One');
    expect(cells).toContain('Two ⏎ lines');
  });

  it('maps roles with live problems, a two-column event and the kind in words', async () => {
    const datasets = new DatasetsPage(page);
    // Without item, session and time nothing can be imported, and the form says why.
    await datasets.map('item', '');
    await datasets.map('session', '');
    await datasets.map('timestamp', '');
    expect(await datasets.problems()).toEqual([expect.stringMatching(/map user and item/)]);
    expect(await datasets.kind()).toBe('none');
    expect(await datasets.canImport()).toBe(false);

    for (const [role, column] of [
      ['user', 'user_id'],
      ['item', 'item_id'],
      ['rating', 'rating'],
      ['timestamp', 'ts'],
      ['session', 'session_id'],
      ['title', 'title'],
    ]) {
      await datasets.map(role!, column!);
    }
    await datasets.mapEvents(['event_type', 'page_type']);
    expect(await datasets.mapped('event')).toBe('event_type');
    expect(await datasets.mapped('event-2')).toBe('page_type');
    expect(await datasets.problems()).toEqual([]);
    expect(await datasets.kind()).toBe('interactions');
    expect(await page.textContent('[data-testid="mapping-notes"]')).toMatch(
      /one per session[\s\S]*\(event_type:page_type=…\), e\.g\. “view:page_type=home”/,
    );

    await datasets.split('leaveLast', 1);
    await datasets.duplicates('last');
    await screenshot(page, 'import-1-wizard');
  });

  it('imports and reports rows, rejected lines, duplicates, sequences and the split', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.startImport('sessions');
    const report = await datasets.report();
    const e = tricky.expected;
    expect(report).toMatchObject({
      read: e.read,
      imported: e.imported,
      rejected: e.rejected,
      rejectedLines: e.rejectedLines,
      removed: e.removed,
      sequences: e.sequences,
      splits: e.splits,
    });
    expect(report.rejectReasons[0]).toMatch(/rating "abc" is not a finite number/);
    expect(report.rejectReasons[1]).toMatch(/expected 8 fields, found 7/);
    expect(report.duplicates).toMatch(/1 repeated \(user, item\) pair over 2 rows: kept the latest/);
    expect(report.timeRange).toMatch(/^2024-03-01 10:00 UTC → 2024-03-04 20:03 UTC/);
    // Events are view/click/buy combined with the page type: 5 distinct tokens in the good rows.
    expect(report.eventVocabulary).toMatch(/^event\s*5\s*0\s*0$/);
    expect(await datasets.histogramBars()).toBe(5);
    expect(await datasets.listed('sessions')).toEqual({
      kind: 'interactions',
      rows: String(e.imported),
      sequences: String(e.sequences),
    });
    await screenshot(page, 'import-2-report');
  });

  it('shows progress while a large file imports, and a calm message when it is cancelled', async () => {
    const datasets = new DatasetsPage(page);
    await datasets.upload(writeLargeRatings(dir, 2_000_000));
    expect(await datasets.kind()).toBe('interactions');
    await datasets.startImport('large');
    expect(await datasets.progress()).toMatch(/rows read, \d+ rejected · [\d.]+ MB of [\d.]+ MB/);
    await screenshot(page, 'import-3-progress');
    await datasets.cancelImport();
    await screenshot(page, 'import-4-cancelled');
    expect(await page.$('[data-testid="import-result"]')).toBeNull();
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(await datasets.listed('large')).toBeNull();
    expect(await datasets.listed('sessions')).not.toBeNull();
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

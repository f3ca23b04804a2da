// Data that carries HTML and script (issue 11): a file whose name, dataset name, item keys, titles and genres
// are markup is uploaded, imported, trained on and explored through the UI. Nothing of it may run: every
// value is shown as the text it is. Also the page without its session token, and a refused file's banner.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, serve, watchErrors, type Served } from './harness';
import { ExplorePage, TrainPage } from './pages';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let dir: string;

const NAME = '<img src=x onerror="window.__xss=1">';
const KEY = (i: number): string => `<script>window.__xss=2</script>k${i}`;
const TITLE = (i: number): string => `<img src=x onerror="window.__xss=3">Title ${i} {{7*7}}`;
const GENRE = '<b onmouseover="window.__xss=4">Drama</b>';
const csv = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** 60 users rating 24 items in two taste groups, every item key, title and genre being markup. */
function hostileFile(): string {
  const lines = ['user,item,rating,title,genres'];
  for (let u = 0; u < 60; u++)
    for (let i = 0; i < 24; i++) {
      if ((u * 7 + i * 3) % 4 === 0) continue;
      const rating = u < 30 === i < 12 ? 5 : 1;
      lines.push(`u${u},${csv(KEY(i))},${rating},${csv(TITLE(i))},${csv(`${GENRE}|Comedy`)}`);
    }
  const path = join(dir, `${NAME}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Markup that would have run or rendered: event handlers, scripts without a source, our injected tags. */
const injected = async (p: Page): Promise<{ xss: number | null; elements: number }> => ({
  xss: await p.evaluate(() => (globalThis as { __xss?: number }).__xss ?? null),
  elements: await p.$$eval('img[src="x"], b[onmouseover], script:not([src])', (els) => els.length),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ewb-e2e-hostile-'));
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

describe('markup in names, keys and titles', () => {
  it('uploads and imports a file named with markup; the preview and dataset list show it as text', async () => {
    await page.click('[data-testid="nav-datasets"]');
    await page.setInputFiles('[data-testid="file-input"]', hostileFile());
    await page.waitForSelector('[data-testid="preview-table"] tbody tr');
    expect(await page.textContent('[data-testid="preview-info"]')).toContain(`${NAME}.csv`);
    expect(await page.inputValue('[data-testid="dataset-name"]')).toBe(NAME);
    expect(await page.textContent('[data-testid="preview-table"]')).toContain(KEY(0));
    await page.click('[data-testid="import-button"]');
    await page.waitForSelector('[data-testid="import-result"]');
    const row = page.locator(`[data-testid="dataset-row"][data-name="${NAME.replace(/"/g, '\\"')}"]`);
    expect(await row.textContent()).toContain(NAME);
    expect(await injected(page)).toEqual({ xss: null, elements: 0 });
    await screenshot(page, 'hostile-1-imported');
  });

  it('trains on it and shows neighbours with markup titles as text', async () => {
    const train = new TrainPage(page);
    await train.open();
    await train.choose(NAME, 'mf');
    await train.set({ epochs: 5 });
    expect(await train.run()).toMatch(/completed/);
    const explore = new ExplorePage(page);
    await explore.open();
    const rows = await explore.neighboursOf('k3');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.join('\n')).toContain('<img src=x onerror="window.__xss=3">Title');
    expect(rows.join('\n')).toContain('{{7*7}}'); // not a template: Vue shows data, never compiles it
    expect(rows.join('\n')).not.toContain('49');
    expect(await injected(page)).toEqual({ xss: null, elements: 0 });
    await screenshot(page, 'hostile-2-neighbours');
  });

  it('names a refused upload by the user file name in a sentence, as text', async () => {
    await page.click('[data-testid="nav-datasets"]');
    const binary = join(dir, '<img src=x onerror="window.__xss=5">photo.csv');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]));
    await page.setInputFiles('[data-testid="file-input"]', binary);
    const banner = page.locator('[data-testid="error"]');
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    expect(text).toMatch(/^The file cannot be imported\./);
    expect(text).toContain('<img src=x onerror="window.__xss=5">photo.csv: this looks like a binary file, not text');
    expect(text).not.toContain('/uploads/');
    expect(await banner.getAttribute('data-code')).toBe('DatasetInvalid');
    expect(await injected(page)).toEqual({ xss: null, elements: 0 });
    await screenshot(page, 'hostile-3-refused');
    await page.click('[data-testid="error"] button');
  });

  it('has logged no page error, console error or CSP violation', () => {
    expect(errors).toEqual([]);
  });
});

describe('the page without its session token', () => {
  it('says to open the URL printed at start instead of showing an empty project', async () => {
    const bare = await browser.newPage();
    const bareErrors = watchErrors(bare);
    const url = new URL(server.url);
    await bare.goto(`${url.origin}/`);
    const message = bare.locator('[data-testid="no-session"]');
    await message.waitFor();
    expect(await message.textContent()).toBe(
      'This page needs its session token: open the URL printed at start (it carries the session token).',
    );
    expect(await bare.$('[data-testid="nav-datasets"]')).not.toBeNull();
    expect(await bare.$('[data-testid="dataset-list"]')).toBeNull();
    await screenshot(bare, 'hostile-4-no-token');
    expect(bareErrors).toEqual([]);
    await bare.close();
  });
});

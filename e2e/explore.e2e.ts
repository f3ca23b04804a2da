// The Explore view in depth on an mf run of the sample ratings: any table, metrics and filters, analogies,
// recommendations (known user and fold-in) and a word2vec export read back from disk.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, serve, watchErrors, type Served } from './harness';
import { ExplorePage, importSampleAndTrainMf } from './pages';

let server: Served;
let browser: Browser;
let page: Page;
let errors: string[];
let explore: ExplorePage;

beforeAll(async () => {
  server = await serve();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = watchErrors(page);
  explore = new ExplorePage(page);
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the Explore view', () => {
  it('imports the sample ratings and trains mf', async () => {
    const { imported, status } = await importSampleAndTrainMf(page);
    expect(imported).toMatch(/16,117/);
    expect(status).toMatch(/completed/);
  });

  it('offers the run’s tables, starting on items, and searches users too', async () => {
    await explore.open();
    const tables = await explore.chooseTable('users');
    expect(tables).toEqual(expect.arrayContaining(['users', 'items']));
    // A substring search, most frequent first: key "1" itself need not be among the first 20.
    const users = await explore.keys('1');
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((k) => k.includes('1'))).toBe(true);
    const { rows } = await explore.neighbours('1', 'cosine');
    expect(rows.length).toBeGreaterThan(0);
    await explore.chooseTable('items');
  });

  it('lists Euclidean neighbours within a genre, scored as distances', async () => {
    await explore.neighbourOptions({ metric: 'euclidean', genre: 'Horror', k: 8 });
    const { rows, header } = await explore.neighbours('Orbital Colony', 'euclidean');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(8);
    expect(header).toMatch(/distance/);
    await screenshot(page, 'explore-1-neighbours');
  });

  it('solves an analogy without returning its inputs', async () => {
    const [a, b, c] = await explore.keys('');
    expect(c).toBeDefined();
    const found = await explore.analogy([a!, c!], [b!], '3CosMul');
    expect(found.length).toBeGreaterThan(0);
    for (const key of [a, b, c]) expect(found).not.toContain(key);
  });

  it('recommends ten items for user 1, each explained, and folds in a new user', async () => {
    const known = await explore.recommend({ user: '1' });
    expect(known).toHaveLength(10);
    for (const r of known) expect(r.because.length).toBeGreaterThan(0);

    const [x, y] = await explore.keys('');
    const folded = await explore.recommend({ items: `${x}=5, ${y}=1, nosuchitem=4` });
    expect(folded.length).toBeGreaterThan(0);
    expect(folded.map((r) => r.key)).not.toContain(x);
    expect(await page.textContent('[data-testid="recommend-unknown"]')).toMatch(/nosuchitem/);
  });

  it('exports word2vec text whose header is "rows dim"', async () => {
    const { files, summary, hint } = await explore.exportAs('word2vec');
    expect(hint).toMatch(/gensim/);
    const file = files.find((f) => f.endsWith('.word2vec.txt'));
    expect(file).toBeDefined();
    expect(existsSync(file!)).toBe(true);
    expect(basename(file!)).toMatch(/-run\d+-\w+\.word2vec\.txt$/); // downloaded, named after dataset and run
    const [, rows, dim] = /Wrote (\d+) vectors of dim (\d+)/.exec(summary) ?? [];
    const lines = readFileSync(file!, 'utf8').split('\n');
    expect(lines[0]).toBe(`${rows} ${dim}`);
    expect(lines.filter((l) => l !== '')).toHaveLength(Number(rows) + 1);
    expect(lines[1]!.split(' ')).toHaveLength(Number(dim) + 1);
    await screenshot(page, 'explore-2-full');
  });

  it('raised no page or console error', () => {
    expect(errors).toEqual([]);
  });
});

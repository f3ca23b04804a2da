// Results an analyst can trust, in the Explore view (issues 12 and 13): rows never trained are never offered
// or shown, the minimum count and the genre filter apply as they are set and show in the result header, keys
// are asked by title with autocomplete and "did you mean", and recommendations show counts, genres and the
// parts of each predicted rating. On ratings where an item and a user occur only in the test split.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeColdRatings } from '../src/core/explore/untrainedFixture';
import { openApp, screenshot, type OpenApp } from './harness';
import { DatasetsPage, ExplorePage, TrainPage } from './pages';

let app: OpenApp;
let page: Page;
let explore: ExplorePage;

const id = (testId: string): string => `[data-testid="${testId}"]`;
const texts = (selector: string): Promise<string[]> =>
  page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
const attrs = (selector: string, name: string): Promise<string[]> =>
  page.$$eval(selector, (els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);

beforeAll(async () => {
  app = await openApp();
  page = app.page;
  explore = new ExplorePage(page);
});

afterAll(async () => {
  await app?.close();
});

/** Waits for a neighbours answer drawn under this minimum count; returns the rows' keys and counts. */
async function neighboursUnder(minCount: number): Promise<{ keys: string[]; counts: number[]; filter: string }> {
  await page
    .locator(id('neighbors-filter-summary'))
    .filter({ hasText: `min count ${minCount}` })
    .waitFor();
  await page.waitForSelector(id('neighbor-row'));
  return {
    keys: await attrs(id('neighbor-row'), 'data-key'),
    counts: (await attrs(id('neighbor-row'), 'data-count')).map(Number),
    filter: (await texts(id('neighbors-filter-summary')))[0]!,
  };
}

describe('results an analyst can trust', () => {
  it('imports ratings with a split column and trains mf', async () => {
    const path = join(app.server.dir, 'cold-ratings.csv');
    writeColdRatings(path);
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(path);
    expect(await datasets.mapped('split')).toBe('split');
    await datasets.split('column');
    expect(await datasets.importAs('cold')).toMatch(/imported/i);
    const train = new TrainPage(page);
    await train.open();
    await train.choose('cold', 'mf');
    await train.set({ epochs: 15 });
    expect(await train.run()).toMatch(/completed/);
    // The metrics leave out the test ratings of the item and the user never trained, and say so.
    expect(await page.textContent(id('run-cold'))).toMatch(/Left out of the metrics: \d+ test rows/);
  });

  it('says how many items were never trained and does not offer them', async () => {
    await explore.open();
    await page.locator(id('explore-support')).filter({ hasText: 'never trained' }).waitFor();
    expect(await page.textContent(id('explore-support'))).toMatch(
      /^31 of 32 items trained; 1 never trained are never shown\.$/,
    );
    await page.fill(id('item-search'), 'Cold Case');
    const option = page.locator(`${id('item-option')}[data-key="c0"]`);
    await option.waitFor();
    expect(await option.isDisabled()).toBe(true);
    expect(await option.textContent()).toMatch(/never trained/);
  });

  it('applies the minimum count as it is set, and shows it with what it hid in the header', async () => {
    await page.fill(id('item-search'), 'toy story');
    await page.locator(`${id('item-option')}[data-key="a1"]`).click();
    await explore.neighbourOptions({ k: 40 });
    const byDefault = await neighboursUnder(5);
    expect(byDefault.keys).not.toContain('c0');
    expect(byDefault.keys).not.toContain('r0');
    expect(byDefault.counts.every((c) => c >= 5)).toBe(true);
    expect(byDefault.filter).toMatch(/^Filter: min count 5 — hidden: 1 never trained, 1 under 5$/);
    expect(await page.textContent(id('neighbors-heading'))).toMatch(/Nearest to Toy Story \(1995\) \(a1\) \d+ ratings/);

    await explore.minCount(0);
    const all = await neighboursUnder(0);
    expect(all.keys).toContain('r0'); // two training ratings: shown when asked for
    expect(all.keys).not.toContain('c0'); // never trained: never shown
    expect(all.filter).toMatch(/^Filter: min count 0 — hidden: 1 never trained$/);
    await explore.minCount(5);
    await neighboursUnder(5);
  });

  it('applies the genre filter as it is chosen, and lists count and genres beside each title', async () => {
    await explore.neighbourOptions({ genre: 'Horror' });
    await page.locator(id('neighbors-filter-summary')).filter({ hasText: 'genre Horror' }).waitFor();
    const rows = await page.$$eval(id('neighbor-row'), (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())),
    );
    expect(rows.length).toBeGreaterThan(5);
    // #, key, title, count, genres, score
    for (const [, key, title, count, genres] of rows) {
      expect(key).toMatch(/^b\d+$/);
      expect(title).toMatch(/\(\d{4}\)$/);
      expect(Number(count)).toBeGreaterThanOrEqual(5);
      expect(genres).toBe('Horror');
    }
    await screenshot(page, 'trust-1-neighbours-filtered');
    await explore.neighbourOptions({ genre: '' });
  });

  it('takes analogy terms by title, with autocomplete, and asks "did you mean" on an ambiguous one', async () => {
    await explore.clearKeys('analogy-positive');
    await explore.addKey('analogy-positive', 'toy st', 'a1'); // picked from the suggestions
    await explore.addKey('analogy-positive', 'The Lion King'); // sent as typed, resolved by the backend
    await explore.addKey('analogy-negative', 'Hamlet (1996)');
    await page.click(id('analogy-run'));
    await page.waitForSelector(id('analogy-row'));
    expect(await page.textContent(id('analogy-heading'))).toMatch(
      /Toy Story \(1995\) \+ Lion King, The \(1994\) − Hamlet \(1996\)/,
    );
    expect(await attrs(id('analogy-row'), 'data-key')).not.toContain('c0');

    await explore.addKey('analogy-positive', 'Hamlet');
    await page.click(id('analogy-run'));
    const banner = page.locator(`${id('error')}[data-code="Ambiguous"]`);
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(
      /"Hamlet" matches 2 items .*did you mean Hamlet \(\d{4}\) \[b[12]\], Hamlet \(\d{4}\) \[b[12]\]\?/,
    );
    await screenshot(page, 'trust-2-did-you-mean');
    await explore.clearKeys('analogy-positive');
    await explore.clearKeys('analogy-negative');
  });

  it('shows each recommendation’s count, genres and predicted rating as the sum of its parts', async () => {
    await page.selectOption(id('recommend-mode'), 'user');
    await page.fill(id('recommend-user'), 'u3');
    await page.click(id('recommend-run'));
    await page.waitForSelector(id('recommend-row'));
    expect(await page.textContent(id('recommend-meaning'))).toMatch(
      /predicted rating .* clamped to the data's scale 1–5/,
    );
    expect(await page.textContent(id('recommend-filter-summary'))).toMatch(/min count 5/);
    for (const parts of await texts(id('recommend-parts'))) {
      const m =
        /^(\d\.\d\d) mean ([+−]) (\d\.\d\d) user ([+−]) (\d\.\d\d) item ([+−]) (\d\.\d\d) match = (\d\.\d\d)/.exec(
          parts,
        );
      expect(m).not.toBeNull();
      const v = (sign: string, x: string) => (sign === '−' ? -1 : 1) * Number(x);
      const sum = Number(m![1]) + v(m![2]!, m![3]!) + v(m![4]!, m![5]!) + v(m![6]!, m![7]!);
      expect(Math.abs(sum - Number(m![8]))).toBeLessThanOrEqual(0.021); // four terms rounded to 2 places
    }
    expect((await texts(id('recommend-because'))).length).toBeGreaterThan(0);
  });

  it('folds in a new user from titles, leaving out an item never trained', async () => {
    await page.selectOption(id('recommend-mode'), 'new');
    await explore.clearKeys('recommend-items');
    await explore.addKey('recommend-items', 'toy story', 'a1');
    await explore.addKey('recommend-items', 'Cold Case');
    await page.click(id('recommend-run'));
    await page.waitForSelector(id('recommend-row'));
    expect(await page.textContent(id('recommend-untrained'))).toMatch(/Never trained .*left out: c0/);
    const keys = await attrs(id('recommend-row'), 'data-key');
    expect(keys).not.toContain('a1');
    expect(keys).not.toContain('c0');
    await screenshot(page, 'trust-3-recommendations');
  });

  it('raised no page or console error', () => {
    expect(app.errors).toEqual([]);
  });
});

// Side features in the Explore view (issue 17): an mf run trained with item genres and user countries (set up over
// the HTTP contract, as the import and training views have their own e2e tests) recommends, for a new user given
// only a country, that country's genre, and for a known user the new items alone ("new only (from features)"),
// each marked new and explained by parts that come from its features.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COLD_RATINGS_RUN,
  genreOf,
  isCold,
  writeColdRatings,
  writeUserCountries,
} from '../src/core/explore/coldItemsFixture';
import { invoke, openApp, screenshot, settled, upload, type OpenApp } from './harness';
import { ExplorePage } from './pages';

let app: OpenApp;
let explore: ExplorePage;
const files = mkdtempSync(join(tmpdir(), 'ewb-e2e-features-'));

beforeAll(async () => {
  app = await openApp();
  explore = new ExplorePage(app.page);
});
afterAll(async () => {
  await app?.close();
  rmSync(files, { recursive: true, force: true });
});

describe('side features in Explore', () => {
  it('has planted ratings with genres and countries, and an mf run trained with them', async () => {
    const rows = writeColdRatings(join(files, 'ratings.csv'));
    writeUserCountries(join(files, 'users.csv'), rows);
    await invoke(app.server, 'datasets:import', {
      path: await upload(app.server, join(files, 'ratings.csv')),
      name: 'planted',
      mapping: { user: 'user', item: 'item', rating: 'rating', split: 'split', title: 'title', genres: 'genres' },
      split: { kind: 'column' },
      features: [
        { of: 'user', path: await upload(app.server, join(files, 'users.csv')), key: 'user', columns: ['country'] },
      ],
    });
    const { runId } = await invoke(app.server, 'runs:start', { dataset: 'planted', ...COLD_RATINGS_RUN });
    expect(await settled(app.server, runId)).toBe('completed');
  });

  it('recommends for a new user from a country typed as column=value', async () => {
    await app.page.reload();
    await explore.open();
    const rows = await explore.recommend({ features: 'country=it' });
    expect(rows.length).toBe(10);
    expect(rows.every((r) => genreOf(r.key) === 'Drama')).toBe(true);
    expect(await app.page.textContent('[data-testid="recommend-features"]')).toMatch(/country:it/);
    // A typo is said at once, and nothing is asked.
    await app.page.fill('[data-testid="recommend-user-features"]', 'country=it, Drama');
    expect(await app.page.textContent('[data-testid="recommend-features-problem"]')).toMatch(
      /“Drama” is not column=value/,
    );
    expect(await app.page.isDisabled('[data-testid="recommend-run"]')).toBe(true);
  });

  it('recommends a known user the new items alone, marked new, their genre first', async () => {
    const rows = await explore.recommend({ user: 'u1' }, { newOnly: true });
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => isCold(r.key) && r.isNew)).toBe(true);
    expect(rows.slice(0, 3).map((r) => genreOf(r.key))).toEqual(['Comedy', 'Comedy', 'Comedy']);
    expect(await app.page.textContent('[data-testid="recommend-parts"]')).toMatch(/mean/);
    await screenshot(app.page, 'features-1-new-items');
    const all = await explore.recommend({ user: 'u1' });
    expect(all.some((r) => !r.isNew)).toBe(true);
  });

  it('keeps the neighbours of an item to the new items when asked, and all of them again when not', async () => {
    const key = (row: string): string => /Film (\S+) \(2020\)/.exec(row)?.[1] ?? row;
    const all = (await explore.neighboursOf('Film a0')).map(key);
    expect(all.some((k) => !isCold(k))).toBe(true);
    const box = app.page.locator('[data-testid="explore-from-features"]');
    await box.check();
    const rows = (): Promise<string[]> =>
      app.page.$$eval('[data-testid="neighbor-row"]', (els) => els.map((e) => e.textContent ?? ''));
    await expect.poll(async () => (await rows()).map(key).every(isCold), { timeout: 10_000 }).toBe(true);
    expect((await rows()).length).toBeGreaterThan(0);
    await box.uncheck();
    await expect.poll(async () => (await rows()).map(key).some((k) => !isCold(k)), { timeout: 10_000 }).toBe(true);
  });

  it('raised no page or console error', () => {
    expect(app.errors).toEqual([]);
  });
});

// The map by item metadata (issue 13): an items file with columns beyond title and genres (year, studio) is
// imported with no extra step, the map starts coloured by genre, colours by each extra column (a numeric one in
// quantile buckets, a categorical one by its values), hides what a genre filter or the search leaves out with
// the count in the summary, and a bookmark keeps the filter.
import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlantedRatings } from '../src/core/testing';
import { openApp, screenshot, type OpenApp } from './harness';
import { DatasetsPage, MapPage, TrainPage } from './pages';

let app: OpenApp;
let page: Page;
let map: MapPage;

/**
 * Items a0…a19 and b0…b19 (the planted ratings rate them all): a-items are Pixar films, every even one a
 * Comedy; b-items Ghibli, Dramas; years 1990…2009; b19 has no studio.
 */
function writeItems(path: string): void {
  const lines = ['item_id,title,genres,year,studio'];
  for (const cluster of ['a', 'b'])
    for (let i = 0; i < 20; i++) {
      const genres = cluster === 'a' ? (i % 2 === 0 ? 'Comedy|Animation' : 'Animation') : 'Drama';
      const studio = cluster === 'a' ? 'Pixar' : i === 19 ? '' : 'Ghibli';
      lines.push(`${cluster}${i},"Film ${cluster.toUpperCase()}${i}",${genres},${1990 + i},${studio}`);
    }
  writeFileSync(path, lines.join('\n') + '\n');
}

beforeAll(async () => {
  app = await openApp();
  page = app.page;
  map = new MapPage(page);
});

afterAll(async () => {
  await app?.close();
});

describe('the map by item metadata', () => {
  it('imports ratings with an items file whose extra columns are kept without being asked', async () => {
    const ratings = join(app.server.dir, 'planted-ratings.csv');
    const items = join(app.server.dir, 'films.csv');
    writePlantedRatings(ratings);
    writeItems(items);
    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.upload(ratings);
    // The items file's key, title and genres are guessed; nothing is asked about year and studio.
    expect(await datasets.uploadItems(items)).toMatchObject({
      info: 'films.csv · 5 columns',
      key: 'item_id',
      title: 'title',
      genres: 'genres',
    });
    expect(await datasets.importAs('films')).toMatch(/imported/i);
    expect(await page.textContent('[data-testid="report-metadata-columns"]')).toBe('year, studio');
    const train = new TrainPage(page);
    await train.open();
    await train.choose('films', 'mf');
    await train.set({ epochs: 5 });
    expect(await train.run()).toMatch(/completed/);
  });

  it('starts the map coloured by first genre, and colours by each extra column', async () => {
    await map.open();
    expect(await map.project('pca')).toMatch(/^40 rows of items/);
    expect(await page.inputValue('[data-testid="map-color"]')).toBe('genre');
    // Most common first: Drama (20), then Animation and Comedy (10 each, by name).
    expect((await map.drawn()).legend).toEqual(['Drama', 'Animation', 'Comedy']);

    const choices = await map.colourBy('col:studio');
    expect(choices).toEqual(expect.arrayContaining(['col:year', 'col:studio', 'genre', 'frequency']));
    expect((await map.drawn()).legend).toEqual(['Pixar', 'Ghibli', 'missing']);

    // Twenty distinct years: numeric, five buckets of four years at the quantiles.
    await map.colourBy('col:year');
    expect((await map.drawn()).legend).toEqual(['1990–1993', '1994–1997', '1998–2001', '2002–2005', '≥ 2006']);
    await screenshot(page, 'map-meta-1-by-year');
  });

  it('draws only the points a genre filter keeps, and says so in the summary', async () => {
    await map.colourBy('col:studio');
    const values = await map.filterBy('genre', 'Comedy');
    expect(values).toEqual(['Animation', 'Drama', 'Comedy']);
    expect(await map.drawn()).toEqual({ points: 40, drawn: 10, legend: ['Pixar'] });
    expect(await map.shown()).toBe('showing 10 of 40 · genre = Comedy');
    await screenshot(page, 'map-meta-2-comedy-only');

    await map.filterBy('col:studio', 'Ghibli');
    expect((await map.drawn()).drawn).toBe(19);
    expect(await map.shown()).toBe('showing 19 of 40 · studio = Ghibli');
  });

  it('filters by the search too, and a bookmark keeps filter and search', async () => {
    await page.fill('[data-testid="map-search"]', 'Film B1');
    await page.check('[data-testid="map-search-only"]');
    // B1 and B10…B19, all Ghibli but B19.
    await page.locator('[data-testid="map-chart"][data-drawn="10"]').waitFor();
    expect(await map.shown()).toBe('showing 10 of 40 · studio = Ghibli · matching "Film B1"');
    await map.saveBookmark('ghibli b1x');

    await page.click('[data-testid="map-filter-clear"]');
    expect(await map.shown()).toBe('');
    expect((await map.drawn()).drawn).toBe(40);

    await page.click('[data-testid="map-bookmark"][data-name="ghibli b1x"] [data-testid="map-bookmark-restore"]');
    await page.locator('[data-testid="map-chart"][data-drawn="10"]').waitFor({ timeout: 60_000 });
    expect(await map.shown()).toBe('showing 10 of 40 · studio = Ghibli · matching "Film B1"');
    expect(await page.inputValue('[data-testid="map-color"]')).toBe('col:studio');
    await screenshot(page, 'map-meta-3-bookmark-restored');
  });

  it('raised no page or console error', () => {
    expect(app.errors).toEqual([]);
  });
});

// The map by item metadata (issue 13): an items file with columns beyond title and genres (year, studio) is
// imported with no extra step, the map starts coloured by genre, colours by each extra column (a numeric one in
// quantile buckets, a categorical one by its values), hides what a genre filter or the search leaves out with
// the count in the summary, and a bookmark keeps the filter. Then MovieLens ml-latest-small with movies.csv plus
// a year and a decade per film, when ../shared/data is there.
import type { Page } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, writePlantedRatings } from '../src/core/testing';
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

/**
 * Imports `ratings` with `items` as the item metadata file (nothing else chosen) and trains mf on it: what the
 * items picker guessed, the columns the report says were kept, and the run's status.
 */
async function importWithItemsAndTrain(ratings: string, items: string, name: string) {
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.upload(ratings);
  const picked = await datasets.uploadItems(items);
  expect(await datasets.importAs(name)).toMatch(/imported/i);
  const kept = await page.textContent('[data-testid="report-metadata-columns"]');
  const train = new TrainPage(page);
  await train.open();
  await train.choose(name, 'mf');
  await train.set({ epochs: 5 });
  return { items: picked, kept, status: await train.run() };
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
    const done = await importWithItemsAndTrain(ratings, items, 'films');
    // The items file's key, title and genres are guessed; nothing is asked about year and studio.
    expect(done.items).toEqual({ info: 'films.csv · 5 columns', key: 'item_id', title: 'title', genres: 'genres' });
    expect(done).toMatchObject({ kept: 'year, studio', status: expect.stringMatching(/completed/) });
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

const movies = sharedData('ml-latest-small/movies.csv', 'the map by item metadata on MovieLens');

/** movies.csv with the year of each title (`Heat (1995)`) and its decade as columns of their own. */
function writeMoviesWithYears(from: string, to: string): void {
  const lines = readFileSync(from, 'utf8').trimEnd().split('\n');
  const out = [`${lines[0]!.trim()},year,decade`];
  for (const line of lines.slice(1)) {
    const year = /\((\d{4})\)\s*"?,[^,]*$/.exec(line.trim())?.[1];
    out.push(`${line.trim()},${year ?? ''},${year ? `${year.slice(0, 3)}0s` : ''}`);
  }
  writeFileSync(to, out.join('\n') + '\n');
}

describe.skipIf(movies === null)('the map by item metadata on MovieLens ml-latest-small', () => {
  it('imports ratings.csv with movies.csv plus year and decade, and trains mf', async () => {
    const items = join(app.server.dir, 'movies-years.csv');
    writeMoviesWithYears(movies!, items);
    const done = await importWithItemsAndTrain(join(dirname(movies!), 'ratings.csv'), items, 'ml');
    expect(done.items).toMatchObject({ key: 'movieId', title: 'title', genres: 'genres' });
    expect(done).toMatchObject({ kept: 'year, decade', status: expect.stringMatching(/completed/) });
  });

  it('colours thousands of films by decade and by year, and draws only the comedies on request', async () => {
    await map.open();
    // The MovieLens run is the second of this project.
    await page.locator('[data-testid="explore-run"] option[value="2"]').waitFor({ state: 'attached' });
    await page.selectOption('[data-testid="explore-run"]', '2');
    await map.project('pca');
    expect(await page.inputValue('[data-testid="map-color"]')).toBe('genre');
    await map.colourBy('col:decade');
    const { points, legend } = await map.drawn();
    expect(points).toBeGreaterThan(3000);
    // The ten most common decades by name (the rest as "other").
    expect(legend).toEqual(expect.arrayContaining(['1990s', '2000s', '1980s']));
    await map.colourBy('col:year');
    expect((await map.drawn()).legend.slice(0, 5).every((n) => /^(\d{4}–\d{4}|≥ \d{4})$/.test(n))).toBe(true);

    // The comedies among the mapped films, counted from the exported coordinates: genres, then the items
    // file's other columns (titles may hold commas, so genres is found from the end).
    const { text } = await map.exportCoordinates();
    const [header, ...rows] = text.trimEnd().split('\r\n');
    expect(header).toBe('key,x,y,count,title,genres,year,decade');
    expect(rows).toHaveLength(points);
    const comedies = rows.filter((r) => r.split(',').at(-3)!.split('|').includes('Comedy')).length;
    await map.colourBy('col:decade');
    await map.filterBy('genre', 'Comedy');
    expect((await map.drawn()).drawn).toBe(comedies);
    expect(await map.shown()).toBe(
      `showing ${comedies.toLocaleString('en')} of ${points.toLocaleString('en')} · genre = Comedy`,
    );
    await screenshot(page, 'map-meta-4-movielens-comedies-by-decade');
  });

  it('raised no page or console error', () => {
    expect(app.errors).toEqual([]);
  });
});

// An item metadata file's other columns (year, studio…) from the import to the map's points: kept in the
// vocabulary at import, listed in the report, and handed to the Map panel per point (PAD/OOV and items the file
// lacks get null), both with a finished map and with the points of a moving one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings } from '../testing';

const tmp = tempDir();
let services: Services;
let imported: ImportResult;
let runId = 0;

/** Items a0…a19 and b0…b19 are rated; the file describes all but b19, plus one item nobody rated. */
function writeItems(path: string): void {
  const lines = ['item_id,title,genres,year,studio,notes'];
  for (const cluster of ['a', 'b'])
    for (let i = 0; i < 20; i++) {
      if (cluster === 'b' && i === 19) continue;
      // a4 has no studio: an empty cell is a missing value, not "".
      const studio = cluster === 'a' && i === 4 ? '' : cluster === 'a' ? 'Pixar' : 'Ghibli';
      lines.push(`${cluster}${i},"Film ${cluster}${i}",Animation|Comedy,${1990 + i},${studio},`);
    }
  lines.push('z9,Nobody Saw It,Drama,2001,Pixar,');
  writeFileSync(path, lines.join('\n') + '\n');
}

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'meta.db'), () => undefined);
  const ratings = join(tmp.dir, 'ratings.csv');
  const items = join(tmp.dir, 'items.csv');
  writePlantedRatings(ratings);
  writeItems(items);
  // No key/title/genres named: the import guesses them, and keeps the other columns without being asked.
  imported = await services.handlers['datasets:import']({ path: ratings, name: 'rated', items: { path: items } });
  ({ runId } = await services.train({ dataset: 'rated', model: 'mf', dim: 4, epochs: 3, threads: 1 }).settled);
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('item metadata columns on the map', () => {
  it('reports the columns kept beside title and genres (an all-empty column too: it names the file)', () => {
    expect(imported.report.metadata).toEqual({ items: 40, matched: 39, columns: ['year', 'studio', 'notes'] });
  });

  it("hands the map each point's values, null where the file has none", async () => {
    const r = await services.handlers['embeddings:project']({
      runId,
      table: 'items',
      method: 'pca',
      includeSpecial: true,
    });
    // No item has a note: a column nobody fills carries nothing to colour by.
    expect(r.columns.map((c) => c.name)).toEqual(['year', 'studio']);
    const [year, studio] = r.columns;
    const at = (key: string) => r.keys.indexOf(key);
    expect(year!.values).toHaveLength(r.keys.length);
    expect(year!.values[at('a7')]).toBe('1997');
    expect(studio!.values[at('b3')]).toBe('Ghibli');
    expect(studio!.values[at('a4')]).toBeNull();
    expect(year!.values[at('b19')]).toBeNull();
    expect(year!.values.slice(0, 2)).toEqual([null, null]); // <pad>, <oov>
    expect(r.genres[at('a7')]).toEqual(['Animation', 'Comedy']);
    expect(r.titles[at('a7')]).toBe('Film a7');

    const points = await services.handlers['embeddings:projectionPoints']({ runId, table: 'items' });
    expect(points.columns.map((c) => c.name)).toEqual(['year', 'studio']);
    expect(points.columns[0]!.values[points.keys.indexOf('a7')]).toBe('1997');
  });
});

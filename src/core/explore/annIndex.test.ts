import { describe, expect, it } from 'vitest';
import { annIndexOf, annMinRows, AnnIndex, cancelAnnBuilds, DEFAULT_ANN_MIN_ROWS, searchNeighbors } from './annIndex';
import type { Metric } from '../../shared';
import { neighborsOfRow } from './neighbors';
import { cosine, dot, randomTable, row } from './testTables';

const exactScore = (metric: Metric, a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (metric === 'cosine') return cosine(a, b);
  if (metric === 'dot') return dot(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
};

describe('approximate neighbour index (HNSW)', () => {
  const big = randomTable(20_000, 32, 17);

  it('finds at least 95% of the exact cosine top-10 on a random 20k × 32 table, and says so', async () => {
    const index = await annIndexOf(big, 'cosine');
    // The recall it measured itself while building…
    expect(index.info.recallQueries).toBe(200);
    expect(index.info.recallAt10).toBeGreaterThanOrEqual(0.95);
    expect(index.info).toMatchObject({ kind: 'hnsw', metric: 'cosine', rows: 20_000 - 2, m: 32 });
    // efSearch was tuned: doubled from 64 until the sample's recall reached 0.99 (or the 2048 cap).
    expect([64, 128, 256, 512, 1024, 2048]).toContain(index.info.efSearch);
    expect(index.info.recallAt10 >= 0.99 || index.info.efSearch === 2048).toBe(true);
    // …and on other rows, measured here against exact search.
    let hits = 0;
    const queries = Array.from({ length: 100 }, (_, i) => 2 + ((i * 7919) % (big.rows - 2)));
    for (const q of queries) {
      const exact = new Set(neighborsOfRow(big, q, { k: 10, metric: 'cosine' }).map((n) => n.row));
      hits += index.searchRow(q, { k: 10 }).filter((n) => exact.has(n.row)).length;
    }
    expect(hits / (10 * queries.length)).toBeGreaterThanOrEqual(0.95);
  });

  it('answers with proper neighbours: never the query, PAD or OOV; exact scores, best first', async () => {
    const index = await annIndexOf(big, 'cosine');
    for (const q of [2, 3, 12_345, 19_999]) {
      const found = index.searchRow(q, { k: 10 });
      expect(found).toHaveLength(10);
      expect(new Set(found.map((n) => n.row)).size).toBe(10);
      for (const n of found) {
        expect(n.row).not.toBe(q);
        expect(n.row).toBeGreaterThanOrEqual(2);
        expect(n.score).toBeCloseTo(cosine(row(big, n.row), row(big, q)), 9);
      }
      for (let i = 1; i < found.length; i++) expect(found[i]!.score).toBeLessThanOrEqual(found[i - 1]!.score);
    }
  });

  it('is built once per table and metric (concurrent requests share the build)', async () => {
    const t = randomTable(600, 8, 3);
    const [a, b] = await Promise.all([annIndexOf(t, 'cosine'), annIndexOf(t, 'cosine')]);
    expect(a).toBe(b);
    expect(await annIndexOf(t, 'euclidean')).not.toBe(a);
  });

  it.each(['dot', 'euclidean'] as Metric[])(
    '%s: high recall and exact scores in the metric’s order',
    async (metric) => {
      const t = randomTable(4000, 16, 23);
      // Row norms that vary make dot and Euclidean rank unlike cosine.
      for (let r = 0; r < t.rows; r++) for (let d = 0; d < t.dim; d++) t.data[r * t.dim + d]! *= 0.5 + (r % 5) / 3;
      const index = await AnnIndex.build(t, metric, { recallQueries: 100 });
      expect(index.info.recallAt10).toBeGreaterThanOrEqual(0.9);
      const q = 1234;
      const found = index.searchRow(q, { k: 10 });
      const exact = neighborsOfRow(t, q, { k: 10, metric });
      expect(found.filter((n) => exact.some((e) => e.row === n.row)).length).toBeGreaterThanOrEqual(8);
      for (const n of found) expect(n.score).toBeCloseTo(exactScore(metric, row(t, n.row), row(t, q)), 6);
      const ordered = found.map((n) => n.score);
      const sorted = [...ordered].sort((x, y) => (metric === 'euclidean' ? x - y : y - x));
      expect(ordered).toEqual(sorted);
    },
  );

  it('searches with a given efSearch as it is, and reports the recall it gets', async () => {
    const t = randomTable(3000, 24, 29);
    const narrow = await AnnIndex.build(t, 'cosine', { params: { efSearch: 10, m: 4, efConstruction: 10 } });
    const wide = await AnnIndex.build(t, 'cosine', { params: { efSearch: 400, m: 4, efConstruction: 10 } });
    expect(narrow.info.efSearch).toBe(10);
    expect(wide.info.efSearch).toBe(400);
    // A sparse graph searched narrowly misses neighbours that a wide search finds: the recall says so.
    expect(narrow.info.recallAt10).toBeLessThan(wide.info.recallAt10);
  });

  it('keeps to a filter', async () => {
    const index = await annIndexOf(big, 'cosine');
    const found = index.searchRow(100, { k: 10, filter: (r) => r % 3 === 0 });
    expect(found).toHaveLength(10);
    for (const n of found) expect(n.row % 3).toBe(0);
  });

  it('is used from the row threshold on, or when asked; exact otherwise', async () => {
    const t = randomTable(3000, 8, 5);
    const exact = await searchNeighbors(t, 10, { k: 5, metric: 'cosine' });
    expect(exact.approximate).toBe(false);
    expect(exact.index).toBeUndefined();
    expect(exact.found.map((n) => n.row)).toEqual(neighborsOfRow(t, 10, { k: 5, metric: 'cosine' }).map((n) => n.row));
    // From the threshold on: exact while the index builds in the background, approximate once it is built.
    const first = await searchNeighbors(t, 10, { k: 5, metric: 'cosine', minRows: 1000 });
    expect(first).toMatchObject({ approximate: false, indexBuilding: true });
    expect(first.found.map((n) => n.row)).toEqual(exact.found.map((n) => n.row));
    await annIndexOf(t, 'cosine');
    const bySize = await searchNeighbors(t, 10, { k: 5, metric: 'cosine', minRows: 1000 });
    expect(bySize.approximate).toBe(true);
    expect(bySize.indexBuilding).toBeUndefined();
    expect(bySize.index?.recallAt10).toBeGreaterThan(0.9);
    // Asked for explicitly, a query waits for the build.
    const other = randomTable(2000, 8, 6);
    const asked = await searchNeighbors(other, 10, { k: 5, metric: 'cosine', approximate: true, minRows: 10_000 });
    expect(asked.approximate).toBe(true);
    expect(asked.index?.rows).toBe(1998);
    const refused = await searchNeighbors(t, 10, { k: 5, metric: 'cosine', approximate: false, minRows: 1 });
    expect(refused.approximate).toBe(false);
  });

  it('stops a build when the services close, and builds again on the next request', async () => {
    const t = randomTable(10_000, 8, 31);
    const building = annIndexOf(t, 'cosine', { recallQueries: 20 });
    cancelAnnBuilds();
    await expect(building).rejects.toMatchObject({ code: 'Cancelled' });
    const again = await annIndexOf(t, 'cosine', { recallQueries: 20 });
    expect(again.info.rows).toBe(9998);
  });

  it('reads its threshold from EWB_ANN_MIN_ROWS and refuses nonsense', () => {
    expect(annMinRows({})).toBe(DEFAULT_ANN_MIN_ROWS);
    expect(annMinRows({ EWB_ANN_MIN_ROWS: '5000' })).toBe(5000);
    expect(() => annMinRows({ EWB_ANN_MIN_ROWS: 'lots' })).toThrow(/whole number/);
  });
});

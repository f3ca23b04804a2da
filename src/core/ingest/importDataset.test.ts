import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../store/db';
import { listDatasets, loadInteractions, loadVocabulary } from '../store/datasets';
import { tempDir } from '../testing';
import { importDataset as importRatings } from './importDataset';
import { previewFile } from './preview';

const tmp = tempDir();
afterAll(tmp.cleanup);
let db: Db;
let n = 0;
beforeEach(() => {
  db = openDb(join(tmp.dir, `p${n++}.db`));
});

function file(name: string, text: string): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('importDataset: ratings', () => {
  it('imports MovieLens u.data (tab, no header) with a seeded 80/10/10 split', async () => {
    const rows = Array.from(
      { length: 100 },
      (_, i) => `${(i % 7) + 1}\t${(i % 11) + 1}\t${(i % 5) + 1}\t${881250949 + i}`,
    );
    const path = file('u.data', rows.join('\n') + '\n');
    const r = await importRatings(db, { path });
    expect(r.rows).toEqual({ read: 100, imported: 100, rejected: 0 });
    expect(r.vocabularies).toEqual({
      user: { size: 7, oovIds: 0, oovRows: 0 },
      item: { size: 11, oovIds: 0, oovRows: 0 },
    });
    expect(r.splits).toEqual({ train: 80, valid: 10, test: 10 });
    expect(listDatasets(db)[0]).toMatchObject({ name: 'u', format: 'movielens', ratingMin: 1, ratingMax: 5 });
  });

  it('imports MovieLens ratings.dat (::) and indexes ids by descending count after PAD and OOV', async () => {
    const path = file(
      'ratings.dat',
      '1::10::5::978300760\n2::20::3::978302109\n2::10::4::978301968\n3::10::1::978300275\n',
    );
    const r = await importRatings(db, { path, name: 'ml' });
    expect(r.rows.imported).toBe(4);
    const items = loadVocabulary(db, r.datasetId, 'item');
    expect(items.map((v) => [v.idx, v.key, v.count])).toEqual([
      [2, '10', 3],
      [3, '20', 1],
    ]);
    const users = loadVocabulary(db, r.datasetId, 'user');
    expect(users[0]).toMatchObject({ idx: 2, key: '2', count: 2 });
    const data = loadInteractions(db, r.datasetId);
    expect(data.numItems).toBe(4); // PAD, OOV, 10, 20
    expect(Array.from(data.items)).toEqual([2, 3, 2, 2]);
    expect(Array.from(data.ratings)).toEqual([5, 3, 4, 1]);
  });

  it('gives a weight column apart from the ratings, also when one column is both', async () => {
    const path = file('weighted.csv', 'user,item,rating,plays\na,x,4,10\na,y,2,1\nb,x,5,3\n');
    const both = await importRatings(db, {
      path,
      mapping: { user: 'user', item: 'item', rating: 'rating', weight: 'plays' },
    });
    const data = loadInteractions(db, both.datasetId);
    expect([Array.from(data.ratings), Array.from(data.weights!)]).toEqual([
      [4, 2, 5],
      [10, 1, 3],
    ]);
    const same = await importRatings(db, {
      path,
      name: 'same',
      mapping: { user: 'user', item: 'item', rating: 'rating', weight: 'rating' },
    });
    expect(Array.from(loadInteractions(db, same.datasetId).weights!)).toEqual([4, 2, 5]);
    // Without a weight column there are no weights; without a rating the weights stand in for the ratings too.
    const plain = await importRatings(db, {
      path,
      name: 'plain',
      mapping: { user: 'user', item: 'item', rating: 'rating' },
    });
    expect(loadInteractions(db, plain.datasetId).weights).toBeUndefined();
    const plays = await importRatings(db, {
      path,
      name: 'plays',
      mapping: { user: 'user', item: 'item', weight: 'plays' },
    });
    expect(Array.from(loadInteractions(db, plays.datasetId).ratings)).toEqual([10, 1, 3]);
  });

  it('reads a CSV header, a quoted title with a comma, genres, and the user split column', async () => {
    const path = file(
      'small.csv',
      'userId,movieId,rating,timestamp,title,genres,split\n' +
        '1,7,4.5,2020-01-02T03:04:05Z,"Heat, The (1995)",Action|Crime,train\n' +
        '2,7,3,1577934245000,"Heat, The (1995)",Action|Crime,valid\n' +
        '2,8,2,1577934245,Toy Story (1995),Animation,test\n',
    );
    const preview = await previewFile({ path });
    expect(preview).toMatchObject({ format: 'csv', hasHeader: true });
    expect(preview.suggestedMapping).toEqual({
      user: 'userId',
      item: 'movieId',
      rating: 'rating',
      timestamp: 'timestamp',
      split: 'split',
      title: 'title',
      genres: 'genres',
    });
    expect(preview.rows[0]).toEqual([
      '1',
      '7',
      '4.5',
      '2020-01-02T03:04:05Z',
      'Heat, The (1995)',
      'Action|Crime',
      'train',
    ]);
    const r = await importRatings(db, { path, mapping: preview.suggestedMapping });
    expect(r.splits).toEqual({ train: 1, valid: 1, test: 1 });
    const items = loadVocabulary(db, r.datasetId, 'item');
    expect(items[0]).toMatchObject({ key: '7', title: 'Heat, The (1995)', genres: ['Action', 'Crime'] });
    const { ts } = db.prepare('SELECT ts FROM interaction_chunks WHERE dataset_id = ?').get(r.datasetId) as {
      ts: Buffer;
    };
    expect(Array.from(new Float64Array(ts.buffer, ts.byteOffset, 3))).toEqual([1577934245, 1577934245, 1577934245]);
  });

  it('imports TSV with a header and an explicit mapping', async () => {
    const path = file('r.tsv', 'who\twhat\tstars\na\tx\t1\nb\ty\t2\n');
    const r = await importRatings(db, { path, format: 'tsv', mapping: { user: 'who', item: 'what', rating: 'stars' } });
    expect(r.rows.imported).toBe(2);
  });

  it('rejects bad rows with their line numbers and keeps the good ones', async () => {
    const path = file('bad.csv', 'user,item,rating\n1,2,5\n1,3,abc\n1,4\n2,2,NaN\n,2,3\n3,3,1\n');
    const r = await importRatings(db, { path });
    expect(r.rows).toEqual({ read: 6, imported: 2, rejected: 4 });
    expect(r.rejects).toEqual([
      { line: 3, reason: 'rating "abc" is not a finite number' },
      { line: 4, reason: 'expected 3 fields, found 2' },
      { line: 5, reason: 'rating "NaN" is not a finite number' },
      { line: 6, reason: 'empty user' },
    ]);
  });

  it('fails with the file and reason, and writes nothing, when no row can be imported', async () => {
    await expect(importRatings(db, { path: file('empty.csv', '') })).rejects.toThrow(/empty\.csv: the file is empty/);
    await expect(importRatings(db, { path: file('header.csv', 'user,item,rating\n') })).rejects.toThrow(/no data rows/);
    await expect(importRatings(db, { path: file('q.csv', 'user,item,rating\n1,2,3\n1,"x,3\n') })).rejects.toThrow(
      /line 3: a quoted field/,
    );
    await expect(importRatings(db, { path: join(tmp.dir, 'missing.csv') })).rejects.toThrow(/no such file/);
    expect(listDatasets(db)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM interaction_chunks').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM vocab').get()).toEqual({ n: 0 });
  });

  it('says which role is missing and refuses unknown roles and duplicate names', async () => {
    const path = file('m.csv', 'a,b,c\n1,2,3\n');
    await expect(importRatings(db, { path })).rejects.toThrow(/m\.csv: map user and item/);
    await expect(importRatings(db, { path, mapping: { user: 'a', item: 'b', rating: 'zz' } })).rejects.toThrow(
      /no column "zz"/,
    );
    const mapping = { user: 'a', item: 'b', rating: 'c' };
    await importRatings(db, { path, mapping, name: 'one' });
    await expect(importRatings(db, { path, mapping, name: 'one' })).rejects.toThrow(/exists already/);
  });
});

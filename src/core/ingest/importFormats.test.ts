// Every input format and reading option of the importer, on small files with known answers.
import { afterAll, describe, expect, it } from 'vitest';
import { loadInteractions, loadVocabulary } from '../store/datasets';
import { importDataset } from './importDataset';
import { previewFile } from './preview';
import { importFixture } from './testFiles';

const fx = importFixture();
afterAll(fx.cleanup);

describe('reading', () => {
  it('sniffs ; and | delimiters and a header, with quoted delimiters and newlines inside fields', async () => {
    const semi = fx.file('semi.csv', 'user;item;rating;title\n1;a;4;"x; y"\n2;b;5;"two\nlines"\n');
    const p = await previewFile({ path: semi });
    expect(p).toMatchObject({
      format: 'delimited',
      delimiter: ';',
      hasHeader: true,
      columns: ['user', 'item', 'rating', 'title'],
    });
    expect(p.rows[1]).toEqual(['2', 'b', '5', 'two\nlines']);
    expect(p.suggestedMapping).toMatchObject({ user: 'user', item: 'item', rating: 'rating', title: 'title' });
    expect(p.ratingScale).toEqual({ min: 4, max: 5 });
    const pipe = await previewFile({ path: fx.file('pipe.txt', 'u1|i1|3\nu2|i2|4\nu3|i1|5\n') });
    expect(pipe).toMatchObject({ delimiter: '|', hasHeader: false, columns: ['column1', 'column2', 'column3'] });
    expect(pipe.suggestedMapping).toEqual({ user: 'column1', item: 'column2', rating: 'column3' });
    const r = await importDataset(fx.db(), { path: semi });
    expect(r.rows.imported).toBe(2);
  });

  it('honours an explicit delimiter and header choice', async () => {
    const path = fx.file('forced.txt', 'a,1\nb,2\n');
    const p = await previewFile({ path, delimiter: ';', hasHeader: false });
    expect(p.columns).toEqual(['column1']);
    expect(p.rows[0]).toEqual(['a,1']);
  });

  it('reads gzip-compressed files transparently', async () => {
    const path = fx.file('r.csv.gz', 'user,item,rating\n1,2,3\n2,2,4\n', true);
    const r = await importDataset(fx.db(), { path });
    expect(r.dataset).toBe('r');
    expect(r.rows.imported).toBe(2);
    expect((await previewFile({ path })).gzip).toBe(true);
  });

  it('reads JSON Lines, arrays becoming |-separated genres', async () => {
    const path = fx.file(
      'events.jsonl',
      '{"user_id":"u1","item_id":"i1","rating":5,"genres":["A","B"],"ts":"2021-03-04T05:06:07Z"}\n' +
        '{"user_id":"u2","item_id":"i1","rating":3}\n\n' +
        'not json\n',
    );
    const db = fx.db();
    const r = await importDataset(db, {
      path,
      mapping: { user: 'user_id', item: 'item_id', rating: 'rating', genres: 'genres', timestamp: 'ts' },
    });
    expect(r.rows).toEqual({ read: 3, imported: 2, rejected: 1 });
    expect(r.rejects).toEqual([{ line: 4, reason: 'not valid JSON' }]);
    expect(loadVocabulary(db, r.datasetId, 'item')[0]).toMatchObject({ key: 'i1', genres: ['A', 'B'] });
    expect(r.report.timeRange).toEqual({ min: 1614834367, max: 1614834367 });
  });

  it('drops a UTF-8 byte-order mark and accepts CRLF', async () => {
    const r = await importDataset(fx.db(), { path: fx.file('bom.csv', '\ufeffuser,item,rating\r\n1,2,3\r\n') });
    expect(r.rows.imported).toBe(1);
  });
});

describe('interactions', () => {
  const ratings = 'user,item,rating,ts\nu1,a,1,100\nu1,a,3,300\nu1,b,4,200\nu2,a,5,100\nu2,c,2,150\nu3,c,4,100\n';

  it('keeps duplicates, or the latest one, or one averaged row, and reports them', async () => {
    const path = fx.file('dup.csv', ratings);
    const keep = await importDataset(fx.db(), {
      path,
      mapping: { user: 'user', item: 'item', rating: 'rating', timestamp: 'ts' },
    });
    expect(keep.report.duplicates).toEqual({ pairs: 1, rows: 2, policy: 'keep', removed: 0 });
    expect(keep.rows.imported).toBe(6);
    for (const [policy, rating] of [
      ['last', 3],
      ['average', 2],
    ] as const) {
      const db = fx.db();
      const r = await importDataset(db, {
        path,
        duplicates: policy,
        mapping: { user: 'user', item: 'item', rating: 'rating', timestamp: 'ts' },
      });
      expect(r.report.duplicates).toEqual({ pairs: 1, rows: 2, policy, removed: 1 });
      const data = loadInteractions(db, r.datasetId);
      expect(data.users.length).toBe(5);
      const u1 = loadVocabulary(db, r.datasetId, 'user').find((v) => v.key === 'u1')!.idx;
      const a = loadVocabulary(db, r.datasetId, 'item').find((v) => v.key === 'a')!.idx;
      const at = Array.from(data.users).findIndex((u, k) => u === u1 && data.items[k] === a);
      expect(data.ratings[at]).toBe(rating);
    }
  });

  it('splits per user leaving the last rows out, and by a global time cut', async () => {
    const path = fx.file('split.csv', ratings);
    const mapping = { user: 'user', item: 'item', rating: 'rating', timestamp: 'ts' };
    const db = fx.db();
    const leave = await importDataset(db, { path, mapping, split: { kind: 'leaveLast', n: 1 } });
    // u1: 3 rows → test (ts 300), valid (ts 200), train; u2: 2 rows → test (150), train; u3: 1 row → train.
    expect(leave.splits).toEqual({ train: 3, valid: 1, test: 2 });
    const data = loadInteractions(db, leave.datasetId);
    expect(Array.from(data.splits)).toEqual([0, 2, 1, 0, 2, 0]);
    const chrono = await importDataset(fx.db(), { path, mapping, split: { kind: 'chrono', valid: 0.25, test: 0.25 } });
    // Span 100..300: test from 250 (the 300), valid from 200 (the 200).
    expect(chrono.splits).toEqual({ train: 4, valid: 1, test: 1 });
    await expect(
      importDataset(fx.db(), { path, mapping: { user: 'user', item: 'item' }, split: { kind: 'chrono' } }),
    ).rejects.toThrow(/chrono" needs a timestamp column/);
  });

  it('cuts vocabularies by count and size and reports what went to OOV', async () => {
    const path = fx.file('cut.csv', ratings);
    const r = await importDataset(fx.db(), {
      path,
      mapping: { user: 'user', item: 'item', rating: 'rating' },
      vocab: { item: { minCount: 2 }, user: { maxSize: 1 } },
    });
    expect(r.vocabularies.item).toEqual({ size: 2, oovIds: 1, oovRows: 1 });
    expect(r.vocabularies.user).toEqual({ size: 1, oovIds: 2, oovRows: 3 });
  });

  it('joins an item metadata file by key and reports the quality of the data', async () => {
    const db = fx.db();
    const path = fx.file('ratings.csv', 'userId,movieId,rating\n1,10,4\n1,20,5\n2,10,3\n3,10,4.5\n');
    const movies = fx.file(
      'movies.csv',
      'movieId,title,genres\n10,"Heat, The (1995)",Action|Crime\n30,Unrated (2000),Drama\n',
    );
    const r = await importDataset(db, { path, items: { path: movies } });
    expect(r.report.metadata).toEqual({ items: 2, matched: 1, columns: [] });
    expect(loadVocabulary(db, r.datasetId, 'item')[0]).toMatchObject({
      key: '10',
      title: 'Heat, The (1995)',
      genres: ['Action', 'Crime'],
    });
    expect(r.report).toMatchObject({ users: 3, items: 2, density: 4 / 6 });
    expect(r.report.ratingHistogram).toEqual([
      { value: 3, count: 1 },
      { value: 4, count: 1 },
      { value: 4.5, count: 1 },
      { value: 5, count: 1 },
    ]);
    expect(r.report.perItem).toMatchObject({ min: 1, max: 3, median: 1 });
    expect(r.report.perUser).toMatchObject({ min: 1, max: 2, mean: 4 / 3 });
  });
});

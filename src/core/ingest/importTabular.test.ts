// Tabular imports through the real importer: a vocabulary per category column with PAD/OOV and its own cut-off,
// groups of columns sharing one, numeric columns with missing values kept as NaN and malformed ones rejected, the
// target's classes, and everything read back as the training process reads it.
import { afterAll, describe, expect, it } from 'vitest';
import { categoryRole, mappingProblems } from '../../shared';
import { loadVocabulary, getDatasetById } from '../store/datasets';
import { loadTabular } from '../store/tabular';
import { importDataset } from './importDataset';
import { MISSING_KEY } from './tabular';
import { importFixture } from './testFiles';

const fx = importFixture();
afterAll(fx.cleanup);

const CSV = [
  'home,away,country,price,result',
  'ajax,psv,NL,1.5,win',
  'psv,ajax,NL,2,loss',
  'ajax,feyenoord,NL,,win',
  'feyenoord,ajax,NL,NA,draw',
  'ajax,psv,BE,3,win',
  'psv,feyenoord,,4,win',
].join('\n');

describe('importing a table', () => {
  it('gives each category column its own vocabulary (PAD 0, OOV 1, by count) and reads the rest as typed columns', async () => {
    const db = fx.db();
    const path = fx.file('matches.csv', CSV);
    const r = await importDataset(db, {
      path,
      hasHeader: true,
      mapping: { category: ['home', 'country'], numeric: 'price', target: 'result' },
      split: { kind: 'random', valid: 0, test: 0 },
      columnVocab: { home: { minCount: 2 } },
    });
    expect(getDatasetById(db, r.datasetId).kind).toBe('tabular');
    expect(r.rows).toEqual({ read: 6, imported: 6, rejected: 0 });
    // home: ajax ×3, psv ×2 kept; feyenoord ×1 is under min-count 2 and goes to OOV.
    expect(r.columns).toEqual({
      home: { size: 2, oovIds: 1, oovRows: 1 },
      country: { size: 3, oovIds: 0, oovRows: 0 },
    });
    expect(loadVocabulary(db, r.datasetId, categoryRole('home')).map((v) => [v.idx, v.key])).toEqual([
      [2, 'ajax'],
      [3, 'psv'],
    ]);
    expect(loadVocabulary(db, r.datasetId, categoryRole('country')).map((v) => v.key)).toEqual([
      'NL',
      'BE',
      MISSING_KEY,
    ]);
    const t = loadTabular(db, r.datasetId);
    expect(t.rows).toBe(6);
    expect(t.categories.map((c) => [c.name, c.role, c.size])).toEqual([
      ['home', 'category:home', 4],
      ['country', 'category:country', 5],
    ]);
    expect(Array.from(t.categories[0]!.ids)).toEqual([2, 3, 2, 1, 2, 3]);
    expect(Array.from(t.numerics[0]!.values)).toEqual([1.5, 2, NaN, NaN, 3, 4]);
    expect(t.target.classes).toEqual(['win', 'loss', 'draw']);
    expect(Array.from(t.target.classIds!)).toEqual([0, 1, 0, 2, 0, 0]);
    expect(r.report.tabular?.columns.find((c) => c.name === 'price')).toMatchObject({ kind: 'numeric', missing: 2 });
    db.close();
  });

  it('shares one vocabulary across a group of columns of one kind (home+away)', async () => {
    const db = fx.db();
    const path = fx.file('grouped.csv', CSV);
    const r = await importDataset(db, { path, hasHeader: true, mapping: { category: 'home+away', target: 'result' } });
    const t = loadTabular(db, r.datasetId);
    expect(t.categories.map((c) => [c.name, c.role])).toEqual([
      ['home', 'category:home+away'],
      ['away', 'category:home+away'],
    ]);
    // ajax plays 3 times at home and twice away: one index, counted over both columns.
    const vocab = loadVocabulary(db, r.datasetId, categoryRole('home+away'));
    expect(vocab.map((v) => [v.key, v.count])).toEqual([
      ['ajax', 5],
      ['psv', 4],
      ['feyenoord', 3],
    ]);
    expect(t.categories[0]!.ids[0]).toBe(t.categories[1]!.ids[1]);
    db.close();
  });

  it('rejects a row whose numeric cell is text, naming the column and what to do', async () => {
    const db = fx.db();
    const path = fx.file('bad.csv', `${CSV}\najax,psv,NL,cheap,win\n`);
    const r = await importDataset(db, {
      path,
      hasHeader: true,
      mapping: { category: 'home', numeric: 'price', target: 'result' },
    });
    expect(r.rows.rejected).toBe(1);
    expect(r.rejects[0]).toEqual({
      line: 8,
      reason: 'numeric column price: "cheap" is not a number (map it as a category column instead)',
    });
    expect(loadTabular(db, r.datasetId).rows).toBe(6);
    db.close();
  });

  it('says what a tabular mapping lacks or mixes up', () => {
    expect(mappingProblems({ target: 'result' }, 'csv')).toEqual([
      'a target needs category or numeric columns to predict it from',
    ]);
    expect(mappingProblems({ category: 'home', target: 'result', user: 'away' }, 'csv')).toEqual([
      'a target makes a tabular dataset: map user as category or numeric columns instead',
    ]);
    expect(mappingProblems({ category: 'home', numeric: 'home', target: 'result' }, 'csv')).toEqual([
      'each column takes one tabular role (home twice)',
    ]);
    expect(mappingProblems({ user: 'u', item: 'i', category: 'c' }, 'csv')).toEqual([
      'category and numeric columns need a target: the column to predict',
    ]);
  });
});

// The corpus of bad inputs (fixtures/bad): each gets a clear error naming file and line, or rejected rows
// with their lines, and nothing half-written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listDatasets } from '../store/datasets';
import { openDb } from '../store/db';
import { tempDir } from '../testing';
import { importDataset } from './importDataset';

const BAD = fileURLToPath(new URL('./fixtures/bad/', import.meta.url));
const tmp = tempDir();
afterAll(tmp.cleanup);
const db = openDb(join(tmp.dir, 'p.db'));
const ratings = { user: 'user', item: 'item', rating: 'rating' };
const bad = (name: string): string => join(BAD, name);

/** Row counts of every table a dataset writes to. */
function counts(): number[] {
  return ['datasets', 'vocab', 'interaction_chunks', 'sequences', 'import_rejects'].map(
    (table) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
  );
}

/** Runs a failing import and checks it left every table as it was. */
async function refused(run: Promise<unknown>, message: RegExp): Promise<void> {
  const before = counts();
  await expect(run).rejects.toThrow(message);
  expect(counts()).toEqual(before);
}

describe('bad inputs are refused with file, line and a way out', () => {
  it.each([
    ['empty.csv', /empty\.csv: the file is empty/],
    ['header-only.csv', /header-only\.csv: nothing to import: it has no data rows/],
    ['unterminated-quote.csv', /unterminated-quote\.csv: line 2: a quoted field is opened here and never closed/],
    ['latin1.csv', /latin1\.csv: line 3: byte 0xe9 is not valid UTF-8; .* encoding latin1/],
    ['binary.bin', /binary\.bin: line \d+: byte 0x[0-9a-f]+ is not valid UTF-8|binary/],
    ['truncated.csv.gz', /truncated\.csv\.gz: the gzip data is corrupt or truncated/],
    [
      'non-numeric-rating.csv',
      /nothing to import: all 1 rows were rejected \(first: line 2: rating "five" is not a finite number\)/,
    ],
  ])('%s', async (name, message) => {
    await refused(importDataset(db, { path: bad(name), name: `bad-${name}`, mapping: ratings }), message);
  });

  it('rejects ragged rows and non-finite ratings by line and keeps the rest', async () => {
    const ragged = await importDataset(db, { path: bad('ragged.csv'), name: 'ok-ragged', mapping: ratings });
    expect(ragged.rows).toEqual({ read: 3, imported: 1, rejected: 2 });
    expect(ragged.rejects).toEqual([
      { line: 3, reason: 'expected 3 fields, found 2' },
      { line: 4, reason: 'expected 3 fields, found 4' },
    ]);
    await refused(
      importDataset(db, { path: bad('nan-inf.csv'), name: 'bad-nan', mapping: ratings }),
      /all 3 rows were rejected \(first: line 2: rating "NaN" is not a finite number\)/,
    );
  });

  it('reads the Latin-1 file when told to', async () => {
    const r = await importDataset(db, {
      path: bad('latin1.csv'),
      name: 'ok-latin1',
      mapping: ratings,
      encoding: 'latin1',
    });
    expect(r.rows.imported).toBe(2);
    expect(
      db.prepare("SELECT key FROM vocab WHERE role = 'item' AND dataset_id = ? ORDER BY idx").all(r.datasetId),
    ).toEqual([{ key: '2' }, { key: 'café' }]);
  });

  it('refuses a 10 MB record in a delimited file', async () => {
    const path = join(tmp.dir, 'huge.csv');
    writeFileSync(path, `user,item,rating\n1,2,3\n1,${'x'.repeat(10 * 1024 * 1024)},4\n`);
    await refused(
      importDataset(db, { path, name: 'bad-huge', mapping: ratings }),
      /huge\.csv: line 3 is longer than 4 MiB/,
    );
  });

  it('keeps column names from the file out of SQL text', async () => {
    const path = join(tmp.dir, 'inject.csv');
    writeFileSync(path, `"u""); DROP TABLE datasets; --",item,rating\n1,2,3\n`);
    const r = await importDataset(db, {
      path,
      name: "x'); DROP TABLE vocab; --",
      mapping: { user: 'u"); DROP TABLE datasets; --', item: 'item', rating: 'rating' },
    });
    expect(r.rows.imported).toBe(1);
    expect(listDatasets(db).map((d) => d.name)).toContain("x'); DROP TABLE vocab; --");
  });
});

// The importer against the files of issue 11's campaign: old Mac line endings, UTF-16, repeated and endless
// headers, hex numbers, impossible timestamps, a gzip bomb, folders. Each either imports completely (rows
// checked) or is refused with a message naming the file and what to do, the database left as it was (.dump).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportRequest } from '../../shared';
import { loadVocabulary } from '../store/datasets';
import { openDb } from '../store/db';
import { dumpHash, tempDir } from '../testing';
import { importDataset } from './importDataset';
import { previewFile } from './preview';

const tmp = tempDir();
afterAll(tmp.cleanup);
const dbPath = join(tmp.dir, 'p.db');
const db = openDb(dbPath);
const file = (name: string, content: string | Buffer): string => {
  const path = join(tmp.dir, name);
  writeFile(path, content);
  return path;
};
function writeFile(path: string, content: string | Buffer): void {
  const fd = openSync(path, 'w');
  writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
  closeSync(fd);
}
const RATINGS = 'user,item,rating\n1,10,3\n1,11,4\n2,10,5\n';
let n = 0;
const imp = (path: string, extra: Partial<ImportRequest> = {}) =>
  importDataset(db, { path, name: `d${n++}`, ...extra });

/** The import fails with `message`, and the database is byte for byte what it was (sqlite3 .dump). */
async function refused(run: () => Promise<unknown>, message: RegExp): Promise<string> {
  const before = dumpHash(dbPath);
  const err = (await run().then(
    () => new Error('imported'),
    (e: unknown) => e,
  )) as Error;
  expect(err.message).toMatch(message);
  expect(dumpHash(dbPath)).toBe(before);
  return err.message;
}

describe('line endings and encodings', () => {
  it('splits a file with lone-CR line endings (old Mac) into its rows', async () => {
    const path = file('mac.csv', RATINGS.replace(/\n/g, '\r'));
    expect((await previewFile({ path })).rows).toEqual([
      ['1', '10', '3'],
      ['1', '11', '4'],
      ['2', '10', '5'],
    ]);
    const r = await imp(path);
    expect(r.rows).toEqual({ read: 3, imported: 3, rejected: 0 });
    expect(loadVocabulary(db, r.datasetId, 'item').map((v) => v.key)).toEqual(['10', '11']);
  });

  it('keeps CRLF files and CR inside quoted fields of LF files as they were', async () => {
    const r = await imp(file('crlf.csv', RATINGS.replace(/\n/g, '\r\n')));
    expect(r.rows).toEqual({ read: 3, imported: 3, rejected: 0 });
    const q = await imp(file('quoted-cr.csv', 'user,item,rating,title\n1,10,3,"a\rb"\n1,11,4,c\n'));
    expect(q.rows).toEqual({ read: 2, imported: 2, rejected: 0 });
  });

  it.each([
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RATINGS, 'utf16le')])],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(RATINGS, 'utf16le').swap16()])],
    ['UTF-16LE without a BOM', Buffer.from(RATINGS, 'utf16le')],
    ['UTF-16BE without a BOM', Buffer.from(RATINGS, 'utf16le').swap16()],
  ])('decodes %s', async (what, bytes) => {
    const path = file(`${what.replace(/\W+/g, '-')}.csv`, bytes);
    const r = await imp(path);
    expect(r.rows).toEqual({ read: 3, imported: 3, rejected: 0 });
    expect(loadVocabulary(db, r.datasetId, 'user').map((v) => v.key)).toEqual(['1', '2']);
  });

  it('decodes non-ASCII text in UTF-16, and refuses broken UTF-16 naming it', async () => {
    const text = 'user,item,rating\nZoë,café,3\n';
    const r = await imp(
      file('u16-accents.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    );
    expect(loadVocabulary(db, r.datasetId, 'item').map((v) => v.key)).toEqual(['café']);
    // A lone high surrogate (0xD800) cannot be decoded.
    const broken = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('user,item\n1,', 'utf16le'),
      Buffer.from([0x00, 0xd8]),
      Buffer.from('x\n', 'utf16le'),
    ]);
    await refused(() => imp(file('broken-u16.csv', broken)), /broken-u16\.csv: .*not valid UTF-16/);
  });

  it('says a binary file is binary before any Latin-1 advice, and names a ZIP (.xlsx) archive', async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe,
    ]);
    const m = await refused(() => imp(file('photo.csv', png)), /^.*photo\.csv: this looks like a binary file/);
    expect(m).not.toMatch(/latin1/i);
    await refused(
      () => imp(file('sheet.csv', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40, 7)]))),
      /sheet\.csv: this is a ZIP archive .*Excel .*save it as CSV/,
    );
  });
});

describe('headers', () => {
  it('reports a repeated column name as a duplicate', async () => {
    await refused(
      () => imp(file('dup.csv', 'user,item,item,rating\n1,2,3,4\n')),
      /dup\.csv: the header names the column "item" twice \(columns 2 and 3\)/,
    );
  });

  it('keeps the message short for a 10,000-column header', async () => {
    const cols = Array.from({ length: 10_000 }, (_, i) => `c${i}`);
    const path = file('wide.csv', `${cols.join(',')}\n${cols.map(() => '1').join(',')}\n`);
    const m = await refused(() => imp(path), /wide\.csv: .*\(columns: c0, c1, .* and 9,990 more\)/);
    expect(m.length).toBeLessThan(500);
    const mapped = await refused(
      () => imp(path, { mapping: { user: 'c0', item: 'nope' } }),
      /no column "nope" \(for item\); columns are c0, .* and 9,990 more/,
    );
    expect(mapped.length).toBeLessThan(500);
  });

  it('gives a ragged row the real number of fields it has', async () => {
    const r = await imp(file('ragged7.csv', 'user,item,rating\n1,2,3,4,5,6,7\n1,3,4\n1,4\n'));
    expect(r.rejects).toEqual([
      { line: 2, reason: 'expected 3 fields, found 7' },
      { line: 4, reason: 'expected 3 fields, found 2' },
    ]);
  });
});

describe('numbers and times', () => {
  it('rejects hex, binary and octal literals instead of reading 0x10 as 16', async () => {
    const mapping = { user: 'user', item: 'item', rating: 'rating' };
    const r = await imp(file('hex.csv', 'user,item,rating\n1,2,0x10\n1,3,0b1\n1,4,0o7\n1,5,4\n1,6,1e0\n'), { mapping });
    expect(r.rows).toEqual({ read: 5, imported: 2, rejected: 3 });
    expect(r.rejects).toEqual([
      { line: 2, reason: 'rating "0x10" is not a decimal number' },
      { line: 3, reason: 'rating "0b1" is not a decimal number' },
      { line: 4, reason: 'rating "0o7" is not a decimal number' },
    ]);
    expect(r.report.ratingHistogram).toEqual([
      { value: 1, count: 1 },
      { value: 4, count: 1 },
    ]);
    const q = await imp(file('hex-quoted.csv', 'user,item,rating\n1,2,"0x10"\n1,3,4\n'), { mapping });
    expect(q.rejects).toEqual([{ line: 2, reason: 'rating "0x10" is not a decimal number' }]);
  });

  it('rejects timestamps before 1970 or past the year 3000, in seconds, milliseconds or ISO form', async () => {
    const rows = [
      '1,2,3,-5', // line 2: negative
      '1,3,3,40000000000', // line 3: seconds in the year 3237
      '1,4,3,99999999999999', // line 4: milliseconds in the year 5138
      '1,5,3,0x5f5e1000', // line 5: hex
      '1,6,3,3001-01-01T00:00:00Z', // line 6
      '1,7,3,1600000000',
      '1,8,3,1600000000000',
      '1,9,3,2024-05-01 10:00:00',
    ];
    const r = await imp(file('times.csv', `user,item,rating,timestamp\n${rows.join('\n')}\n`));
    expect(r.rows).toEqual({ read: 8, imported: 3, rejected: 5 });
    expect(r.rejects.map((x) => x.line)).toEqual([2, 3, 4, 5, 6]);
    expect(r.rejects[0]!.reason).toBe('timestamp "-5" is outside 1970–3000 (as epoch seconds or milliseconds)');
    expect(r.rejects[4]!.reason).toBe('timestamp "3001-01-01T00:00:00Z" is outside 1970–3000');
    expect(r.report.timeRange).toEqual({ min: 1_600_000_000, max: Date.UTC(2024, 4, 1, 10) / 1000 });
  });
});

describe('files that are not what they seem', () => {
  it('refuses a gzip bomb before it fills memory', async () => {
    // One gzip member of 8 MiB of identical rows, repeated: 1 GiB of text from ~1 MiB on disk.
    const member = gzipSync(Buffer.from('1,2,3\n'.repeat(1_400_000)), { level: 9 });
    const path = join(tmp.dir, 'bomb.csv.gz');
    writeFile(path, Buffer.concat([gzipSync('user,item,rating\n'), ...Array<Buffer>(128).fill(member)]));
    const started = performance.now();
    await refused(() => imp(path), /bomb\.csv\.gz: the gzip data expands over 200 times .*decompress it yourself/);
    expect(performance.now() - started).toBeLessThan(60_000); // a sanity bound, not a speed claim
  });

  it('refuses a folder and a named pipe as not files', async () => {
    const dir = join(tmp.dir, 'a-folder.csv');
    mkdirSync(dir);
    await refused(() => imp(dir), /a-folder\.csv: not a file/);
    const fifo = join(tmp.dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await refused(() => imp(fifo), /pipe\.csv: not a file/);
  });
});

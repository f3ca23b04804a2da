// Readers: round trips with our writers, files as gensim and word2vec.c lay them out, and errors that name
// the file and the line (text) or row and byte (binary).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { alignToVocabulary, detectVectorFormat, readVectors } from './importVectors';
import { readTextVectors } from './readTextVectors';
import { readWord2vecBinary } from './readWord2vecBinary';
import { PAD_KEY } from './tableRows';
import { randomTable, tinyTable } from './testTables';
import { exportWord2vecBinary } from './word2vecBinary';
import { exportGlove, exportWord2vecText } from './word2vecText';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const file = (name: string, content: string | Buffer): string => {
  const p = join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
};
const f32le = (...xs: number[]): Buffer => Buffer.from(new Float32Array(xs).buffer);

describe('round trips: export → import gives identical keys and vectors', () => {
  const unicodeKey = (i: number): string => ['naïve', '東京', 'emoji🙂', 'a,b', '"q"'][i % 5]! + i;

  it.each([
    ['word2vec', exportWord2vecText, 'items.word2vec.txt'],
    ['glove', exportGlove, 'items.glove.txt'],
    ['word2vec-binary', exportWord2vecBinary, 'items.word2vec.bin'],
  ] as const)('%s', async (format, write, name) => {
    const { table, vocab } = randomTable(1202, 50, 8, unicodeKey);
    table.data[2 * 50] = -0;
    table.data[2 * 50 + 1] = 1e-40; // a float32 subnormal
    await write(table, vocab, tmp.dir, { includeSpecial: true });
    const path = join(tmp.dir, name);
    expect(detectVectorFormat(path)).toBe(format);
    const got = await readVectors(path);
    expect(got).toMatchObject({ format, rows: 1202, dim: 50, duplicateKeys: 0 });
    expect(got.keys).toEqual([PAD_KEY, '<oov>', ...vocab.map((v) => v.key)]);
    expect(Buffer.from(got.data.buffer).equals(Buffer.from(table.data.buffer))).toBe(true);
  });

  it('keys with whitespace come back with _ and still align to the vocabulary', async () => {
    const { table, vocab } = tinyTable();
    await exportWord2vecText(table, vocab, tmp.dir);
    const got = await readVectors(join(tmp.dir, 'items.word2vec.txt'));
    expect(got.keys).toEqual(['a', 'new_york', 'x_y']);
    const aligned = alignToVocabulary(got, vocab, table.rows);
    expect(aligned).toMatchObject({ foundKeys: 3, matchedByRule: 2, missingKeys: 0, unusedFileKeys: 0 });
    expect(Array.from(aligned.found)).toEqual([0, 0, 1, 1, 1]);
    expect(aligned.data.subarray(6)).toEqual(table.data.subarray(6));
    expect(aligned.data.subarray(0, 6)).toEqual(new Float32Array(6));
  });
});

describe('reading files other tools write', () => {
  it('gensim binary (no newline after each vector) and word2vec.c binary (with it) both read', async () => {
    const gensim = file(
      'g.bin',
      Buffer.concat([Buffer.from('2 2\n'), Buffer.from('a '), f32le(1, 2), Buffer.from('b '), f32le(3, 4)]),
    );
    const c = file(
      'c.bin',
      Buffer.concat([
        Buffer.from('2 2\n'),
        Buffer.from('a '),
        f32le(1, 2),
        Buffer.from('\nb '),
        f32le(3, 4),
        Buffer.from('\n'),
      ]),
    );
    for (const p of [gensim, c]) {
      const got = await readWord2vecBinary(p);
      expect(got.keys).toEqual(['a', 'b']);
      expect(Array.from(got.data)).toEqual([1, 2, 3, 4]);
    }
  });

  it('text: CRLF, trailing spaces, a BOM, Python nan/inf spellings, and fastText-style .vec', async () => {
    const got = await readTextVectors(file('v.vec', '\ufeff2 3\r\nthe 0.1 -2e-3 nan \r\nof 1 inf -inf\r\n'));
    expect(got.format).toBe('word2vec');
    expect(got.keys).toEqual(['the', 'of']);
    expect(Array.from(got.data)).toEqual([Math.fround(0.1), Math.fround(-2e-3), NaN, 1, Infinity, -Infinity]);
  });

  it('GloVe: no header, dim from the first line; a two-number first line counts as a header, as in gensim', async () => {
    const glove = await readTextVectors(file('g.txt', 'a 1 2 3\nb 4 5 6\n'));
    expect(glove).toMatchObject({ format: 'glove', rows: 2, dim: 3 });
    const forced = await readTextVectors(file('h.txt', '2 5\n7 8\n'), { header: 'absent' });
    expect(forced).toMatchObject({ format: 'glove', rows: 2, dim: 1, keys: ['2', '7'] });
  });

  it('counts duplicate keys, and alignment keeps the first', async () => {
    const got = await readTextVectors(file('d.txt', 'a 1\nb 2\na 3\n'));
    expect(got.duplicateKeys).toBe(1);
    const aligned = alignToVocabulary(got, [{ idx: 2, key: 'a', count: 1, title: null, genres: [] }], 3);
    expect(aligned.data[2]).toBe(1);
    expect(aligned.unusedFileKeys).toBe(1);
  });
});

describe('errors name the file and where', () => {
  const textError = async (content: string | Buffer, message: RegExp, header?: 'present'): Promise<void> => {
    const p = file('bad.txt', content);
    await expect(readTextVectors(p, header ? { header } : {})).rejects.toMatchObject({
      code: 'DatasetInvalid',
      message: expect.stringMatching(message) as unknown,
    });
    await expect(readTextVectors(p, header ? { header } : {})).rejects.toThrow(p);
  };

  it('ragged row', () =>
    textError('3 2\na 1 2\nb 1\nc 1 2\n', /line 3: ragged row: key "b" has 1 values, expected 2 \(the header’s dim\)/));
  it('ragged row without a header', () =>
    textError('a 1 2\nb 1 2 3\n', /line 2: ragged row: key "b" has 3 values, expected 2 \(as on the first line\)/));
  it('non-numeric value', () => textError('2 2\na 1 2\nb 1 x2\n', /line 3: value 2 of key "b" is not a number: "x2"/));
  it('fewer rows than the header', () =>
    textError('3 1\na 1\nb 2\n', /line 3: the header says 3 rows but the file ends after 2/));
  it('more rows than the header', () => textError('1 1\na 1\nb 2\n', /line 3: more rows than the header's 1/));
  it('a header that cannot fit the file', () =>
    textError('1000000 300\na 1\n', /line 1: the header says 1000000 rows × 300 values/));
  it('a blank line between vectors', () => textError('a 1\n\nb 2\n', /line 2: empty line between vectors/));
  it('no header where one is required', () =>
    textError('a 1 2\n', /line 1: expected a word2vec header "rows dim"/, 'present'));
  it('an empty file', () => textError('', /line 1: the file has no vectors/));
  it('binary given as text', () =>
    textError(
      Buffer.concat([Buffer.from('1 2\na '), Buffer.from([0xff, 0xfe, 0x80, 0x3f])]),
      /line 2: not valid UTF-8 text \(is it a binary word2vec file\?\)/,
    ));

  it('a missing file is FileUnreadable', async () => {
    await expect(readVectors(join(tmp.dir, 'nope.txt'), 'glove')).rejects.toMatchObject({ code: 'FileUnreadable' });
    expect(() => detectVectorFormat(join(tmp.dir, 'nope.txt'))).toThrow(/cannot read/);
  });

  const binaryError = async (content: Buffer, message: RegExp): Promise<void> => {
    const p = file('bad.bin', content);
    await expect(readWord2vecBinary(p)).rejects.toMatchObject({
      code: 'DatasetInvalid',
      message: expect.stringMatching(message) as unknown,
    });
  };

  it('truncated binary: the header promises more than the file holds', () =>
    binaryError(
      Buffer.concat([Buffer.from('3 2\n'), Buffer.from('a '), f32le(1, 2)]),
      /line 1: truncated: the header says 3 rows of 2 float32/,
    ));

  it('truncated binary: the last vector is cut short', () =>
    binaryError(
      Buffer.concat([
        Buffer.from('2 2\na '),
        f32le(1, 2),
        Buffer.from('\nbbbbbbbbbbbbbbbbbbbbbb '),
        f32le(3).subarray(0, 3),
      ]),
      /row 2 \(byte 14\): truncated: the file ends after 1 of 2 rows \(27 bytes of an incomplete row\)/,
    ));

  it('binary with the wrong dim in its header shows up as a bad key or trailing data', () =>
    binaryError(
      Buffer.concat([Buffer.from('2 1\na '), f32le(1, 2), Buffer.from('\nb '), f32le(3, 4), Buffer.from('\n')]),
      /row 2 \(byte 10\)|data after/,
    ));

  it('a key that is not UTF-8', () =>
    binaryError(
      Buffer.concat([Buffer.from('1 1\n'), Buffer.from([0xff, 0xfe, 0x20]), f32le(1)]),
      /row 1 \(byte 4\): key is not valid UTF-8/,
    ));

  it('no header', () =>
    binaryError(
      Buffer.concat([Buffer.from('hello\n'), f32le(1)]),
      /line 1: expected a header "rows dim", found "hello"/,
    ));
});

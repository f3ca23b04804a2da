// Each writer's exact bytes on the tiny table (see testTables.ts for why those values and keys).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { exportCsv } from './csv';
import { exportJson } from './json';
import { exportNpy, npyHeader } from './npy';
import { tinyTable } from './testTables';
import { exportWord2vecBinary } from './word2vecBinary';
import { exportGlove, exportWord2vecText } from './word2vecText';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const text = (name: string): string => readFileSync(join(tmp.dir, name), 'utf8');
const f32le = (...xs: number[]): Buffer => Buffer.from(new Float32Array(xs).buffer);

describe('word2vec and GloVe text', () => {
  it('writes a header, shortest float32 decimals, and keys with whitespace as _', async () => {
    const { table, vocab } = tinyTable();
    const r = await exportWord2vecText(table, vocab, tmp.dir);
    expect(text('items.word2vec.txt')).toBe(
      '3 3\n' + 'a 0.1 -2.5 1e-8\n' + 'new_york 100 0.33333334 -0\n' + 'x_y 1.5 2 300000000000000000000\n',
    );
    expect(r).toMatchObject({ rows: 3, dim: 3, keysReplaced: 2, keyCollisions: 0, biasWritten: false });
    expect(r.files).toEqual([join(tmp.dir, 'items.word2vec.txt')]);
  });

  it('GloVe is the same lines without the header; PAD/OOV only when asked', async () => {
    const { table, vocab } = tinyTable();
    await exportGlove(table, vocab, tmp.dir, { includeSpecial: true });
    expect(text('items.glove.txt')).toBe(
      '<pad> 0 0 0\n<oov> 0.5 0.25 -1\na 0.1 -2.5 1e-8\nnew_york 100 0.33333334 -0\nx_y 1.5 2 300000000000000000000\n',
    );
  });
});

describe('word2vec binary', () => {
  it('writes "rows dim\\n", then key, space, little-endian float32 and \\n per row', async () => {
    const { table, vocab } = tinyTable();
    await exportWord2vecBinary(table, vocab, tmp.dir);
    const expected = Buffer.concat([
      Buffer.from('3 3\n'),
      Buffer.from('a '),
      f32le(0.1, -2.5, 1e-8),
      Buffer.from('\nnew_york '),
      f32le(100, 1 / 3, -0),
      Buffer.from('\nx_y '),
      f32le(1.5, 2, 3e20),
      Buffer.from('\n'),
    ]);
    expect(readFileSync(join(tmp.dir, 'items.word2vec.bin')).equals(expected)).toBe(true);
  });
});

describe('CSV', () => {
  it('writes a key,d0..,bias header, CRLF lines and RFC 4180 quotes only where needed', async () => {
    const { table, vocab } = tinyTable();
    vocab[1]!.key = 'say "hi", york';
    const r = await exportCsv(table, vocab, tmp.dir);
    expect(text('items.csv')).toBe(
      'key,d0,d1,d2,bias\r\n' +
        'a,0.1,-2.5,1e-8,0.75\r\n' +
        '"say ""hi"", york",100,0.33333334,-0,-1.25\r\n' +
        'x\ty,1.5,2,300000000000000000000,2\r\n',
    );
    expect(r.biasWritten).toBe(true);
  });

  it('leaves the bias column out when asked or when the table has none', async () => {
    const { table, vocab } = tinyTable();
    await exportCsv(table, vocab, tmp.dir, { includeBias: false });
    expect(text('items.csv').split('\r\n')[0]).toBe('key,d0,d1,d2');
  });
});

describe('NumPy .npy', () => {
  it('writes the header numpy 1.24 writes, then the rows as <f4; keys and bias beside it', async () => {
    const { table, vocab } = tinyTable();
    const r = await exportNpy(table, vocab, tmp.dir, { includeSpecial: true });
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 3), }";
    const header = Buffer.concat([
      Buffer.from([0x93]),
      Buffer.from('NUMPY'),
      Buffer.from([1, 0, 118, 0]),
      Buffer.from(dict + ' '.repeat(118 - dict.length - 1) + '\n'),
    ]);
    expect(header.length).toBe(128);
    expect(Buffer.from(npyHeader([5, 3])).equals(header)).toBe(true);
    const npy = readFileSync(join(tmp.dir, 'items.npy'));
    expect(npy.subarray(0, 128).equals(header)).toBe(true);
    expect(npy.subarray(128).equals(Buffer.from(table.data.buffer))).toBe(true);
    expect(text('items.vocab.txt')).toBe('<pad>\n<oov>\na\nnew york\nx\ty\n');
    const bias = readFileSync(join(tmp.dir, 'items.bias.npy'));
    expect(bias.subarray(0, 128).toString('latin1')).toBe(
      "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }" + ' '.repeat(60) + '\n',
    );
    expect(bias.subarray(128).equals(Buffer.from(table.bias!.buffer))).toBe(true);
    expect(r.files.map((f) => f.slice(tmp.dir.length + 1))).toEqual(['items.npy', 'items.vocab.txt', 'items.bias.npy']);
  });

  it('aligns the data to 64 bytes after 21 − len(rows) spare spaces, for any shape', () => {
    for (const shape of [[1], [7, 3], [123456, 100], [1, 1234567890]]) {
      const h = npyHeader(shape);
      expect(h.length % 64).toBe(0);
      const s = Buffer.from(h).toString('latin1');
      const pad = s.length - 1 - s.lastIndexOf('}') - 1 - (21 - String(shape[0]).length);
      expect(pad).toBeGreaterThanOrEqual(1);
      expect(pad).toBeLessThanOrEqual(64);
    }
  });
});

describe('JSON', () => {
  it('streams {dim, rows, keys, vectors, bias} with exact keys, one item per line', async () => {
    const { table, vocab } = tinyTable();
    await exportJson(table, vocab, tmp.dir);
    const s = text('items.json');
    expect(s).toBe(
      '{"dim":3,"rows":3,\n"keys":[\n"a",\n"new york",\n"x\\ty"\n],\n"vectors":[\n[0.1,-2.5,1e-8],\n' +
        '[100,0.33333334,-0],\n[1.5,2,300000000000000000000]\n],\n"bias":[0.75,-1.25,2]}\n',
    );
    const parsed = JSON.parse(s) as { keys: string[]; vectors: number[][] };
    expect(parsed.keys).toEqual(['a', 'new york', 'x\ty']);
    expect(Float32Array.from(parsed.vectors.flat())).toEqual(table.data.subarray(6));
  });

  it('refuses NaN (JSON has no spelling for it) and leaves no file behind', async () => {
    const { table, vocab } = tinyTable();
    table.data[10] = NaN;
    await expect(exportJson(table, vocab, tmp.dir)).rejects.toThrow(/"new york" holds NaN/);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});

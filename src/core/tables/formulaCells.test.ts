// CSV injection (OWASP): keys and titles that a spreadsheet would run as formulas are written with a leading
// `'` in CSV and the Projector's TSV unless asked otherwise; numbers and other formats are left as they are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VocabEntry } from '../store/datasets';
import { tempDir } from '../testing';
import { exportTable } from './exportTable';

const tmp = tempDir();
afterAll(tmp.cleanup);

const KEYS = ['=HYPERLINK("http://x.example","go")', '+1+cmd', '-2+3', '@SUM(A1:A9)', '\tx', 'plain', '-0.5', '1e3'];
const vocab: VocabEntry[] = KEYS.map((key, i) => ({
  idx: i + 2,
  key,
  count: 1,
  title: i === 5 ? '=cmd|" /C calc"!A0' : null,
  genres: i === 5 ? ['@Drama'] : [],
}));
const rows = KEYS.length + 2;
const table = { name: 'items', role: 'item', rows, dim: 1, data: new Float32Array(rows).fill(-1), bias: null };

describe('spreadsheet formulas in exports', () => {
  it('neutralises formula keys in CSV by default and counts them', async () => {
    const r = await exportTable('csv', table, vocab, join(tmp.dir, 'csv'));
    const lines = readFileSync(r.files[0]!, 'utf8').split('\r\n');
    expect(lines.slice(1, -1).map((l) => l.slice(0, l.lastIndexOf(',')))).toEqual([
      `"'=HYPERLINK(""http://x.example"",""go"")"`,
      "'+1+cmd",
      "'-2+3",
      "'@SUM(A1:A9)",
      "'\tx",
      'plain',
      '-0.5',
      '1e3',
    ]);
    expect(lines[2]).toBe("'+1+cmd,-1"); // the vector's own negative number stays a number
    expect(r.formulaCells).toBe(5);
  });

  it('neutralises keys, titles and genres in the Projector metadata TSV', async () => {
    const r = await exportTable('projector', table, vocab, join(tmp.dir, 'tsv'));
    const meta = readFileSync(r.files[1]!, 'utf8').split('\n');
    expect(meta[1]).toBe(`'=HYPERLINK("http://x.example","go")\t\t\t1`);
    expect(meta[5]).toBe(' x\t\t\t1'); // a tab becomes a space in TSV: no longer a trigger
    expect(meta[6]).toBe(`plain\t'=cmd|" /C calc"!A0\t'@Drama\t1`);
    expect(r.formulaCells).toBe(6);
  });

  it('writes keys exactly when asked to, and never changes word2vec keys', async () => {
    const raw = await exportTable('csv', table, vocab, join(tmp.dir, 'raw'), { neutralizeFormulas: false });
    expect(readFileSync(raw.files[0]!, 'utf8')).toContain('\r\n+1+cmd,-1\r\n');
    expect(raw.formulaCells).toBe(0);
    const w2v = await exportTable('word2vec', table, vocab, join(tmp.dir, 'w2v'));
    expect(readFileSync(w2v.files[0]!, 'utf8')).toContain('\n+1+cmd -1\n');
  });
});

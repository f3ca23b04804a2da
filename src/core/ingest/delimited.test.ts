import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { readLogicalRecords, RecordError, splitRecord } from './delimited';

const tmp = tempDir();
afterAll(tmp.cleanup);

async function records(text: string): Promise<{ line: number; text: string }[]> {
  const path = join(tmp.dir, `f${Math.random()}.csv`);
  writeFileSync(path, text);
  const out: { line: number; text: string }[] = [];
  for await (const r of readLogicalRecords(path, true)) out.push(r);
  return out;
}

describe('splitRecord', () => {
  it('keeps a delimiter inside a quoted field', () => {
    expect(splitRecord('1,2,"Heat, The (1995)",Action', ',')).toEqual(['1', '2', 'Heat, The (1995)', 'Action']);
  });
  it('reads doubled quotes as one quote and keeps empty fields', () => {
    expect(splitRecord('"say ""hi""",,x,', ',')).toEqual(['say "hi"', '', 'x', '']);
  });
  it('splits on a multi-character delimiter without quoting (MovieLens ::)', () => {
    expect(splitRecord('1::1193::5::978300760', '::')).toEqual(['1', '1193', '5', '978300760']);
  });
  it('rejects text after a closing quote', () => {
    expect(() => splitRecord('"ab"c,d', ',')).toThrow(/closing quote/);
  });
});

describe('readLogicalRecords', () => {
  it('joins a quoted field that spans lines and reports the starting line', async () => {
    const recs = await records('a,b\n1,"two\nlines"\n\n3,x\n');
    expect(recs).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: '1,"two\nlines"' },
      { line: 5, text: '3,x' },
    ]);
    expect(splitRecord(recs[1]!.text, ',')).toEqual(['1', 'two\nlines']);
  });
  it('drops a UTF-8 byte-order mark and handles CRLF', async () => {
    expect(await records('\ufeffuser,item\r\n1,2\r\n')).toEqual([
      { line: 1, text: 'user,item' },
      { line: 2, text: '1,2' },
    ]);
  });
  it('names the line of a quote that is never closed', async () => {
    await expect(records('a,b\n1,2\n3,"open\n4,5\n')).rejects.toThrow(RecordError);
    await expect(records('a,b\n1,2\n3,"open\n4,5\n')).rejects.toThrow(/line 3/);
  });
});

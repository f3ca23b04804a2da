import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { logicalRecords, quoteOpenAfter, RecordError, splitRecord } from './delimited';
import { readLines } from './source';

const tmp = tempDir();
afterAll(tmp.cleanup);

async function records(text: string): Promise<{ line: number; text: string }[]> {
  const path = join(tmp.dir, `f${Math.random()}.csv`);
  writeFileSync(path, text);
  const out: { line: number; text: string }[] = [];
  for await (const batch of logicalRecords(readLines(path), ',')) out.push(...batch);
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

describe('quoteOpenAfter', () => {
  it('opens only at the start of a field and reads doubled quotes as text', () => {
    expect(quoteOpenAfter('1,"open', ',', false)).toBe(true);
    expect(quoteOpenAfter('1,"a ""b"" c",2', ',', false)).toBe(false);
    expect(quoteOpenAfter('1,5\'11" tall,2', ',', false)).toBe(false);
    expect(quoteOpenAfter('still inside",3', ',', true)).toBe(false);
  });
});

describe('logicalRecords', () => {
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
  it('does not let a stray quote inside an unquoted field swallow the next lines', async () => {
    expect(await records('a,b\n1,5\'11" tall\n2,x\n')).toHaveLength(3);
  });
  it('names the line of a quote that is never closed', async () => {
    await expect(records('a,b\n1,2\n3,"open\n4,5\n')).rejects.toThrow(RecordError);
    await expect(records('a,b\n1,2\n3,"open\n4,5\n')).rejects.toThrow(/line 3/);
  });
});

import { existsSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableTransfer } from '../../shared';
import { tablesReader, writeTablesFile } from './tablesFile';

const tables: TableTransfer[] = [
  {
    name: 'users',
    role: 'user',
    rows: 3,
    dim: 2,
    data: Float32Array.from([0, 0, 1.5, -2, 3.25, 4]),
    bias: Float32Array.from([0, 0.5, -0.25]),
    counts: Int32Array.from([0, 7, 2]),
  },
  // A view into a larger buffer: only its own bytes go to the file.
  { name: 'words', role: 'word', rows: 2, dim: 1, data: new Float32Array([9, 8, 7, 6]).subarray(1, 3), bias: null },
];

const dir = mkdtempSync(join(tmpdir(), 'ewb-tables-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tables through a file', () => {
  it('reads back what was written, table by table, and deletes the file', () => {
    const file = writeTablesFile(dir, tables);
    expect(file.tables).toEqual([
      { name: 'users', role: 'user', rows: 3, dim: 2, bias: true, counts: true },
      { name: 'words', role: 'word', rows: 2, dim: 1, bias: false, counts: false },
    ]);
    const back = tablesReader()(file);
    expect(existsSync(file.path)).toBe(false);
    expect(back[0]).toEqual(tables[0]);
    expect(back[1]).toEqual({ ...tables[1], data: Float32Array.from([8, 7]), counts: null });
  });

  it("reads a run's next file into the same buffer, growing it when the file is larger", () => {
    const read = tablesReader();
    const first = read(writeTablesFile(dir, tables));
    const [one] = tables;
    const smaller = read(writeTablesFile(dir, [{ ...one!, data: one!.data.map((x) => x + 1) }]));
    expect(smaller[0]!.data.buffer).toBe(first[0]!.data.buffer);
    expect(smaller[0]!.data).toEqual(Float32Array.from([1, 1, 2.5, -1, 4.25, 5]));
    expect(smaller[0]!.counts).toEqual(one!.counts);
    const wide = { ...one!, rows: 3, dim: 4, data: new Float32Array(12).fill(2) };
    const larger = read(writeTablesFile(dir, [wide, ...tables]));
    expect(larger[0]!.data.buffer).not.toBe(first[0]!.data.buffer);
    expect(larger.map((t) => t.data)).toEqual([wide.data, one!.data, Float32Array.from([8, 7])]);
  });

  it('says where it could not write, and what to do', () => {
    expect(() => writeTablesFile(join(dir, 'gone'), tables)).toThrow(
      /could not write the run's tables to .*gone .*ENOENT.*ewb train --resume/,
    );
  });

  it('says so when the file is shorter than its tables, and still deletes it', () => {
    const file = writeTablesFile(dir, tables);
    truncateSync(file.path, 10);
    expect(() => tablesReader()(file)).toThrow(/ends after 10 of 56 bytes/);
    expect(existsSync(file.path)).toBe(false);
  });
});

// Every export format marks rows never trained where it has room (a train_count column or file) and leaves
// them out with onlyTrained; read back by the format's own reader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../shared';
import { tempDir } from '../testing';
import { exportTable } from './exportTable';
import { tinyTable } from './testTables';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

/** The tiny table with counts: "a" trained 7 times, "new york" never, "x\ty" twice. */
function counted() {
  const t = tinyTable();
  return { ...t, table: { ...t.table, counts: Int32Array.from([0, 3, 7, 0, 2]) } };
}

describe('train_count in exports', () => {
  it('CSV, JSON, Parquet, npy and the Projector metadata write it', async () => {
    const { table, vocab } = counted();
    const out = (f: string) => join(tmp.dir, f);
    const csv = await exportTable('csv', table, vocab, out('csv'));
    expect(
      readFileSync(csv.files[0]!, 'utf8')
        .split('\r\n')
        .map((l) => l.split(',').at(-1)),
    ).toEqual(['train_count', '7', '0', '2', '']);
    const json = await exportTable('json', table, vocab, out('json'));
    expect(JSON.parse(readFileSync(json.files[0]!, 'utf8'))).toMatchObject({ train_counts: [7, 0, 2] });
    const parquet = await exportTable('parquet', table, vocab, out('parquet'));
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(parquet.files[0]!) })) as {
      train_count: number;
    }[];
    expect(rows.map((r) => r.train_count)).toEqual([7, 0, 2]);
    const npy = await exportTable('npy', table, vocab, out('npy'), { includeSpecial: true });
    const bytes = readFileSync(npy.files.find((f) => f.endsWith('.train_count.npy'))!);
    const start = 10 + bytes.readUInt16LE(8); // numpy/lib/format.py: magic, version, header length, header
    expect(bytes.subarray(10, start).toString('latin1')).toMatch(/'descr': '<i4'.*'shape': \(5,\)/);
    const values = new Int32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
    expect(Array.from(values)).toEqual([0, 3, 7, 0, 2]);
    const projector = await exportTable('projector', table, vocab, out('projector'));
    const meta = readFileSync(projector.files[1]!, 'utf8').trim().split('\n');
    expect(meta.map((l) => l.split('\t').at(-1))).toEqual(['train_count', '7', '0', '2']);
    for (const r of [csv, json, parquet, npy, projector])
      expect(r).toMatchObject({ countsWritten: true, untrainedRows: 1, untrainedLeftOut: false });
  });

  it.each(EXPORT_FORMATS)('%s: onlyTrained leaves the row never trained out', async (format) => {
    const { table, vocab } = counted();
    const r = await exportTable(format, table, vocab, tmp.dir, { onlyTrained: true });
    expect(r).toMatchObject({ rows: 2, untrainedRows: 1, untrainedLeftOut: true });
    for (const file of r.files.filter((f) => !f.endsWith('.npy') && !f.endsWith('.bin')))
      expect(readFileSync(file, 'utf8')).not.toMatch(/new york|new_york/);
  });

  it('reports nothing about training for a table without counts (an imported one)', async () => {
    const { table, vocab } = tinyTable();
    const r = await exportTable('csv', table, vocab, tmp.dir, { onlyTrained: true });
    expect(r.rows).toBe(3);
    expect(r).not.toHaveProperty('untrainedRows');
    expect(readFileSync(r.files[0]!, 'utf8').split('\r\n')[0]).toBe('key,d0,d1,d2,bias');
  });
});

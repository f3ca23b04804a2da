// Parquet read back by hyparquet (an independent reader from the writer's authors; Debian has no pyarrow).
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { exportParquet } from './parquet';
import { randomTable, tinyTable } from './testTables';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

async function read(path: string): Promise<{ key: string; vector: number[]; bias?: number }[]> {
  const file = await asyncBufferFromFile(path);
  return (await parquetReadObjects({ file })) as { key: string; vector: number[]; bias?: number }[];
}

describe('Parquet', () => {
  it('writes key, vector (LIST<FLOAT>) and bias with exact keys and float32 values', async () => {
    const { table, vocab } = tinyTable();
    const r = await exportParquet(table, vocab, tmp.dir, { includeSpecial: true });
    const path = join(tmp.dir, 'items.parquet');
    expect(r).toMatchObject({ files: [path], rows: 5, dim: 3, biasWritten: true });
    const rows = await read(path);
    expect(rows.map((x) => x.key)).toEqual(['<pad>', '<oov>', 'a', 'new york', 'x\ty']);
    expect(Float32Array.from(rows.flatMap((x) => x.vector))).toEqual(table.data);
    expect(Float32Array.from(rows.map((x) => x.bias!))).toEqual(table.bias);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.schema.map((s) => s.name)).toEqual(['schema', 'key', 'vector', 'list', 'element', 'bias']);
    expect(meta.key_value_metadata).toContainEqual({ key: 'embedding_workbench.dim', value: '3' });
  });

  it('splits a large table into row groups and keeps every row in order', async () => {
    const { table, vocab } = randomTable(1002, 16, 4);
    await exportParquet(table, vocab, tmp.dir, { includeBias: false, groupRows: 400 });
    const path = join(tmp.dir, 'items.parquet');
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([400, 400, 200]);
    const rows = await read(path);
    expect(rows).toHaveLength(1000);
    expect(rows[999]!.key).toBe('k1001');
    expect(rows[0]!.bias).toBeUndefined();
    expect(Float32Array.from(rows.flatMap((x) => x.vector))).toEqual(table.data.subarray(2 * 16));
  });
});

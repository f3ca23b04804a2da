// The exchange files read back by hyparquet (an independent reader): what Spark gets and what it gives back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { readFactorTable } from './factors';
import { writeInteractions, writeSequences, writeSpec } from './stage';

const tmp = tempDir();
afterAll(tmp.cleanup);

async function rowsOf(path: string): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: await asyncBufferFromFile(path) });
}

describe('staging a dataset for Spark', () => {
  it('writes interactions with the vocabulary indices, ratings and split codes exactly as stored', async () => {
    const dir = join(tmp.dir, 'inter');
    mkdirSync(dir);
    const data = {
      users: Int32Array.from([2, 3, 2, 4]),
      items: Int32Array.from([5, 2, 1, 3]),
      ratings: Float32Array.from([4.5, 1, 3.25, 2]),
      splits: Uint8Array.from([0, 0, 2, 1]),
      numUsers: 5,
      numItems: 6,
    };
    const staged = await writeInteractions(dir, data);
    expect(staged.rows).toBe(4);
    expect(await rowsOf(staged.path)).toEqual([
      { user: 2, item: 5, rating: 4.5, split: 0 },
      { user: 3, item: 2, rating: 1, split: 0 },
      { user: 2, item: 1, rating: 3.25, split: 2 },
      { user: 4, item: 3, rating: 2, split: 1 },
    ]);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(staged.path));
    expect(meta.schema.slice(1).map((s) => [s.name, s.type, s.repetition_type])).toEqual([
      ['user', 'INT32', 'REQUIRED'],
      ['item', 'INT32', 'REQUIRED'],
      ['rating', 'FLOAT', 'REQUIRED'],
      ['split', 'INT32', 'REQUIRED'],
    ]);
  });

  it('writes sequences as LIST<INT32> with their split, empty ones included, across row groups', async () => {
    const dir = join(tmp.dir, 'seq');
    mkdirSync(dir);
    // 300 sequences of 50 tokens in row groups of at least 4000 tokens: 80 sequences per group.
    const count = 300;
    const offsets = Int32Array.from({ length: count + 2 }, (_, s) => Math.min(s, count) * 50);
    const tokens = Int32Array.from({ length: count * 50 }, (_, i) => 2 + (i % 97));
    const splits = Uint8Array.from({ length: count + 1 }, (_, s) => s % 3);
    const staged = await writeSequences(dir, { role: 'word', tokens, offsets, splits, rows: 99 }, 4000);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(staged.path));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([80, 80, 80, 61]);
    const rows = (await rowsOf(staged.path)) as { tokens: number[]; split: number }[];
    expect(rows).toHaveLength(count + 1);
    expect(rows[1]!.tokens).toEqual(Array.from(tokens.subarray(50, 100)));
    expect(rows[299]!.split).toBe(299 % 3);
    expect(rows[count]).toEqual({ tokens: [], split: count % 3 });
    expect(Int32Array.from(rows.flatMap((r) => r.tokens))).toEqual(tokens);
  });

  it('writes the spec as JSON', async () => {
    const dir = join(tmp.dir, 'spec');
    mkdirSync(dir);
    const spec = {
      format: 'ewb-spark/1' as const,
      job: 'als' as const,
      input: 'interactions.parquet',
      trainSplits: [0],
      params: { rank: 4, maxIter: 2, regParam: 0.1, implicitPrefs: false, seed: 1 },
    };
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(writeSpec(dir, spec), 'utf8'))).toEqual(spec);
  });
});

/** A part file shaped as Spark writes a factor table: id INT32, vector array<float> (nullable elements). */
function writePart(dir: string, name: string, ids: number[], vectors: number[][]): void {
  parquetWriteFile({
    filename: join(dir, name),
    columnData: [
      { name: 'id', data: Int32Array.from(ids) },
      { name: 'vector', data: vectors },
    ],
    schema: [
      { name: 'spark_schema', num_children: 2 },
      { name: 'id', type: 'INT32', repetition_type: 'OPTIONAL' },
      { name: 'vector', converted_type: 'LIST', repetition_type: 'OPTIONAL', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', type: 'FLOAT', repetition_type: 'OPTIONAL' },
    ],
  });
}

describe('reading a factor table back', () => {
  it('places each id’s vector at its row across part files; untrained rows stay zero', async () => {
    const dir = join(tmp.dir, 'out-ok');
    mkdirSync(dir);
    writePart(
      dir,
      'part-00000-x.snappy.parquet',
      [3, 5],
      [
        [1, 2],
        [3, 4.5],
      ],
    );
    writePart(dir, 'part-00001-x.snappy.parquet', [2], [[-1, 0.25]]);
    writeFileSync(join(dir, '_SUCCESS'), '');
    writeFileSync(join(dir, '.part-00000-x.snappy.parquet.crc'), 'crc');
    const t = await readFactorTable(dir, 6, 2);
    expect(t.filled).toBe(3);
    expect(Array.from(t.data)).toEqual([0, 0, 0, 0, -1, 0.25, 1, 2, 0, 0, 3, 4.5]);
  });

  it('refuses output that does not fit the vocabulary: ids outside it, wrong dim, an id twice', async () => {
    const bad = async (name: string, ids: number[], vectors: number[][]): Promise<string> => {
      const dir = join(tmp.dir, name);
      mkdirSync(dir);
      writePart(dir, 'part-0.parquet', ids, vectors);
      return readFactorTable(dir, 4, 2).then(
        () => 'read',
        (e: Error) => e.message,
      );
    };
    expect(await bad('out-range', [4], [[1, 2]])).toMatch(/id 4 is outside the vocabulary \(0…3\)/);
    expect(await bad('out-dim', [2], [[1, 2, 3]])).toMatch(/id 2 has 3 values, expected 2/);
    expect(
      await bad(
        'out-twice',
        [2, 2],
        [
          [1, 2],
          [1, 2],
        ],
      ),
    ).toMatch(/id 2 appears twice/);
  });

  it('says so when the job left no output or the folder cannot be read', async () => {
    const empty = join(tmp.dir, 'out-empty');
    mkdirSync(empty);
    writeFileSync(join(empty, '_SUCCESS'), '');
    await expect(readFactorTable(empty, 4, 2)).rejects.toThrow(/wrote no Parquet part files in .*out-empty/);
    await expect(readFactorTable(join(tmp.dir, 'absent'), 4, 2)).rejects.toThrow(/cannot read the Spark job's output/);
  });
});

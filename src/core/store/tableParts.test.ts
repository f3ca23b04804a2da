// Tables stored in parts (schema v13) read back bit for bit through loadTable, whatever their layout: a large
// table in parts of whole rows, a small one whole, one stored before v13; storing again replaces the parts, a
// packed run keeps its digest, and removing the run removes them.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TableTransfer, TrainConfig } from '../../shared';
import { resolveTrainRequest } from '../../shared';
import { tablesDigest } from '../project/packFile';
import { createRng } from '../random';
import { tempDir } from '../testing';
import { openDb } from './db';
import { completeRun, createRun, getRun, loadTable, saveCheckpoint } from './runs';
import { PART_BYTES } from './tableParts';

const tmp = tempDir();
afterAll(tmp.cleanup);
const db = openDb(join(tmp.dir, 'parts.db'));
afterAll(() => db.close());
const datasetId = Number(
  db
    .prepare(
      `INSERT INTO datasets (name, source_path, format, mapping_json, rows_read, rows_imported, rows_rejected,
       rating_min, rating_max) VALUES ('d', 'x.csv', 'csv', '{}', 0, 0, 0, 1, 5)`,
    )
    .run().lastInsertRowid,
);
const config = resolveTrainRequest({ dataset: 'd', model: 'mf' }, datasetId) as TrainConfig;

function table(name: string, rows: number, dim: number, seed: number): TableTransfer {
  const rng = createRng(seed);
  return {
    name,
    role: 'item',
    rows,
    dim,
    data: Float32Array.from({ length: rows * dim }, () => rng() - 0.5),
    bias: Float32Array.from({ length: rows }, () => rng()),
    counts: Int32Array.from({ length: rows }, (_, r) => r % 7),
  };
}
const bytes = (a: Float32Array | Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** Bit for bit (vitest's deep equality walks large typed arrays slowly). */
const same = (a: Float32Array | Int32Array | null | undefined, b: Float32Array | Int32Array | null | undefined) =>
  expect(a && b ? bytes(a).equals(bytes(b)) : a === b).toBe(true);
const partsOf = (runId: number, name: string): number =>
  (
    db.prepare('SELECT COUNT(*) AS n FROM run_table_parts WHERE run_id = ? AND name = ?').get(runId, name) as {
      n: number;
    }
  ).n;

describe('tables in parts', () => {
  // 1.5 parts' worth of rows of 100 floats, so that the last part is a short one.
  const rowsPerPart = Math.floor(PART_BYTES / 400);
  const big = table('items', Math.floor(rowsPerPart * 1.5), 100, 1);
  const small = table('users', 50, 100, 2);

  it('read back as stored: a large table in parts of whole rows, a small one whole', () => {
    const runId = createRun(db, datasetId, config);
    saveCheckpoint(db, runId, 1, [big, small]);
    expect(partsOf(runId, 'items')).toBe(2);
    expect(partsOf(runId, 'users')).toBe(0);
    for (const t of [big, small]) {
      const back = loadTable(db, runId, t.name);
      expect(back).toMatchObject({ name: t.name, role: t.role, rows: t.rows, dim: t.dim });
      same(back.data, t.data);
      same(back.bias, t.bias);
      same(back.counts, t.counts);
    }
    // The result replaces the checkpoint; a smaller table leaves no part of the larger one behind.
    const finished = { ...table('items', rowsPerPart - 1, 100, 3), name: 'items' };
    completeRun(db, runId, [finished], { type: 'result', runId } as never);
    expect(partsOf(runId, 'items')).toBe(0);
    same(loadTable(db, runId, 'items').data, finished.data);
    saveCheckpoint(db, runId, 2, [big]);
    same(loadTable(db, runId, 'items').data, big.data);
    expect(getRun(db, runId).tables.find((t) => t.name === 'items')!.rows).toBe(big.rows);
  });

  it('a table stored whole before v13 reads as before, and digests equal in either layout', () => {
    const inParts = createRun(db, datasetId, config);
    saveCheckpoint(db, inParts, 1, [big]);
    const whole = createRun(db, datasetId, config);
    db.prepare(
      'INSERT INTO run_tables (run_id, name, role, rows, dim, data, bias, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(whole, 'items', 'item', big.rows, big.dim, bytes(big.data), bytes(big.bias!), bytes(big.counts!));
    same(loadTable(db, whole, 'items').data, big.data);
    expect(tablesDigest(db, inParts).sha256).toBe(tablesDigest(db, whole).sha256);
  });

  it('go with their run', () => {
    const runId = createRun(db, datasetId, config);
    saveCheckpoint(db, runId, 1, [big]);
    db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
    expect(partsOf(runId, 'items')).toBe(0);
  });
});

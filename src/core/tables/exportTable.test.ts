import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing';
import { EXPORT_FORMATS } from '../../shared';
import { exportTable, isExportFormat } from './exportTable';
import { exportProjector } from './projector';
import { tinyTable } from './testTables';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

describe('exportTable', () => {
  it.each(EXPORT_FORMATS)('%s: writes its files into a new folder and leaves no .partial behind', async (format) => {
    const { table, vocab } = tinyTable();
    const out = join(tmp.dir, 'nested', format);
    const r = await exportTable(format, table, vocab, out, { includeSpecial: true });
    expect(r.rows).toBe(5);
    expect(r.dim).toBe(3);
    for (const f of r.files) expect(existsSync(f)).toBe(true);
    expect(readdirSync(out).some((f) => f.endsWith('.partial'))).toBe(false);
    expect(readdirSync(out).sort()).toEqual(r.files.map((f) => f.slice(out.length + 1)).sort());
  });

  it('knows its format names', () => {
    expect(isExportFormat('word2vec-binary')).toBe(true);
    expect(isExportFormat('hdf5')).toBe(false);
  });

  it('rejects a vocabulary index outside the table', async () => {
    const { table, vocab } = tinyTable();
    vocab.push({ idx: 9, key: 'ghost', count: 1, title: null, genres: [] });
    await expect(exportTable('csv', table, vocab, tmp.dir)).rejects.toThrow(
      /index 9 of key "ghost" is outside table "items"/,
    );
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});

describe('the Projector pair', () => {
  it('keeps its file names and metadata header; tabs in keys become spaces', async () => {
    const { table, vocab } = tinyTable();
    vocab[0]!.title = 'Film A';
    vocab[0]!.genres = ['Drama', 'War'];
    const r = await exportProjector(table, vocab, tmp.dir);
    expect(r).toEqual({
      type: 'result',
      files: [join(tmp.dir, 'items_vectors.tsv'), join(tmp.dir, 'items_metadata.tsv')],
      rows: 3,
      dim: 3,
      formulaCells: 0,
    });
    expect(readFileSync(r.files[0]!, 'utf8')).toBe(
      '0.1\t-2.5\t1e-8\n100\t0.33333334\t-0\n1.5\t2\t300000000000000000000\n',
    );
    expect(readFileSync(r.files[1]!, 'utf8')).toBe(
      'key\ttitle\tgenres\tcount\na\tFilm A\tDrama|War\t9\nnew york\t\t\t5\nx y\t\t\t2\n',
    );
  });

  it("adds the item metadata file's other columns after the known ones, empty where an item has none", async () => {
    const { table, vocab } = tinyTable();
    vocab[0]!.columns = { year: '1995', studio: 'Pixar' };
    vocab[2]!.columns = { studio: '=Aardman' };
    const r = await exportProjector(table, vocab, tmp.dir);
    expect(readFileSync(r.files[1]!, 'utf8')).toBe(
      "key\ttitle\tgenres\tcount\tyear\tstudio\na\t\t\t9\t1995\tPixar\nnew york\t\t\t5\t\t\nx y\t\t\t2\t\t'=Aardman\n",
    );
    expect(r.formulaCells).toBe(1);
  });

  it('through exportTable reports the keys it had to change', async () => {
    const { table, vocab } = tinyTable();
    const r = await exportTable('projector', table, vocab, tmp.dir);
    expect(r).toMatchObject({ keysReplaced: 1, keyCollisions: 0, biasWritten: false });
  });
});

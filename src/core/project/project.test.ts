// Managing a project through the services: rename, note and tag datasets and runs; the import report opened
// again; removing a run or a dataset takes what it says (rows, export folders in the project) and leaves what
// it says (exports saved elsewhere); a packed run comes back in another project bit for bit, and files that
// are not packed runs are refused in words.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings } from '../testing';

const tmp = tempDir();
let services: Services;
let datasetId: number;
let runA: number;
let runB: number;

/** Every table of a run as (name, role, rows, dim, data, bias) rows, BLOBs as they are stored. */
function storedTables(dbPath: string, runId: number) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT name, role, rows, dim, data, bias FROM run_tables WHERE run_id = ? ORDER BY name')
      .all(runId) as { name: string; data: Buffer; bias: Buffer | null }[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  const csv = join(tmp.dir, 'planted.csv');
  writePlantedRatings(csv, { users: 40, itemsPerCluster: 10 });
  services = headlessServices(join(tmp.dir, 'p.db'), () => undefined);
  datasetId = (await services.handlers['datasets:import']({ path: csv, name: 'planted' })).datasetId;
  runA = (await services.train({ dataset: 'planted', dim: 6, epochs: 3, threads: 1 }).settled).runId;
  runB = (await services.train({ dataset: 'planted', model: 'implicit', dim: 6, epochs: 2, threads: 1 }).settled).runId;
}, 120_000);
afterAll(() => {
  services?.close();
  tmp.cleanup();
});

describe('names, notes and tags', () => {
  it('renames and annotates a dataset; a taken name is refused', async () => {
    const d = await services.handlers['datasets:update']({
      datasetId,
      name: 'films',
      note: 'from the generator',
      addTags: ['demo', 'demo', ' v1 '],
    });
    expect(d).toMatchObject({ name: 'films', note: 'from the generator', tags: ['demo', 'v1'] });
    const e = await services.handlers['datasets:update']({ datasetId, removeTags: ['demo'], note: '' });
    expect(e.tags).toEqual(['v1']);
    expect(e.note).toBeUndefined();
    expect((await services.handlers['datasets:list']())[0]!.name).toBe('films');
    await expect(services.handlers['datasets:update']({ datasetId, addTags: [''] })).rejects.toThrow(
      /tag cannot be empty/,
    );
  });

  it('names, notes and tags a run; the run list shows them', async () => {
    const r = await services.handlers['runs:update']({
      runId: runA,
      name: 'baseline mf',
      note: 'dim 6',
      addTags: ['keep'],
    });
    expect(r).toMatchObject({ id: runA, name: 'baseline mf', note: 'dim 6', tags: ['keep'], dataset: 'films' });
    const listed = (await services.handlers['runs:list']()).find((x) => x.id === runA)!;
    expect(listed).toMatchObject({ name: 'baseline mf', tags: ['keep'] });
    await expect(services.handlers['runs:update']({ runId: 999 })).rejects.toThrow(/no run 999/);
  });

  it('opens the import report again, as the import reported it', async () => {
    const again = await services.handlers['datasets:report']({ datasetId });
    expect(again).toMatchObject({ dataset: 'films', rebuilt: false, rows: { rejected: 0 } });
    expect(again.report.users).toBe(40);
    expect(again.splits.train + again.splits.valid + again.splits.test).toBe(again.rows.imported);
  });
});

describe('pack and unpack', () => {
  let packed: string;
  it('packs a run into a file and unpacks it into an empty project bit for bit', async () => {
    packed = join(tmp.dir, 'run.ewb');
    const p = await services.handlers['runs:pack']({ runId: runA, out: packed });
    expect(p).toMatchObject({ runId: runA, out: packed, tables: 2, vocabularies: 2 });
    await expect(services.handlers['runs:pack']({ runId: runA, out: packed })).rejects.toThrow(/exists already/);

    const other = headlessServices(join(tmp.dir, 'colleague.db'), () => undefined);
    try {
      const u = await other.handlers['runs:unpack']({ path: packed });
      expect(u).toMatchObject({ dataset: 'films', createdDataset: true, tablesSha256: p.tablesSha256 });
      const original = storedTables(join(tmp.dir, 'p.db'), runA);
      const copy = storedTables(join(tmp.dir, 'colleague.db'), u.runId);
      expect(copy.map((t) => t.name)).toEqual(original.map((t) => t.name));
      copy.forEach((t, i) => {
        expect(t.data.equals(original[i]!.data)).toBe(true);
        expect(t.bias?.equals(original[i]!.bias!) ?? original[i]!.bias === null).toBe(true);
      });
      const [mine, theirs] = [
        await services.handlers['runs:get']({ runId: runA }),
        await other.handlers['runs:get']({ runId: u.runId }),
      ];
      expect(theirs.config).toEqual(mine.config);
      expect(theirs.epochs).toEqual(mine.epochs);
      expect(theirs.result).toEqual(mine.result);
      expect(theirs).toMatchObject({ name: 'baseline mf', note: 'dim 6', status: 'completed' });
      // The colleague explores it with the same answers, and sees a dataset without rows, saying why.
      const q = { runId: u.runId, table: 'items', key: 'a1', k: 5 };
      expect((await other.handlers['embeddings:neighbors'](q)).neighbors).toEqual(
        (await services.handlers['embeddings:neighbors']({ ...q, runId: runA })).neighbors,
      );
      const d = (await other.handlers['datasets:list']())[0]!;
      expect(d).toMatchObject({ name: 'films', rows: 0, mapping: { user: 'user_id', item: 'item_id' } });
      expect(d.note).toMatch(/without its rows/);
      // Unpacked twice: the second joins the dataset the first created (same vocabularies).
      const again = await other.handlers['runs:unpack']({ path: packed });
      expect(again).toMatchObject({ datasetId: u.datasetId, createdDataset: false });
    } finally {
      other.close();
    }
  });

  it('joins a dataset of the same name and vocabularies, and renames one whose vocabularies differ', async () => {
    const joined = await services.handlers['runs:unpack']({ path: packed });
    expect(joined).toMatchObject({ datasetId, createdDataset: false, dataset: 'films' });
    const csv = join(tmp.dir, 'other.csv');
    writePlantedRatings(csv, { users: 10, itemsPerCluster: 4, seed: 3 });
    const third = headlessServices(join(tmp.dir, 'third.db'), () => undefined);
    try {
      await third.handlers['datasets:import']({ path: csv, name: 'films' });
      const u = await third.handlers['runs:unpack']({ path: packed });
      expect(u).toMatchObject({ dataset: 'films (2)', createdDataset: true });
      expect(u.notes[0]).toMatch(/other vocabularies/);
    } finally {
      third.close();
    }
  });

  it('refuses files that are not packed runs, saying what they are', async () => {
    const unpack = (path: string) => services.handlers['runs:unpack']({ path });
    const csv = join(tmp.dir, 'planted.csv');
    await expect(unpack(csv)).rejects.toThrow(/not a run packed by Embedding Workbench/);
    await expect(unpack(join(tmp.dir, 'p.db'))).rejects.toThrow(/not a packed run.*--db/);
    await expect(unpack(join(tmp.dir, 'missing.ewb'))).rejects.toThrow(/no such file/);
    // Damaged: a page in the middle overwritten.
    const damaged = join(tmp.dir, 'damaged.ewb');
    const bytes = readFileSync(packed);
    bytes.fill(0x5a, 4096 + 100, 4096 * 2);
    writeFileSync(damaged, bytes);
    await expect(unpack(damaged)).rejects.toMatchObject({ code: 'FileUnreadable' });
    // From a newer version of the app.
    const newer = join(tmp.dir, 'newer.ewb');
    copyFileSync(packed, newer);
    const db = new Database(newer);
    db.pragma('user_version = 999');
    db.close();
    await expect(unpack(newer)).rejects.toThrow(/newer Embedding Workbench.*update/);
    // With a trigger in it.
    const rigged = join(tmp.dir, 'rigged.ewb');
    copyFileSync(packed, rigged);
    const r = new Database(rigged);
    r.exec('CREATE TRIGGER t AFTER INSERT ON runs BEGIN SELECT 1; END');
    r.close();
    await expect(unpack(rigged)).rejects.toThrow(/trigger "t".*refused/);
  });
});

describe('removing', () => {
  it('says what removing a run takes along, then removes exactly that', async () => {
    const exported = await services.handlers['embeddings:export']({ runId: runB, table: 'items', format: 'csv' });
    const inProject = join(exported.files[0]!, '..');
    const elsewhere = join(tmp.dir, 'my-exports');
    mkdirSync(elsewhere);
    await services.handlers['embeddings:export']({ runId: runB, table: 'items', format: 'json', outDir: elsewhere });
    const plan = await services.handlers['project:remove']({ runId: runB, dryRun: true });
    expect(plan).toMatchObject({ removed: false, dataset: null, exports: [inProject], keptExports: [elsewhere] });
    expect(plan.runs).toEqual([{ id: runB, name: null, model: 'implicit', status: 'completed' }]);
    expect(plan.summary).toMatch(/^run \d+, 1 export in the project; 1 export saved elsewhere stays where it is$/);
    expect(existsSync(inProject)).toBe(true);
    const done = await services.handlers['project:remove']({ runId: runB });
    expect(done.removed).toBe(true);
    expect(existsSync(inProject)).toBe(false);
    expect(existsSync(join(elsewhere, 'items.json'))).toBe(true);
    await expect(services.handlers['runs:get']({ runId: runB })).rejects.toThrow(/no run/);
  });

  it('removes a dataset with every run of it; a table cached under a removed id does not answer later', async () => {
    await services.handlers['embeddings:neighbors']({ runId: runA, table: 'items', key: 'a1' }); // cached now
    const plan = await services.handlers['project:remove']({ datasetId, dryRun: true });
    expect(plan.runs.map((r) => r.id).sort()).toEqual((await services.handlers['runs:list']()).map((r) => r.id).sort());
    expect(plan.summary).toMatch(/^dataset "films" with its vocabularies and data, \d runs/);
    await services.handlers['project:remove']({ datasetId });
    expect(await services.handlers['datasets:list']()).toEqual([]);
    expect(await services.handlers['runs:list']()).toEqual([]);
    await expect(services.handlers['embeddings:neighbors']({ runId: runA, table: 'items', key: 'a1' })).rejects.toThrow(
      /no run/,
    );
    await expect(services.handlers['project:remove']({ datasetId })).rejects.toThrow(/no dataset/);
    await expect(services.handlers['project:remove']({})).rejects.toThrow(/either a dataset/);
  });
});

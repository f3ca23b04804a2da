// Importing word2vec/GloVe files as tables, through the real services: our own exports and gensim's files come
// back with identical keys and vectors, explore like any run's table, report coverage of a dataset's
// vocabularies, and bad files fail naming the file and the line with nothing written.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress, VectorFileFormat } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { loadVocabulary } from '../store/datasets';
import { loadTable } from '../store/runs';
import { tempDir, writePlantedRatings } from '../testing';

const PYTHON = '/usr/bin/python3';
const tmp = tempDir();
const progress: ImportProgress[] = [];
let services: Services;
let sourceRun = 0;

const sameBytes = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const file = (name: string, content: string | Buffer): string => {
  const p = join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'vectors.db'), (event, payload) => {
    if (event === 'imports:progress') progress.push(payload as ImportProgress);
  });
  const ratings = join(tmp.dir, 'ratings.csv');
  writePlantedRatings(ratings);
  await services.handlers['datasets:import']({ path: ratings, name: 'ratings' });
  sourceRun = (await services.train({ dataset: 'ratings', model: 'mf', dim: 8, epochs: 5, threads: 1 }).settled).runId;
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('round trip: export → tables:import gives the same keys and vectors', () => {
  it.each<[VectorFileFormat, string]>([
    ['word2vec', 'items.word2vec.txt'],
    ['word2vec-binary', 'items.word2vec.bin'],
    ['glove', 'items.glove.txt'],
  ])('%s', async (format, name) => {
    const outDir = join(tmp.dir, `export-${format}`);
    await services.handlers['embeddings:export']({ runId: sourceRun, table: 'items', format, outDir });
    progress.length = 0;
    const r = await services.handlers['tables:import']({
      path: join(outDir, name),
      name: `items-${format}`,
      dataset: 'ratings',
      importId: `test-${format}`,
    });
    const source = loadTable(services.db, sourceRun, 'items');
    expect(r).toMatchObject({ type: 'result', format, keys: 40, dim: 8, fileRows: 40, duplicateKeys: 0 });
    // Same keys in the same order, and the same float32 bits in every row (PAD and OOV zero in both).
    const ratingsId = (await services.handlers['datasets:list']()).find((d) => d.name === 'ratings')!.id;
    expect(loadVocabulary(services.db, r.datasetId, 'key').map((v) => [v.idx, v.key])).toEqual(
      loadVocabulary(services.db, ratingsId, 'item').map((v) => [v.idx, v.key]),
    );
    const imported = loadTable(services.db, r.runId, r.table);
    expect(imported).toMatchObject({ rows: 42, dim: 8, role: 'key', bias: null });
    expect(sameBytes(imported.data, source.data)).toBe(true);
    // Coverage of the dataset the vectors came from: every item key, no user key.
    const byRole = Object.fromEntries(r.coverage!.vocabularies.map((v) => [v.role, v]));
    expect(byRole.item).toMatchObject({ table: 'items', keys: 40, found: 40, coverage: 1 });
    expect(byRole.user).toMatchObject({ table: 'users', keys: 120, found: 0, coverage: 0 });
    // Progress: reading up to the whole file, then writing, all under this import's id.
    expect(progress.every((p) => p.importId === `test-${format}`)).toBe(true);
    expect(progress.some((p) => p.stage === 'reading' && p.bytes === p.totalBytes && p.totalBytes > 0)).toBe(true);
    expect(progress.at(-1)!.stage).toBe('writing');
  });

  it('the imported table explores like the run it came from', async () => {
    const runs = await services.handlers['runs:list']();
    const imported = runs.find((r) => r.dataset === 'items-glove')!;
    expect(imported).toMatchObject({ model: 'imported', status: 'completed', config: { dim: 8, epochs: 0 } });
    const listed = (await services.handlers['datasets:list']()).find((d) => d.name === 'items-glove');
    expect(listed).toMatchObject({ kind: 'vectors', rows: 0, sequences: 0, users: 0, items: 0 });
    const detail = await services.handlers['runs:get']({ runId: imported.id });
    expect(detail.tables).toEqual([{ name: 'vectors', rows: 42, dim: 8 }]);
    for (const key of ['a1', 'b7']) {
      const a = await services.handlers['embeddings:neighbors']({ runId: sourceRun, table: 'items', key, k: 5 });
      const b = await services.handlers['embeddings:neighbors']({ runId: imported.id, table: 'vectors', key, k: 5 });
      expect(b.neighbors.map((n) => n.key)).toEqual(a.neighbors.map((n) => n.key));
    }
    const keys = await services.handlers['embeddings:keys']({ runId: imported.id, table: 'vectors', query: 'a1' });
    expect(keys.map((k) => k.key)).toContain('a1');
  });
});

describe('files gensim writes', () => {
  it('word2vec text and binary from KeyedVectors.save_word2vec_format read back exactly', async () => {
    const script = `
import sys, numpy as np
from gensim.models import KeyedVectors
kv = KeyedVectors(vector_size=5)
keys = ['king', 'queen', 'naïve', '東京', 'x%d' % 7]
rng = np.random.default_rng(3)
kv.add_vectors(keys, rng.standard_normal((5, 5)).astype(np.float32))
kv.save_word2vec_format(sys.argv[1], binary=False)
kv.save_word2vec_format(sys.argv[2], binary=True)
np.asarray(kv.vectors, dtype='<f4').tofile(sys.argv[3])
`;
    const [txt, bin, raw] = ['gensim.txt', 'gensim.bin', 'gensim.f32'].map((n) => join(tmp.dir, n));
    const r = spawnSync(PYTHON, ['-c', script, txt!, bin!, raw!], { encoding: 'utf8' });
    if (r.error || r.status !== 0)
      throw new Error(`${PYTHON} with gensim failed (apt-get install -y python3-gensim): ${r.stderr ?? r.error}`);
    const { readFileSync } = await import('node:fs');
    const expected = new Float32Array(new Uint8Array(readFileSync(raw!)).buffer);
    for (const [path, format] of [
      [txt!, 'word2vec'],
      [bin!, 'word2vec-binary'],
    ] as const) {
      const res = await services.handlers['tables:import']({ path, name: `gensim-${format}` });
      expect(res).toMatchObject({ format, keys: 5, dim: 5 });
      expect(loadVocabulary(services.db, res.datasetId, 'key').map((v) => v.key)).toEqual([
        'king',
        'queen',
        'naïve',
        '東京',
        'x7',
      ]);
      const t = loadTable(services.db, res.runId, 'vectors');
      // gensim's text writer prints floats with enough digits to round-trip float32.
      expect(sameBytes(t.data.subarray(10), expected)).toBe(true);
    }
  });
});

describe('duplicates, names and bad files', () => {
  it('keeps the first of duplicate keys and reports them with their rows', async () => {
    const path = file('dups.glove.txt', 'a 1 2\nb 3 4\na 5 6\nc 7 8\nb 9 10\n');
    const r = await services.handlers['tables:import']({ path, name: 'dups' });
    expect(r).toMatchObject({ format: 'glove', keys: 3, fileRows: 5, duplicateKeys: 2 });
    expect(r.duplicates).toEqual([
      { key: 'a', row: 3 },
      { key: 'b', row: 5 },
    ]);
    expect(Array.from(loadTable(services.db, r.runId, 'vectors').data)).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 7, 8]);
  });

  it('refuses a name in use, an unknown coverage dataset and a bad format before reading', async () => {
    const path = file('ok.txt', 'a 1 2\n');
    await expect(services.handlers['tables:import']({ path, name: 'dups' })).rejects.toMatchObject({
      code: 'DatasetExists',
    });
    await expect(services.handlers['tables:import']({ path, dataset: 'nope' })).rejects.toMatchObject({
      code: 'NotFound',
    });
    await expect(
      services.handlers['tables:import']({ path, format: 'fasttext' as VectorFileFormat }),
    ).rejects.toMatchObject({ code: 'BadRequest' });
  });

  it.each([
    [
      'ragged.txt',
      '2 3\nx 1 2 3\ny 1 2\n',
      'auto',
      /ragged\.txt, line 3: ragged row: key "y" has 2 values, expected 3/,
    ],
    ['badfloat.txt', 'x 1 2\ny 1 zwei\n', 'auto', /badfloat\.txt, line 2: value 2 of key "y" is not a number: "zwei"/],
    ['noheader.txt', 'x 1 2\ny 3 4\n', 'word2vec', /noheader\.txt, line 1: expected a word2vec header "rows dim"/],
    [
      'short.txt',
      '3 2\nx 1 2\ny 3 4\n',
      'auto',
      /short\.txt, line 3: the header says 3 rows but the file ends after 2/,
    ],
  ])('%s fails naming the line, and writes nothing', async (name, content, format, message) => {
    const before = (await services.handlers['runs:list']()).length;
    const path = file(name, content);
    const err = await services.handlers['tables:import']({ path, format: format as 'auto' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DatasetInvalid' });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toContain(path);
    expect((await services.handlers['runs:list']()).length).toBe(before);
    expect((await services.handlers['datasets:list']()).map((d) => d.name)).not.toContain(name.replace('.txt', ''));
  });

  it('datasets:cancelImport stops it with Cancelled, and nothing is written', async () => {
    const before = (await services.handlers['runs:list']()).length;
    const path = file('cancel.txt', Array.from({ length: 500 }, (_, i) => `k${i} 1 2 3`).join('\n'));
    const running = services.handlers['tables:import']({ path, importId: 'to-cancel' });
    expect(await services.handlers['datasets:cancelImport']({ importId: 'to-cancel' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'Cancelled' });
    expect((await services.handlers['runs:list']()).length).toBe(before);
  });

  it('a missing file is FileUnreadable', async () => {
    await expect(services.handlers['tables:import']({ path: join(tmp.dir, 'missing.vec') })).rejects.toMatchObject({
      code: 'FileUnreadable',
    });
  });

  it('an imported table is not a dataset to train on', async () => {
    expect(() => services.train({ dataset: 'dups', model: 'mf' })).toThrow(/imported vectors/);
  });
});

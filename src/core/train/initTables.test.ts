// Pre-trained initialisation through the real services and training process: keys matched through the
// vocabulary, coverage in the result, frozen tables bit-identical after training (mf, implicit, sgns on the
// SIMD and the scalar kernel), clear refusals before a run starts, and a head start that shows in quality.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainRequest } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { loadVocabulary } from '../store/datasets';
import { loadTable } from '../store/runs';
import { generateTextTask, writeTextTaskCsv } from '../tasks/textTask';
import { tempDir, writePlantedRatings, writePlantedSessions } from '../testing';
import { buildInitialTable } from './initTables';
import { applyInitialRows, completeInitialTable } from './initialRows';
import { sequenceColumns, sequenceData, trainOn } from './testTraining';

const tmp = tempDir();
let services: Services;
const ids: Record<string, number> = {};

const sameBytes = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const train = (req: TrainRequest) => services.train({ threads: 1, seed: 7, ...req }).settled;
const table = (runId: number, name: string) => loadTable(services.db, runId, name);

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'init.db'), () => undefined);
  const ratings = join(tmp.dir, 'ratings.csv');
  writePlantedRatings(ratings, { users: 160, seed: 7 });
  ids.ratings = (await services.handlers['datasets:import']({ path: ratings, name: 'ratings' })).datasetId;
  // The same users and items, other draws: a second task whose items behave as in the first.
  const other = join(tmp.dir, 'ratings2.csv');
  writePlantedRatings(other, { users: 160, seed: 99 });
  ids.ratings2 = (await services.handlers['datasets:import']({ path: other, name: 'ratings2' })).datasetId;
  const sessions = join(tmp.dir, 'sessions.csv');
  writePlantedSessions(sessions);
  await services.handlers['datasets:import']({
    path: sessions,
    name: 'sessions',
    mapping: { session: 'session', user: 'user', item: 'item', timestamp: 'ts' },
  });
  ids.mf = (await train({ dataset: 'ratings', model: 'mf', dim: 8, epochs: 25, lr: 0.02 })).runId;
  ids.sgns = (await train({ dataset: 'sessions', model: 'sgns', dim: 16, epochs: 3, window: 3, sample: 0 })).runId;
  const reviews = join(tmp.dir, 'reviews.csv');
  writeTextTaskCsv(reviews, generateTextTask({ kind: 'planted', documents: 400, seed: 3 }));
  await services.handlers['datasets:import']({
    path: reviews,
    name: 'reviews',
    mapping: { text: 'text', label: 'label' },
  });
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('matching keys through the vocabulary', () => {
  it('a table of an earlier run on the same dataset covers every row and equals the source there', () => {
    for (const [name, role] of [
      ['users', 'user'],
      ['items', 'item'],
    ] as const) {
      const source = table(ids.mf!, name);
      const init = buildInitialTable(services.db, ids.ratings!, role, source.rows, {
        runId: ids.mf!,
        table: name,
        trainable: true,
      });
      expect(init.coverage).toMatchObject({ matched: source.rows - 2, rows: source.rows - 2, coverage: 1 });
      expect(sameBytes(init.data, source.data)).toBe(true);
      expect(Array.from(init.found.subarray(0, 2))).toEqual([0, 0]);
    }
  });

  it('matches by key, not by index: another vocabulary order still gets each key its own vector', () => {
    // ratings2 has the same keys in another frequency order, so indices differ while keys agree.
    const source = table(ids.mf!, 'items');
    const srcVocab = loadVocabulary(services.db, ids.ratings!, 'item');
    const dstVocab = loadVocabulary(services.db, ids.ratings2!, 'item');
    expect(dstVocab.map((v) => v.key)).not.toEqual(srcVocab.map((v) => v.key));
    const rows = dstVocab.length + 2;
    const init = buildInitialTable(services.db, ids.ratings2!, 'item', rows, {
      runId: ids.mf!,
      table: 'items',
      trainable: true,
    });
    expect(init.coverage.coverage).toBe(1);
    const srcRow = new Map(srcVocab.map((v) => [v.key, v.idx]));
    for (const v of dstVocab) {
      const s = srcRow.get(v.key)!;
      expect(Array.from(init.data.subarray(v.idx * 8, v.idx * 8 + 8))).toEqual(
        Array.from(source.data.subarray(s * 8, s * 8 + 8)),
      );
    }
  });

  it('unmatched rows keep the initializer; a whole initial table draws them from it', () => {
    const init = { data: new Float32Array(5 * 2).fill(9), found: Uint8Array.from([0, 0, 1, 0, 1]), trainable: true };
    const t = new Float32Array(10).fill(0.5);
    applyInitialRows(t, 2, init);
    expect(Array.from(t)).toEqual([0.5, 0.5, 0.5, 0.5, 9, 9, 0.5, 0.5, 9, 9]);
    const full = completeInitialTable(init, 5, 2, { normal: 0.1 }, 1);
    expect(Array.from(full.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(Array.from(full.subarray(4, 6))).toEqual([9, 9]);
    expect(full[6]).not.toBe(0);
    expect(Math.abs(full[6]!)).toBeLessThan(1);
  });
});

describe('frozen tables stay bit-identical; the result reports coverage', () => {
  it('mf: users and items from an earlier run, frozen', async () => {
    const r = await train({
      dataset: 'ratings',
      model: 'mf',
      epochs: 3,
      init: {
        users: { runId: ids.mf!, trainable: false },
        items: { runId: ids.mf!, table: 'items', trainable: false },
      },
    });
    expect(r.init).toEqual({
      users: {
        runId: ids.mf,
        table: 'users',
        matched: 160,
        matchedByRule: 0,
        rows: 160,
        coverage: 1,
        trainable: false,
      },
      items: { runId: ids.mf, table: 'items', matched: 40, matchedByRule: 0, rows: 40, coverage: 1, trainable: false },
    });
    const detail = await services.handlers['runs:get']({ runId: r.runId });
    expect(detail.config).toMatchObject({
      dim: 8,
      init: { users: { runId: ids.mf, table: 'users', trainable: false } },
    });
    expect(sameBytes(table(r.runId, 'users').data, table(ids.mf!, 'users').data)).toBe(true);
    expect(sameBytes(table(r.runId, 'items').data, table(ids.mf!, 'items').data)).toBe(true);
    // The biases are not part of the frozen tables: they trained.
    expect(sameBytes(table(r.runId, 'items').bias!, table(ids.mf!, 'items').bias!)).toBe(false);
  });

  it('mf with Hogwild threads: the frozen table still never changes, the other one trains', async () => {
    const r = await train({
      dataset: 'ratings',
      model: 'mf',
      epochs: 2,
      threads: 2,
      init: { items: { runId: ids.mf!, trainable: false } },
    });
    expect(r.init!.items!.coverage).toBe(1);
    expect(sameBytes(table(r.runId, 'items').data, table(ids.mf!, 'items').data)).toBe(true);
    expect(sameBytes(table(r.runId, 'users').data, table(ids.mf!, 'users').data)).toBe(false);
  });

  it('implicit: a frozen items table from the mf run', async () => {
    const r = await train({
      dataset: 'ratings',
      model: 'implicit',
      epochs: 2,
      threshold: 4,
      init: { items: { runId: ids.mf!, trainable: false } },
    });
    expect(sameBytes(table(r.runId, 'items').data, table(ids.mf!, 'items').data)).toBe(true);
  });

  it('sgns (SIMD kernel): frozen input table, trained context table', async () => {
    const r = await train({
      dataset: 'sessions',
      model: 'sgns',
      epochs: 2,
      window: 3,
      sample: 0,
      init: { items: { runId: ids.sgns!, trainable: false } },
    });
    expect(r.init!.items).toMatchObject({ coverage: 1, trainable: false });
    expect(sameBytes(table(r.runId, 'items').data, table(ids.sgns!, 'items').data)).toBe(true);
    expect(sameBytes(table(r.runId, 'items.context').data, table(ids.sgns!, 'items.context').data)).toBe(false);
  });

  it('cbow with two threads: a frozen context table, a fine-tuned input table', async () => {
    const r = await train({
      dataset: 'sessions',
      model: 'cbow',
      epochs: 2,
      threads: 2,
      window: 3,
      sample: 0,
      init: {
        items: { runId: ids.sgns!, trainable: true },
        'items.context': { runId: ids.sgns!, trainable: false },
      },
    });
    expect(r.init!['items.context']).toMatchObject({ table: 'items.context', coverage: 1, trainable: false });
    expect(sameBytes(table(r.runId, 'items.context').data, table(ids.sgns!, 'items.context').data)).toBe(true);
    expect(sameBytes(table(r.runId, 'items').data, table(ids.sgns!, 'items').data)).toBe(false);
  });

  it('the tfjs engine takes the same init: coverage in the result, a frozen table bit-identical', async () => {
    const r = await train({
      dataset: 'ratings',
      model: 'mf',
      engine: 'tfjs',
      epochs: 1,
      init: { items: { runId: ids.mf!, trainable: false }, users: { runId: ids.mf! } },
    });
    expect(r.engine).toBe('tfjs');
    expect(r.init).toMatchObject({ items: { coverage: 1, trainable: false }, users: { coverage: 1, trainable: true } });
    expect(sameBytes(table(r.runId, 'items').data, table(ids.mf!, 'items').data)).toBe(true);
    expect(sameBytes(table(r.runId, 'users').data, table(ids.mf!, 'users').data)).toBe(false);
  });

  it('the classifier starts its embedding from word vectors of the same texts; frozen, it keeps them', async () => {
    const words = (await train({ dataset: 'reviews', model: 'sgns', dim: 8, epochs: 1, sample: 0 })).runId;
    const r = await train({
      dataset: 'reviews',
      model: 'classifier',
      epochs: 2,
      maxLen: 30,
      init: { words: { runId: words, trainable: false } },
    });
    expect(r.init!.words).toMatchObject({ coverage: 1, trainable: false });
    // PAD and OOV start at zero in the classifier (the mask ignores PAD); every real row is the source's.
    const rows = (t: Float32Array) => t.subarray(2 * 8);
    expect(sameBytes(rows(table(r.runId, 'words').data), rows(table(words, 'words').data))).toBe(true);
  });

  it('the scalar word2vec kernel honours the freeze flags too', async () => {
    const rows = 12;
    const dim = 6;
    const input = {
      data: new Float32Array(rows * dim).map((_, i) => (i % 7) / 10),
      found: new Uint8Array(rows).fill(1),
      trainable: false,
    };
    input.found[0] = 0;
    input.found[1] = 0;
    const tokens = Int32Array.from({ length: 4000 }, (_, i) => 2 + ((i * 7) % (rows - 2)));
    const data = sequenceData(sequenceColumns(tokens, Int32Array.from([0, 2000, 4000]), rows));
    for (const model of ['sgns', 'cbow'] as const) {
      const config = { model, dim, window: 2, negative: 3, sample: 0, lr: 0.05, epochs: 2, seed: 3 } as const;
      const out = await trainOn(config, data, { kernel: 'scalar', initial: { words: input } });
      const expected = new Float32Array(rows * dim);
      applyInitialRows(expected, dim, input);
      expect(sameBytes(out.tables[0]!.data.subarray(2 * dim), expected.subarray(2 * dim))).toBe(true);
      expect(out.tables[1]!.data.some((x) => x !== 0)).toBe(true);
    }
  });
});

describe('refused before a run starts', () => {
  it('a dimension mismatch, an unknown table, a missing run', async () => {
    const before = (await services.handlers['runs:list']()).length;
    expect(() =>
      services.train({ dataset: 'ratings', model: 'mf', dim: 16, init: { items: { runId: ids.mf! } } }),
    ).toThrow(/init\.items: run \d+ table items has dim 8 but this run has dim 16; train with --dim 8/);
    expect(() => services.train({ dataset: 'ratings', model: 'mf', init: { words: { runId: ids.mf! } } })).toThrow(
      /mf has no table "words" to initialise; its tables are users, items/,
    );
    expect(() => services.train({ dataset: 'ratings', model: 'mf', init: { items: { runId: 999 } } })).toThrow(
      /no run 999/,
    );
    expect(() =>
      services.train({ dataset: 'ratings', model: 'mf', init: { items: { runId: ids.mf!, table: 'nope' } } }),
    ).toThrow(/has no table "nope"/);
    expect((await services.handlers['runs:list']()).length).toBe(before);
  });

  it('without --dim the run takes the source’s dim', async () => {
    const r = await train({ dataset: 'ratings', model: 'mf', epochs: 1, init: { items: { runId: ids.mf! } } });
    expect((await services.handlers['runs:get']({ runId: r.runId })).config.dim).toBe(8);
  });
});

describe('a head start', () => {
  it('items fine-tuned from good vectors reach a better test RMSE in 2 epochs than a random start', async () => {
    // Good item vectors come from ratings (25 epochs); the task is ratings2, where the same items behave the
    // same way. Users start random in both runs; only the items' start differs.
    const common: TrainRequest = { dataset: 'ratings2', model: 'mf', dim: 8, epochs: 2, lr: 0.02 };
    const warm = await train({ ...common, init: { items: { runId: ids.mf! } } });
    const cold = await train(common);
    expect(warm.init!.items!.coverage).toBe(1);
    expect(warm.metrics.test.rmse!).toBeLessThan(0.9 * cold.metrics.test.rmse!);
  });
});

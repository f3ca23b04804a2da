// The tabular model end to end on a generated table imported through the real importer: it recovers a planted
// rule (an interaction of shop and weekday) far above the majority class, learns a shop table in which shops of
// one hidden kind sit together, regresses a numeric target below the mean baseline, follows the dimension rule
// (with per-column overrides), shares a table between grouped columns, and sends values unseen in training to OOV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllOptions } from '../../shared';
import { importDataset } from '../ingest/importDataset';
import { importFixture } from '../ingest/testFiles';
import { loadTabular, type TabularColumns } from '../store/tabular';
import { generateTabularTask, shopKind, writeTabularTaskCsv } from '../tasks/tabularTask';
import { prepareTabular, ruleOfThumbDim } from '../train/tabularData';
import { tabularData, trainOn } from '../train/testTraining';
import { resolveTrainRequest } from '../../shared';
import { loadTfjs, type TfjsRuntime } from './backend';

const fx = importFixture();
afterAll(fx.cleanup);
let rt: TfjsRuntime;
let table: TabularColumns;
let keysOfShop: string[];

async function importTask(target: 'buy' | 'spend', category: string[] = ['shop', 'weekday', 'colour']) {
  const path = fx.file(`shops-${target}.csv`, '');
  writeTabularTaskCsv(path, generateTabularTask({ rows: 6000, seed: 3 }));
  const db = fx.db();
  const r = await importDataset(db, { path, mapping: { category, numeric: 'price', target } });
  const t = loadTabular(db, r.datasetId);
  const vocab = db
    .prepare(`SELECT key FROM vocab WHERE dataset_id = ? AND role = 'category:shop' ORDER BY idx`)
    .all(r.datasetId) as { key: string }[];
  db.close();
  return { t, shops: vocab.map((v) => v.key) };
}

beforeAll(async () => {
  rt = await loadTfjs({ only: 'cpu' });
  ({ t: table, shops: keysOfShop } = await importTask('buy'));
});

const options = (over: Partial<AllOptions> = {}): Partial<AllOptions> & { model: 'tabular' } => ({
  model: 'tabular',
  epochs: 12,
  lr: 0.01,
  hidden: [32],
  dropout: 0,
  batchSize: 64,
  patience: 0,
  ...over,
});

/** Cosine similarity of rows a and b of a rows × dim table. */
function cosine(data: Float32Array, dim: number, a: number, b: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let d = 0; d < dim; d++) {
    const x = data[a * dim + d]!;
    const y = data[b * dim + d]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('the tabular model', () => {
  it('recovers a planted shop × weekday rule far above the majority class, with a shop table that groups the kinds', async () => {
    const out = await trainOn(options(), tabularData(table), { runtime: rt });
    const test = out.outcome.metrics.test;
    const majority = out.outcome.baselines.majority!.test;
    expect(majority.accuracy).toBeLessThan(0.75);
    expect(test.accuracy).toBeGreaterThan(0.9);
    expect(test.auc).toBeGreaterThan(0.95);
    expect(out.epochs).toHaveLength(12);
    expect(out.tables.map((t) => [t.name, t.role, t.dim])).toEqual([
      ['shop', 'category:shop', 15],
      ['weekday', 'category:weekday', 4],
      ['colour', 'category:colour', 3],
    ]);
    // Each shop's nearest other shop is of the same hidden kind.
    const shop = out.tables[0]!;
    let same = 0;
    for (let a = 2; a < shop.rows; a++) {
      let best = -1;
      let bestSim = -Infinity;
      for (let b = 2; b < shop.rows; b++) {
        const sim = b === a ? -Infinity : cosine(shop.data, shop.dim, a, b);
        if (sim > bestSim) [best, bestSim] = [b, sim];
      }
      if (shopKind(keysOfShop[a - 2]!) === shopKind(keysOfShop[best - 2]!)) same++;
    }
    expect(same / (shop.rows - 2)).toBeGreaterThan(0.9);
  });

  it('regresses a numeric target (objective auto → mse) well below the training-mean baseline', async () => {
    const { t } = await importTask('spend');
    const out = await trainOn(options({ epochs: 8 }), tabularData(t), { runtime: rt });
    const rmse = out.outcome.metrics.test.rmse!;
    expect(rmse).toBeLessThan(0.5 * out.outcome.baselines.mean!.test.rmse!);
    expect(out.outcome.metrics.test.mae).toBeLessThan(rmse);
  });

  it('sizes tables by min(dim, ⌈values/2⌉) unless a column is given its own dim', () => {
    expect([1, 2, 3, 7, 100, 101, 5000].map((v) => ruleOfThumbDim(v, 50))).toEqual([1, 1, 2, 4, 50, 50, 50]);
    const config = resolveTrainRequest({ dataset: 'x', model: 'tabular', dim: 10, columnDims: { colour: 6 } }, 1);
    if (config.model !== 'tabular') throw new Error('tabular');
    const p = prepareTabular(table, config, {});
    expect(p.tables.map((t) => [t.name, t.dim])).toEqual([
      ['shop', 10],
      ['weekday', 4],
      ['colour', 6],
    ]);
    const wrong = resolveTrainRequest({ dataset: 'x', model: 'tabular', columnDims: { color: 6 } }, 1);
    expect(() => prepareTabular(table, wrong as never, {})).toThrow(/columnDims names color, not a category column/);
  });

  it('shares one table between grouped columns and keeps separate ones apart', async () => {
    const path = fx.file('pairs.csv', '');
    const rows = generateTabularTask({ rows: 400, seed: 9 });
    writeTabularTaskCsv(path, rows);
    const db = fx.db();
    const grouped = await importDataset(db, { path, name: 'g', mapping: { category: 'shop+weekday', target: 'buy' } });
    const separate = await importDataset(db, {
      path,
      name: 's',
      mapping: { category: ['shop', 'weekday'], target: 'buy' },
    });
    const config = resolveTrainRequest({ dataset: 'x', model: 'tabular' }, 1) as never;
    const groupedTable = loadTabular(db, grouped.datasetId);
    const g = prepareTabular(groupedTable, config, {});
    const s = prepareTabular(loadTabular(db, separate.datasetId), config, {});
    db.close();
    expect(g.tables.map((t) => [t.name, t.rows])).toEqual([['shop+weekday', 2 + 30 + 7]]);
    expect(g.inputs.map((i) => [i.column, i.table])).toEqual([
      ['shop', 0],
      ['weekday', 0],
    ]);
    expect(s.tables.map((t) => [t.name, t.rows])).toEqual([
      ['shop', 32],
      ['weekday', 9],
    ]);
    const out = await trainOn(options({ epochs: 1 }), tabularData(groupedTable), { runtime: rt });
    expect(out.tables.map((t) => [t.name, t.role, t.rows])).toEqual([['shop+weekday', 'category:shop+weekday', 39]]);
  });

  it('sends category values that no training row has to OOV', () => {
    const copy: TabularColumns = { ...table, splits: table.splits.slice() };
    const shop = table.categories[0]!.ids;
    // Every row of the rarest shop leaves training: its index must not be looked up any more.
    const rare = table.categories[0]!.size - 1;
    shop.forEach((id, r) => {
      if (id === rare) copy.splits[r] = 2;
    });
    const p = prepareTabular(copy, resolveTrainRequest({ dataset: 'x', model: 'tabular' }, 1) as never, {});
    const test = p.rows.test.filter((r) => shop[r] === rare);
    expect(test.length).toBeGreaterThan(0);
    for (const r of test) expect(p.inputs[0]!.ids[r]).toBe(1);
  });
});

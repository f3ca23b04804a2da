// The online-retail repurchase task (reads ../shared/data/online-retail.csv.gz, as CI has it): derivation on a
// small hand-made file, then the real file derived, imported through the real importer and learnt by the
// classifier better than the majority-class baseline.
import { afterAll, describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../config';
import { rocAuc } from '../eval/classification';
import { importDataset } from '../ingest/importDataset';
import { importFixture } from '../ingest/testFiles';
import { loadLabelledSequences } from '../store/datasets';
import { loadTfjs } from '../tfjs/backend';
import { PREDICTIONS_TABLE } from '../tfjs/classifierTfjs';
import { labelledData, trainOn } from '../train/testTraining';
import { sharedData } from '../testing';
import { deriveRepurchaseTask, gapToken, writeRepurchaseCsv } from './retailRepurchase';

const fx = importFixture();
afterAll(fx.cleanup);
const RETAIL = sharedData('online-retail.csv.gz', 'the online-retail repurchase task');

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const SMALL = [
  HEADER,
  // Customer 1: invoices on Jan 1 and Jan 10, then Jan 20 (within 30 days of Jan 10) → yes.
  '100,A,"LAMP, RED",1,2011-01-01 10:00:00,1.0,1.0,UK',
  '100,B,VASE,2,2011-01-01 10:00:00,1.0,1.0,UK',
  '101,C,CUP,1,2011-01-10 09:00:00,1.0,1.0,UK',
  '102,A,"LAMP, RED",1,2011-01-20 09:00:00,1.0,1.0,UK',
  // Customer 2: a cancellation and a negative quantity are ignored; next invoice after 60 days → no.
  'C200,B,VASE,-1,2011-01-02 10:00:00,1.0,2.0,UK',
  '201,D,BOWL,1,2011-01-03 10:00:00,1.0,2.0,UK',
  '201,E,JUG,-3,2011-01-03 10:00:00,1.0,2.0,UK',
  '202,B,VASE,1,2011-01-05 10:00:00,1.0,2.0,UK',
  '203,C,CUP,1,2011-03-06 10:00:00,1.0,2.0,UK',
  // Customer 3: one invoice only (too few for 2). No customer id: ignored.
  '300,A,"LAMP, RED",1,2011-01-04 10:00:00,1.0,3.0,UK',
  '400,A,"LAMP, RED",1,2011-01-04 10:00:00,1.0,,UK',
  // Customer 4: second invoice on Jun 1; the data ends Jun 15, before its window closes → censored.
  '500,A,"LAMP, RED",1,2011-05-01 10:00:00,1.0,4.0,UK',
  '501,B,VASE,1,2011-06-01 10:00:00,1.0,4.0,UK',
  '502,B,VASE,1,2011-06-15 10:00:00,1.0,9.0,UK',
].join('\n');

describe('deriveRepurchaseTask', () => {
  it('takes the first invoices in time order, labels a repurchase within the horizon, leaves out what it cannot know', async () => {
    const path = fx.file('retail-small.csv', SMALL + '\n');
    const { examples, stats } = await deriveRepurchaseTask(path, { firstInvoices: 2 });
    expect(examples.map((e) => [e.customer, e.items, e.label])).toEqual([
      ['1', ['A', 'B', gapToken(9 * 86_400 - 3600), 'C'], 'yes'],
      ['2', ['D', gapToken(2 * 86_400), 'B'], 'no'],
    ]);
    expect(gapToken(9 * 86_400)).toBe('gap:7-30d');
    expect(stats).toMatchObject({ rows: 14, kept: 11, customers: 2, tooFewInvoices: 2, censored: 1, positives: 1 });
    const one = await deriveRepurchaseTask(path, { firstInvoices: 1 });
    // Customer 2 buys again 2 days later → yes; 3 never → no; 4 after 31 days → no; 9's single invoice is on
    // the last day of the data: censored.
    expect(one.examples.map((e) => [e.customer, e.items, e.label])).toEqual([
      ['1', ['A', 'B'], 'yes'],
      ['2', ['D'], 'yes'],
      ['3', ['A'], 'no'],
      ['4', ['A'], 'no'],
    ]);
  });

  it('writes a CSV the importer reads as one labelled item sequence per customer', async () => {
    const path = fx.file('retail-small2.csv', SMALL + '\n');
    const out = fx.file('repurchase.csv', '');
    writeRepurchaseCsv(out, (await deriveRepurchaseTask(path, { firstInvoices: 2 })).examples);
    const db = fx.db();
    const r = await importDataset(db, {
      path: out,
      mapping: { session: 'customer', item: 'item', timestamp: 'time', label: 'label' },
    });
    const data = loadLabelledSequences(db, r.datasetId);
    expect(data.role).toBe('item');
    expect(data.offsets[data.offsets.length - 1]).toBe(7);
    expect(data.classes.sort()).toEqual(['no', 'yes']);
  });
});

describe.skipIf(RETAIL === null)('the online-retail repurchase task', () => {
  it('is learnt from the first two baskets better than the majority-class baseline', async () => {
    const task = await deriveRepurchaseTask(RETAIL!, { firstInvoices: 2 });
    expect(task.stats.customers).toBeGreaterThan(2000);
    const csv = fx.file('retail-repurchase.csv', '');
    writeRepurchaseCsv(csv, task.examples);
    const db = fx.db();
    const r = await importDataset(db, {
      path: csv,
      mapping: { session: 'customer', item: 'item', timestamp: 'time', label: 'label' },
      vocab: { item: { minCount: 5 } },
    });
    const data = loadLabelledSequences(db, r.datasetId);
    db.close();
    const positive = data.classes.indexOf('yes');
    const config = resolveTrainConfig({
      dataset: 'retail',
      model: 'classifier',
      encoder: 'average',
      dim: 8,
      maxLen: 60,
      epochs: 6,
      lr: 0.002,
      patience: 2,
      threads: 1,
    });
    const out = await trainOn(config, labelledData(data), { runtime: await loadTfjs({ only: 'cpu' }) });
    // AUC over every held-out customer (valid and test, ~500) from the predictions table: less noisy than one split.
    const p = out.tables.find((t) => t.name === PREDICTIONS_TABLE)!.data;
    const scores: number[] = [];
    const labels: number[] = [];
    for (let s = 0; s < data.labels.length; s++) {
      if (data.splits[s] === 0) continue;
      scores.push(positive === 1 ? p[s]! : 1 - p[s]!);
      labels.push(data.labels[s] === positive ? 1 : 0);
    }
    const auc = rocAuc(scores, labels);
    console.log(`retail repurchase: held-out AUC ${auc.toFixed(3)} (${labels.length} customers)`);
    expect(out.outcome.baselines.majority!.test.auc).toBe(0.5);
    expect(auc).toBeGreaterThan(0.54);
    expect(out.outcome.metrics.test.loss!).toBeLessThan(out.outcome.baselines.majority!.test.loss! + 0.01);
  });
});

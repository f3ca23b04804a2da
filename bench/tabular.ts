// The tabular model on a real table against scikit-learn on the same rows and the same split, in the same run:
// online-retail basket lines (../shared/data/online-retail.csv.gz, derived by src/core/tasks/retailLines.ts and
// imported through the real importer), the target the quantity bucket of a line (6 classes) from Country,
// StockCode, Hour, Weekday, Customer and Price. References (.venv-bench): a one-hot logistic regression and
// HistGradientBoosting (bench/tabular.py). Then the learned tables: neighbours of a country, a weekday, an hour.
// Not part of CI; the idle share is printed first.
// Usage: node --import tsx bench/tabular.ts [--epochs 10] [--batch-size 256] [--backend wasm|cpu] [--C 1]
//        [--data FILE.csv.gz] [--keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendName, TableTransfer } from '../src/shared';
import { categoryRole } from '../src/shared';
import { neighborsOfRow } from '../src/core/explore/neighbors';
import { importDataset } from '../src/core/ingest/importDataset';
import { loadVocabulary } from '../src/core/store/datasets';
import { openDb } from '../src/core/store/db';
import { loadTabular } from '../src/core/store/tabular';
import { deriveRetailLines, writeRetailLinesCsv } from '../src/core/tasks/retailLines';
import { loadTfjs } from '../src/core/tfjs/backend';
import { tabularData, trainOn } from '../src/core/train/testTraining';
import { printIdle } from './idle';
import { benchPython } from './python';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    backend: { type: 'string' },
    C: { type: 'string' },
    data: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const RETAIL = values.data ?? join(import.meta.dirname, '../../shared/data/online-retail.csv.gz');
const CATEGORIES = ['Country', 'StockCode', 'Hour', 'Weekday', 'Customer'];
const NUMERIC = ['Price'];
const TARGET = 'Quantity';
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-tabular-'));
process.on('exit', () => (values.keep ? console.log(`kept ${tmp}`) : rmSync(tmp, { recursive: true, force: true })));

printIdle();
const started = performance.now();
const { lines, rows } = await deriveRetailLines(RETAIL);
const csv = join(tmp, 'retail-lines.csv');
writeRetailLinesCsv(csv, lines);
const db = openDb(join(tmp, 'bench.db'));
const imported = await importDataset(db, {
  path: csv,
  mapping: { category: CATEGORIES, numeric: NUMERIC, target: TARGET },
});
const table = loadTabular(db, imported.datasetId);
console.log(
  `online-retail: ${rows} rows read, ${table.rows} basket lines (no cancellations); split ${imported.splits.train} / ` +
    `${imported.splits.valid} / ${imported.splits.test}; ${((performance.now() - started) / 1000).toFixed(0)} s to derive and import`,
);
console.log(
  `columns: ${imported.report.tabular!.columns.map((c) => (c.kind === 'category' ? `${c.name} ${c.vocabulary.size}` : c.name)).join(', ')}; ` +
    `target ${TARGET}: ${imported.report.tabular!.target.classes!.map((c) => `${c.value} ${c.count}`).join(', ')}`,
);
// The split the importer assigned, for scikit-learn: the same rows in every set.
const splits = join(tmp, 'splits.txt');
writeFileSync(splits, Array.from(table.splits).join('\n') + '\n');

const rt = await loadTfjs(values.backend ? { only: values.backend as BackendName } : { skip: ['tfjs-node-gpu'] });
const rates: number[] = [];
const t0 = performance.now();
const out = await trainOn(
  {
    model: 'tabular',
    epochs: Number(values.epochs ?? 10),
    ...(values['batch-size'] ? { batchSize: Number(values['batch-size']) } : {}),
  },
  tabularData(table),
  {
    runtime: rt,
    onEpoch: (m, perSecond) => {
      rates.push(perSecond);
      const f = (x: number | undefined) => x?.toFixed(4) ?? '–';
      console.log(
        `  epoch ${m.epoch}: train loss ${f(m.loss)}  valid loss ${f(m.valid.loss)} accuracy ${f(m.valid.accuracy)}  ${Math.round(perSecond)} rows/s`,
      );
    },
  },
);
const seconds = (performance.now() - t0) / 1000;
const test = out.outcome.metrics.test;
const majority = out.outcome.baselines.majority!.test;
const row = (name: string, loss: number, accuracy: number, extra: string): string =>
  `${name.padEnd(34)} test loss ${loss.toFixed(4)}  accuracy ${accuracy.toFixed(4)}  ${extra}`;
console.log(`\nquantity bucket of a basket line, test set (${imported.splits.test} lines):`);
console.log(row('majority class', majority.loss!, majority.accuracy!, ''));
console.log(
  row(
    'ewb tabular (entity embeddings)',
    test.loss!,
    test.accuracy!,
    `best epoch ${out.outcome.bestEpoch}/${out.outcome.epochs}, ${seconds.toFixed(0)} s on ${rt.backend}, ${Math.round(rates.reduce((a, b) => a + b, 0) / rates.length)} rows/s; tables ${out.tables.map((t) => `${t.name} ${t.rows - 2}×${t.dim}`).join(', ')}`,
  ),
);

const python = benchPython(['sklearn']);
if (python) {
  const args = [join(import.meta.dirname, 'tabular.py'), csv, splits, CATEGORIES.join(','), NUMERIC.join(','), TARGET];
  const ref = spawnSync(python, values.C ? [...args, values.C] : args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (ref.status !== 0) console.log(`scikit-learn failed: ${ref.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  for (const l of ref.stdout
    .trim()
    .split('\n')
    .filter((x) => x.startsWith('{'))) {
    const r = JSON.parse(l) as { model: string; loss: number; accuracy: number; seconds: number } & Record<
      string,
      unknown
    >;
    const { model, loss, accuracy, seconds: s, ...extra } = r;
    console.log(
      row(
        `sklearn ${model}`,
        loss,
        accuracy,
        `${s.toFixed(0)} s; ${JSON.stringify(extra)}; ewb loss ÷ this ${(test.loss! / loss).toFixed(3)}`,
      ),
    );
  }
}

// What the tables learned: the nearest neighbours of a few values (cosine), from the best epoch's tables.
function neighbours(t: TableTransfer, key: string, k = 5): string {
  const vocab = loadVocabulary(db, imported.datasetId, categoryRole(t.name));
  const row = vocab.find((v) => v.key === key)?.idx;
  if (row === undefined) return `${key}: not in ${t.name}`;
  const keyOf = new Map(vocab.map((v) => [v.idx, v.key]));
  const near = neighborsOfRow(t, row, { k });
  return `${t.name} ${key} → ${near.map((n) => `${keyOf.get(n.row)} ${n.score.toFixed(2)}`).join(', ')}`;
}
const tableOf = (name: string): TableTransfer => out.tables.find((t) => t.name === name)!;
console.log('\nneighbours in the learned tables:');
for (const country of ['Germany', 'France', 'Japan']) console.log(`  ${neighbours(tableOf('Country'), country)}`);
for (const day of ['Sun', 'Fri']) console.log(`  ${neighbours(tableOf('Weekday'), day, 3)}`);
for (const hour of ['8', '15']) console.log(`  ${neighbours(tableOf('Hour'), hour, 3)}`);
db.close();
printIdle('after the run');

// Side features for cold start, against LightFM on the same split in the same run: MovieLens ml-latest-small
// (../shared/data/ml-latest-small) imported with its genres (movies.csv) and tags (tags.csv) as item features and a
// cold-items split (a share of the movies held out entirely, all their ratings to test); positives are ratings
// ≥ 4. The workbench's implicit WARP with and without item features, LightFM (.venv-bench) with and without them
// (bench/features.py), popularity, random and feature-popularity baselines; Recall@10 on the cold items (ranked
// among themselves) and on the warm ones. Not part of CI; the idle share is printed first.
// Usage: node --import tsx bench/features.ts [--epochs 20] [--dim 32] [--cold 0.2] [--threads 1] [--data DIR] [--keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SplitMetrics } from '../src/shared';
import { importDataset } from '../src/core/ingest/importDataset';
import { loadInteractions } from '../src/core/store/datasets';
import { openDb } from '../src/core/store/db';
import { loadFeatures } from '../src/core/store/features';
import { interactionData, trainOn } from '../src/core/train/testTraining';
import { printIdle } from './idle';
import { benchPython } from './python';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string' },
    dim: { type: 'string' },
    cold: { type: 'string' },
    threads: { type: 'string' },
    data: { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const DIR = values.data ?? join(import.meta.dirname, '../../shared/data/ml-latest-small');
const epochs = Number(values.epochs ?? 20);
const dim = Number(values.dim ?? 32);
const threads = Number(values.threads ?? 1);
const THRESHOLD = 4;
const K = 10;
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-features-'));
process.on('exit', () => (values.keep ? console.log(`kept ${tmp}`) : rmSync(tmp, { recursive: true, force: true })));

printIdle();
const db = openDb(join(tmp, 'bench.db'));
const imported = await importDataset(db, {
  path: join(DIR, 'ratings.csv'),
  items: { path: join(DIR, 'movies.csv') },
  features: [{ path: join(DIR, 'tags.csv'), of: 'item', key: 'movieId', columns: ['tag'] }],
  split: { kind: 'coldItems', items: Number(values.cold ?? 0.2), valid: 0.1, test: 0.1 },
});
const columns = loadInteractions(db, imported.datasetId);
const item = loadFeatures(db, imported.datasetId, 'item')!;
const f = imported.report.features!.item!;
console.log(
  `ml-latest-small: ${imported.rows.imported} ratings; split ${imported.splits.train} / ${imported.splits.valid} / ${imported.splits.test} ` +
    `(${Number(values.cold ?? 0.2) * 100}% of the movies held out entirely); item features ${f.features} (genres and tags) on ${f.entities} movies`,
);

// The exact positives and features LightFM gets: training, valid and test pairs (rating ≥ 4), features as CSR.
const pairsOf = (split: number): string =>
  Array.from(columns.splits.keys())
    .filter((r) => columns.splits[r] === split && columns.ratings[r]! >= THRESHOLD)
    .map((r) => `${columns.users[r]} ${columns.items[r]}`)
    .join('\n') + '\n';
['train', 'valid', 'test'].forEach((name, split) => writeFileSync(join(tmp, `${name}.txt`), pairsOf(split)));
const lines: string[] = [];
for (let i = 0; i + 1 < item.indptr.length; i++)
  for (let n = item.indptr[i]!; n < item.indptr[i + 1]!; n++) lines.push(`${i} ${item.features[n]} ${item.weights[n]}`);
writeFileSync(join(tmp, 'features.txt'), lines.join('\n') + '\n');
writeFileSync(
  join(tmp, 'sizes.json'),
  JSON.stringify({ users: columns.numUsers, items: columns.numItems, features: item.size, k: K }),
);

const f4 = (x: number | undefined): string => (x === undefined ? '   –  ' : x.toFixed(4));
const header = `${'model'.padEnd(28)} ${['recall@10', 'cold:recall@10', 'warm:recall@10', 'cold:ndcg@10', 'warm:ndcg@10'].map((h) => h.padStart(15)).join('')}`;
const row = (name: string, m: SplitMetrics, extra = ''): string =>
  `${name.padEnd(28)} ${[`recall@${K}`, `cold:recall@${K}`, `warm:recall@${K}`, `cold:ndcg@${K}`, `warm:ndcg@${K}`]
    .map((key) => f4(m[key]).padStart(15))
    .join('')}  ${extra}`;

console.log(`\ntest split, ${K} recommendations per user (cold: ranked among the held-out movies only):`);
console.log(header);
let baselinesShown = false;
for (const features of ['none', 'items'] as const) {
  const t0 = performance.now();
  const out = await trainOn(
    { model: 'implicit', loss: 'warp', dim, epochs, threshold: THRESHOLD, threads, features },
    {
      ...interactionData(columns),
      ...(features === 'items' ? { features: { item, user: null } } : {}),
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (!baselinesShown) {
    for (const [name, b] of Object.entries(out.outcome.baselines)) console.log(row(name, b.test));
    baselinesShown = true;
  }
  console.log(
    row(
      `ewb implicit warp${features === 'items' ? ' + features' : ''}`,
      out.outcome.metrics.test,
      `best epoch ${out.outcome.bestEpoch}/${out.outcome.epochs}, ${seconds.toFixed(0)} s`,
    ),
  );
}

const python = benchPython(['lightfm']);
if (python) {
  const ref = spawnSync(
    python,
    [join(import.meta.dirname, 'features.py'), tmp, String(dim), String(epochs), String(threads)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (ref.status !== 0) console.log(`LightFM failed: ${ref.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  for (const l of ref.stdout
    .trim()
    .split('\n')
    .filter((x) => x.startsWith('{'))) {
    const r = JSON.parse(l) as Record<string, number> & { model: string };
    const test: SplitMetrics = Object.fromEntries(
      Object.entries(r)
        .filter((e): e is [string, number] => e[0].startsWith('test ') && typeof e[1] === 'number')
        .map(([k, v]) => [k.slice(5), v]),
    );
    console.log(row(r.model, test, `${epochs} epochs, ${r.seconds!.toFixed(0)} s`));
  }
}
db.close();
printIdle('after the run');

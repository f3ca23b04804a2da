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
import type { SplitScores } from '../src/core/train/loop';
import { interactionData, trainOn } from '../src/core/train/testTraining';
import { COLD_BENCH_OPTIONS, defaultDataDir, importColdItems } from './featuresData';
import { printIdle } from './idle';
import { benchPython } from './python';

const { values } = parseArgs({ options: { ...COLD_BENCH_OPTIONS, keep: { type: 'boolean' } } });
const DIR = values.data ?? defaultDataDir();
const epochs = Number(values.epochs ?? 20);
const dim = Number(values.dim ?? 32);
const threads = Number(values.threads ?? 1);
const seeds = Number(values.seeds ?? 1);
const share = Number(values.cold ?? 0.2);
const THRESHOLD = 4;
const K = 10;
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-features-'));
process.on('exit', () => (values.keep ? console.log(`kept ${tmp}`) : rmSync(tmp, { recursive: true, force: true })));

printIdle();
const { db, columns, item } = await importColdItems(DIR, join(tmp, 'bench.db'), share, values.dev === true);
if (values.dev) console.log('--dev: warm figures from the validation rows');

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
/** The figures shown: test's, and with --dev the warm ones from validation (all warm there, none in test). */
const shown = (m: SplitScores): SplitMetrics =>
  values.dev
    ? { ...m.test, [`warm:recall@${K}`]: m.valid[`recall@${K}`]!, [`warm:ndcg@${K}`]: m.valid[`ndcg@${K}`]! }
    : m.test;
const header = `${'model'.padEnd(28)} ${['recall@10', 'cold:recall@10', 'warm:recall@10', 'cold:ndcg@10', 'warm:ndcg@10'].map((h) => h.padStart(15)).join('')}`;
/** One line: each figure's mean over the runs (seeds), and the range of cold recall when there are several. */
const row = (name: string, runs: SplitMetrics[], extra = ''): string => {
  const keys = [`recall@${K}`, `cold:recall@${K}`, `warm:recall@${K}`, `cold:ndcg@${K}`, `warm:ndcg@${K}`];
  const mean = (key: string): number | undefined =>
    runs.every((m) => m[key] !== undefined) ? runs.reduce((s, m) => s + m[key]!, 0) / runs.length : undefined;
  const cold = runs.map((m) => m[`cold:recall@${K}`]).filter((x): x is number => x !== undefined);
  const range = runs.length > 1 && cold.length ? ` [${f4(Math.min(...cold))}–${f4(Math.max(...cold))}]` : '';
  return `${name.padEnd(28)} ${keys.map((key) => f4(mean(key)).padStart(15)).join('')}${range}  ${extra}`;
};

console.log(
  `\n${values.dev ? 'dev' : 'test'} split, ${K} recommendations per user (cold: ranked among the movies without a training positive)` +
    (seeds > 1 ? `, means of ${seeds} seeds (cold recall's range beside)` : '') +
    ':',
);
console.log(header);
let baselinesShown = false;
for (const features of ['none', 'items'] as const) {
  const runs: SplitMetrics[] = [];
  const t0 = performance.now();
  let best = '';
  // Seeds 42, 43 …: one seed is the default run (42, as LightFM's random_state in features.py).
  for (let seed = 42; seed < 42 + seeds; seed++) {
    const out = await trainOn(
      { model: 'implicit', loss: 'warp', dim, epochs, threshold: THRESHOLD, threads, features, seed },
      {
        ...interactionData(columns),
        ...(features === 'items' ? { features: { item, user: null } } : {}),
      },
    );
    if (!baselinesShown) {
      for (const [name, b] of Object.entries(out.outcome.baselines)) console.log(row(name, [shown(b)]));
      baselinesShown = true;
    }
    runs.push(shown(out.outcome.metrics));
    best += `${best ? ',' : ''}${out.outcome.bestEpoch}`;
  }
  const seconds = (performance.now() - t0) / 1000 / seeds;
  console.log(
    row(
      `ewb implicit warp${features === 'items' ? ' + features' : ''}`,
      runs,
      `best epoch ${best}/${epochs}, ${seconds.toFixed(0)} s`,
    ),
  );
}

const python = benchPython(['lightfm']);
if (python) {
  const ref = spawnSync(
    python,
    [join(import.meta.dirname, 'features.py'), tmp, String(dim), String(epochs), String(threads), String(seeds)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  if (ref.status !== 0) console.log(`LightFM failed: ${ref.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const byModel = new Map<string, { runs: SplitMetrics[]; seconds: number }>();
  for (const l of ref.stdout
    .trim()
    .split('\n')
    .filter((x) => x.startsWith('{'))) {
    const r = JSON.parse(l) as Record<string, number | null> & { model: string };
    const metricsOf = (split: string): SplitMetrics =>
      Object.fromEntries(
        Object.entries(r)
          .filter((e): e is [string, number] => e[0].startsWith(`${split} `) && typeof e[1] === 'number')
          .map(([k, v]) => [k.slice(split.length + 1), v]),
      );
    const m = shown({ train: {}, valid: metricsOf('valid'), test: metricsOf('test') });
    const seen = byModel.get(r.model) ?? { runs: [], seconds: 0 };
    seen.runs.push(m);
    seen.seconds += r.seconds! / seeds;
    byModel.set(r.model, seen);
  }
  for (const [name, { runs, seconds }] of byModel)
    console.log(row(name, runs, `${epochs} epochs, ${seconds.toFixed(0)} s`));
}
db.close();
printIdle('after the run');

// mf with side features for cold start: MovieLens ml-latest-small with genres and tags as item features and 20 % of
// the movies held out entirely (bench/featuresData.ts, as bench/features.ts uses). mf at its defaults with and
// without `--features items`, the same seeds: test RMSE on warm items (no worse with features?) and `cold:rmse` on
// the held-out movies against the global mean and μ + b_u (bias-only: a cold movie has no b_i), the baselines every
// mf run reports. No reference tool: Surprise and LibMF have no side features, LightFM no ratings. Not part of CI;
// the idle share is printed first.
// Usage: node --import tsx bench/mfFeatures.ts [--epochs 40] [--dim 64] [--cold 0.2] [--threads 1] [--seeds 1]
//        [--dev] [--data DIR] [--set key=value,...]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AllOptions, SplitMetrics } from '../src/shared';
import type { InteractionData } from '../src/core/train/input';
import { trainOn } from '../src/core/train/testTraining';
import { COLD_BENCH_OPTIONS, defaultDataDir, importColdItems } from './featuresData';
import { printIdle } from './idle';

const { values } = parseArgs({ options: { ...COLD_BENCH_OPTIONS, set: { type: 'string' } } });
const share = Number(values.cold ?? 0.2);
const seeds = Number(values.seeds ?? 1);
/** Extra mf options for both runs (`--set reg=0.8,regExponent=1`), to compare settings on --dev. */
const extra: Partial<AllOptions> = Object.fromEntries(
  (values.set ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => [kv.split('=')[0]!, Number(kv.split('=')[1])]),
);
const options: Partial<AllOptions> = {
  threads: Number(values.threads ?? 1),
  ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
  ...(values.dim ? { dim: Number(values.dim) } : {}),
  ...extra,
};
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-mf-features-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

printIdle();
const { columns, item, ratingMin, ratingMax } = await importColdItems(
  values.data ?? defaultDataDir(),
  join(tmp, 'bench.db'),
  share,
  values.dev === true,
);
const data: InteractionData = { kind: 'interactions', columns, ratingMin, ratingMax };

const KEYS = ['rmse', 'mae', 'cold:rmse', 'cold:mae'] as const;
/** Test's figures; with --dev the warm ones come from validation (the test rows there are the held-out movies). */
const shown = (m: { valid: SplitMetrics; test: SplitMetrics }): SplitMetrics =>
  values.dev ? { ...m.test, rmse: m.valid.rmse!, mae: m.valid.mae! } : m.test;
const f4 = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(4));
const row = (name: string, runs: SplitMetrics[], note = ''): string => {
  const mean = (k: string): number | undefined =>
    runs.every((m) => m[k] !== undefined) ? runs.reduce((s, m) => s + m[k]!, 0) / runs.length : undefined;
  return `${name.padEnd(24)}${KEYS.map((k) => f4(mean(k)).padStart(11)).join('')}  ${note}`;
};

console.log(
  `\n${values.dev ? 'dev' : 'test'} split: warm rmse/mae over rated movies with training ratings, cold: over the held-out movies` +
    (seeds > 1 ? `; means of ${seeds} seeds (42…)` : ''),
);
console.log(`${'model'.padEnd(24)}${KEYS.map((k) => k.padStart(11)).join('')}`);
const printed = new Set<string>();
for (const features of ['none', 'items'] as const) {
  const runs: SplitMetrics[] = [];
  const best: number[] = [];
  const t0 = performance.now();
  for (let seed = 42; seed < 42 + seeds; seed++) {
    const out = await trainOn(
      { model: 'mf', ...options, features, seed },
      features === 'items' ? { ...data, features: { item, user: null } } : data,
    );
    // The baselines of the first seed; `biasFeatures` (biases composed with features) comes with the features run.
    for (const [name, b] of Object.entries(out.outcome.baselines))
      if (!printed.has(name)) {
        console.log(row(name, [shown(b)]));
        printed.add(name);
      }
    runs.push(shown(out.outcome.metrics));
    best.push(out.outcome.bestEpoch ?? 0);
  }
  const seconds = (performance.now() - t0) / 1000 / seeds;
  console.log(
    row(
      `ewb mf${features === 'items' ? ' + features' : ''}`,
      runs,
      `best epoch ${best.join(',')}, ${seconds.toFixed(1)} s`,
    ),
  );
}
printIdle('after the run');

// `node --import tsx bench/cf.ts`: issue 12's ratings and implicit-feedback targets on MovieLens ml-latest-small,
// each beside its reference tool in the same run, with the ratio:
//   - mf with its defaults (and --solver als) against PyTorch biased MF's best epoch and Surprise's SVD (test RMSE,
//     seconds) on a seeded 80/20 split of the ratings;
//   - ials against implicit's ALS at equal factors, iterations, λ and confidence (Recall@10, NDCG@10 by ewb's own
//     metrics for both, seconds) on ratings ≥ 4 split 80/20 per user;
//   - BPR (implicit --loss bpr) with its defaults against popularity.
// Both sides read the same rows: the bench writes them once (bench/cfData.ts), ewb imports them with the real
// importer (--split column), the references read the same train/test files (bench/cf_refs.py). Not part of CI.
// Usage: node --import tsx bench/cf.ts [--data ratings.csv] [--threads 1,2] [--torch-epochs 30] [--skip-torch] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MODEL_RULES } from '../src/shared';
import { prepareCf } from './cfData';
import { ialsEpochSeconds, rankOutsideFactors } from './cfMeasure';
import { ewbImport, ewbTrain } from './ewbCli';
import { benchPython } from './python';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    threads: { type: 'string' },
    'torch-epochs': { type: 'string' },
    'skip-torch': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const data = values.data ?? fileURLToPath(new URL('../../shared/data/ml-latest-small/ratings.csv', import.meta.url));
if (!existsSync(data)) {
  console.log(`${data} is missing: this benchmark needs MovieLens ml-latest-small (../shared/data)`);
  process.exit(0);
}
const REFS = fileURLToPath(new URL('./cf_refs.py', import.meta.url));
const threadCounts = (values.threads ?? '1,2').split(',').map(Number);
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-cf-'));
process.on('exit', () => (values.keep ? console.log(`kept ${tmp}`) : rmSync(tmp, { recursive: true, force: true })));

const vmstat = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
const idle = Number(vmstat.at(-1)!.trim().split(/\s+/)[14]);
console.log(`vmstat idle before the run: ${idle}%${idle < 90 ? '  (NOT idle: timings are unreliable)' : ''}`);

const files = prepareCf(data, tmp);
const db = join(tmp, 'bench.db');
ewbImport(db, files.explicit, 'ratings', 'user=userId,item=movieId,rating=rating,split=split');
const implicitId = ewbImport(db, files.implicit, 'positives', 'user=userId,item=movieId,split=split');
console.log(
  `${files.counts.ratings} ratings (80/20 by row); ${files.counts.positives} ratings ≥ 4 of ${files.counts.users} users (80/20 per user)`,
);

/** One line of the summary: what, ours, the reference's, ratio, and whether the target is met. */
const rows: string[][] = [];
function row(what: string, ours: number, ref: number, digits: number, better: 'lower' | 'higher', target = true): void {
  const ratio = better === 'lower' ? ref / ours : ours / ref;
  rows.push([
    what,
    ours.toFixed(digits),
    ref.toFixed(digits),
    `${ratio.toFixed(2)}×`,
    target ? (ratio >= 1 ? 'yes' : 'NO') : '',
  ]);
}
const python = (interpreter: string, args: (string | number)[]): Record<string, unknown> | null => {
  const r = spawnSync(interpreter, [REFS, ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.log(`  ${args[0]} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
};
const bench = benchPython(['implicit', 'surprise']);

// 1. Explicit ratings: mf's defaults and ALS against PyTorch and Surprise.
const mf = ewbTrain(db, 'ratings', ['--model', 'mf']);
const als = ewbTrain(db, 'ratings', ['--model', 'mf', '--solver', 'als', '--epochs', '12']);
for (const [name, run] of [
  ['mf (defaults, SGD)', mf],
  ['mf --solver als --epochs 12', als],
] as const)
  console.log(
    `  ${name}: test RMSE ${run.result.metrics.test.rmse!.toFixed(4)} (best epoch ${run.result.bestEpoch} of ` +
      `${run.result.epochs}, chosen on ${run.result.carvedValidation ? `${run.result.carvedValidation.rows} validation rows carved from train` : 'valid'}); ` +
      `training ${run.trainSeconds.toFixed(1)} s, the whole command ${run.wallSeconds.toFixed(1)} s`,
  );
const mfDim = MODEL_RULES.mf.defaults.dim;
const torchEpochs = Number(values['torch-epochs'] ?? 30);
const torch = values['skip-torch']
  ? null
  : python('/usr/bin/python3', [
      'torch',
      files.explicitTrain,
      files.explicitTest,
      mfDim,
      torchEpochs,
      0.005,
      2e-4,
      1,
      42,
    ]);
const trainRatings = Math.round(0.8 * files.counts.ratings);
if (torch) {
  const epochs = torch.epochs as { epoch: number; testRmse: number; seconds: number }[];
  const best = epochs.reduce((a, b) => (b.testRmse < a.testRmse ? b : a));
  const seconds = epochs.reduce((a, e) => a + e.seconds, 0);
  console.log(
    `  torch (Adam lr 0.005, weight decay 2e-4, batch 1024, dim ${mfDim}, 1 thread): best epoch ${best.epoch} of ` +
      `${epochs.length} by test RMSE ${best.testRmse.toFixed(4)} (chosen on test: an upper bound); ${seconds.toFixed(1)} s`,
  );
  row('mf default: test RMSE vs torch best epoch', mf.result.metrics.test.rmse!, best.testRmse, 4, 'lower');
  row('mf --solver als: test RMSE vs torch', als.result.metrics.test.rmse!, best.testRmse, 4, 'lower', false);
  row(
    'mf default: ratings/s of training vs torch',
    mf.examplesPerSecond,
    (trainRatings * epochs.length) / seconds,
    0,
    'higher',
    false,
  );
  row('mf default: seconds of the whole run vs torch', mf.trainSeconds, seconds, 1, 'lower', false);
}
const svd = bench ? python(bench, ['surprise', files.explicitTrain, files.explicitTest, 42]) : null;
if (svd) {
  console.log(
    `  Surprise SVD (its defaults: 100 factors, 20 epochs): test RMSE ${(svd.testRmse as number).toFixed(4)}`,
  );
  row('mf default: test RMSE vs Surprise SVD', mf.result.metrics.test.rmse!, svd.testRmse as number, 4, 'lower');
  const rate = (trainRatings * 20) / (svd.seconds as number);
  row('mf default: ratings/s of training vs Surprise SVD', mf.examplesPerSecond, rate, 0, 'higher', false);
  row(
    'mf default: seconds of the whole run vs Surprise SVD',
    mf.trainSeconds,
    svd.seconds as number,
    1,
    'lower',
    false,
  );
}

// 2. Implicit feedback: ials against implicit's ALS at equal settings (its confidence entry 1 + α, our λ), then
// each with its own defaults at equal factors and iterations (implicit: λ 0.01, confidence 1 on binary data).
const ials = MODEL_RULES.ials.defaults;
console.log(
  `ials and implicit's ALS: factors ${ials.dim}, ${ials.epochs} iterations; equal settings: λ ${ials.reg}, ` +
    `confidence 1 + ${ials.alpha}, CG steps ${ials.cgSteps}`,
);
for (const threads of threadCounts) {
  const ours = ewbTrain(db, 'positives', ['--model', 'ials', '--threads', String(threads)]);
  const t = `${threads} thread${threads > 1 ? 's' : ''}`;
  const settings = [
    ['equal settings', ials.reg, 1 + ials.alpha],
    ['each at its defaults', 0.01, 1],
  ] as const;
  for (const [which, reg, confidence] of settings) {
    if (which !== 'equal settings' && threads > 1) continue;
    const prefix = join(tmp, `implicit-${threads}-${reg}`);
    const args = [files.implicitTrain, prefix, ials.dim, ials.epochs, reg, confidence, threads, 42];
    const ref = bench ? python(bench, ['implicit', ...args]) : null;
    if (!ref) continue;
    const theirs = rankOutsideFactors(db, implicitId, prefix, ials.dim, ials.k);
    for (const m of ['recall@10', 'ndcg@10'])
      row(`ials vs implicit ALS, ${which}: test ${m} (${t})`, ours.result.metrics.test[m]!, theirs[m]!, 4, 'higher');
    if (which !== 'equal settings') continue;
    row(`ials vs implicit ALS: training seconds (${t})`, ours.trainSeconds, ref.seconds as number, 3, 'lower');
    if (threads === 1) {
      const cpu = await ialsEpochSeconds(db, implicitId, {});
      row('ials vs implicit ALS: CPU seconds (1 thread)', cpu.cpuSeconds, ref.cpuSeconds as number, 3, 'lower');
    }
  }
}

// 3. BPR with its defaults against popularity (and WARP, the default loss, beside it).
for (const loss of ['bpr', 'warp']) {
  const run = ewbTrain(db, 'positives', ['--model', 'implicit', '--loss', loss]);
  const pop = run.result.baselines.popularity!.test;
  for (const m of ['recall@10', 'ndcg@10'])
    row(
      `implicit --loss ${loss}: test ${m} vs popularity`,
      run.result.metrics.test[m]!,
      pop[m]!,
      4,
      'higher',
      loss === 'bpr',
    );
}

const widths = [0, 1, 2, 3, 4].map((c) =>
  Math.max(...[['target', 'ewb', 'reference', 'ratio', 'met'], ...rows].map((r) => r[c]!.length)),
);
console.log(`\nvmstat idle at the start: ${idle}%`);
for (const r of [['target', 'ewb', 'reference', 'ratio', 'met'], ...rows])
  console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));

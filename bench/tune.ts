// `node --import tsx bench/tune.ts`: what a study buys on real data, through the public CLI, in one run.
// On ../shared/data/ml-latest-small (bench/tuneData.ts: fixed seeded splits, valid carved from train):
// - mf: the defaults over seeds 1–5 (their spread), then 40-trial TPE studies — without the defaults trial (as
//   studies were), with it and with the top 3 and the defaults re-ranked by 5-fold cross-validation — each chosen
//   config over the same seeds, trained on train and refit on train + valid; PyTorch biased MF's best epoch;
// - implicit BPR and iALS: the defaults and a study's best on NDCG@10, beside the `implicit` library's defaults;
// - samplers: TPE against random on a cheap iALS study over several seeds (bench/tuneSamplers.ts); samplers-mf
//   (not run by default): the same on a wide mf space.
// Usage: node --import tsx bench/tune.ts [--parts mf,bpr,ials,samplers,samplers-mf] [--trials 40] [--seeds 5]
//        [--sampler-seeds 8] [--sampler-trials 30] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CrossValidation } from '../src/shared';
import { MODELS } from '../src/shared';
import { implicitLibrary } from './implicitRefs';
import { benchPython } from './python';
import { TORCH_SCRIPT } from './torchMf';
import { benchCli, mean, ms, paramsFlags, sd, type OverSeeds } from './tuneCli';
import { ML, writeImplicitSplit, writeRatingsSplit } from './tuneData';
import { samplerRace } from './tuneSamplers';

const { values } = parseArgs({
  options: {
    parts: { type: 'string' },
    trials: { type: 'string' },
    seeds: { type: 'string' },
    'sampler-seeds': { type: 'string' },
    'sampler-trials': { type: 'string' },
    keep: { type: 'boolean' },
  },
});
const parts = new Set((values.parts ?? 'mf,bpr,ials,samplers').split(','));
const TRIALS = Number(values.trials ?? 40);
const SEEDS = Array.from({ length: Number(values.seeds ?? 5) }, (_, i) => i + 1);
const SAMPLER_SEEDS = Array.from({ length: Number(values['sampler-seeds'] ?? 8) }, (_, i) => 100 + i);
const SAMPLER_TRIALS = Number(values['sampler-trials'] ?? 30);
if (!existsSync(ML)) {
  console.log(`${fileURLToPath(ML)} is missing: this benchmark needs ../shared/data/ml-latest-small`);
  process.exit(0);
}
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-tune-'));
process.on('exit', () => (values.keep ? console.log(`kept ${tmp}`) : rmSync(tmp, { recursive: true, force: true })));
const cli = benchCli(join(tmp, 'bench.db'));

const vmstat = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
const idle = Number(vmstat.at(-1)!.trim().split(/\s+/)[14]);
console.log(
  `vmstat idle before the run: ${idle}%${idle < 90 ? '  (NOT idle: times are unreliable; quality is not)' : ''}`,
);
const summary: string[] = [];
const f4 = (x: number) => x.toFixed(4);

/** `label: A → B, gain G vs spread S: beats / WITHIN` (spread: the two seed sds added). */
function verdict(label: string, a: number[], b: number[], lower: boolean): string {
  const gain = lower ? mean(a) - mean(b) : mean(b) - mean(a);
  const spread = sd(a) + sd(b);
  const word = gain > spread ? 'beats the spread' : gain > 0 ? 'WITHIN the spread' : 'WORSE';
  return `${label}: ${ms(a)} → ${ms(b)}; gain ${f4(gain)} vs seed spread (sd + sd) ${f4(spread)}: ${word}`;
}

function printSeeds(label: string, metric: string, o: OverSeeds): void {
  console.log(
    `   ${label}: test ${metric} on train ${ms(o.train)} (${o.train.map(f4).join(' ')}), best epochs ${o.epochs.join(' ')}`,
  );
  if (o.refit.length) console.log(`   ${label}: refit on train + valid ${ms(o.refit)} (${o.refit.map(f4).join(' ')})`);
}

/** A study of `model` on `dataset`, printed; `extra`: more `ewb tune` flags. Its choice as `ewb train` flags. */
function study(dataset: string, model: string, fixed: string[], extra: string[], metric: string) {
  const args = ['--dataset', dataset, '--model', model, ...fixed, '--trials', String(TRIALS), ...extra];
  console.log(`== ewb tune ${args.join(' ')}`);
  const s = cli.study(args);
  const r = s.result;
  console.log(`   study ${r.studyId}: ${r.trials} trials in ${s.seconds.toFixed(0)} s (${JSON.stringify(s.states)})`);
  console.log(
    `   best run ${r.best!.runId}: valid ${metric} ${f4(r.best!.metrics.valid[metric]!)}, test ${f4(r.best!.metrics.test[metric]!)}`,
  );
  const flags = paramsFlags(model, fixed, s.bestParams);
  console.log(`   chosen: ${flags.join(' ')}`);
  return { result: r, flags };
}

/** The config cross-validation ranks first by its mean valid RMSE: its label and `ewb train` flags. */
function cvChoice(cv: CrossValidation, defaults: string[]): [string, string[]] {
  const arm = [...cv.arms].sort((a, b) => a.valid.rmse!.mean - b.valid.rmse!.mean)[0]!;
  if (arm.label === 'defaults') return [arm.label, defaults];
  return [`${arm.label} (${JSON.stringify(arm.params)})`, paramsFlags('mf', [], arm.params)];
}

const csvRatings = join(tmp, 'ratings.csv');
const csvImplicit = join(tmp, 'positives.csv');
if (parts.has('mf') || parts.has('samplers-mf')) {
  const c = writeRatingsSplit(csvRatings);
  cli.ewb([
    'import',
    csvRatings,
    '--dataset',
    'ml',
    '--map',
    'user=userId,item=movieId,rating=rating,split=split',
    '--split',
    'column',
  ]);
  console.log(
    `ml-latest-small ratings: train ${c.train}, valid ${c.valid}, test ${c.test} (seeded 80/20, valid carved from train)`,
  );
}
if (parts.has('bpr') || parts.has('ials') || parts.has('samplers')) {
  const c = writeImplicitSplit(csvImplicit);
  cli.ewb([
    'import',
    csvImplicit,
    '--dataset',
    'mlpos',
    '--map',
    'user=userId,item=movieId,split=split',
    '--split',
    'column',
  ]);
  console.log(
    `ml-latest-small ratings ≥ 4: train ${c.train}, valid ${c.valid}, test ${c.test} (per user 80/20, valid carved)`,
  );
}

if (parts.has('mf')) {
  const defaultFlags = ['--model', 'mf'];
  console.log(`\n== mf: the defaults over seeds ${SEEDS.join(',')}`);
  const defaults = cli.overSeeds('ml', defaultFlags, 'rmse', SEEDS);
  printSeeds('defaults', 'RMSE', defaults);
  const plain = study('ml', 'mf', [], ['--no-defaults-trial'], 'rmse');
  const plainSeeds = cli.overSeeds('ml', plain.flags, 'rmse', SEEDS);
  printSeeds('best, no defaults trial', 'RMSE', plainSeeds);
  const withDefaults = study('ml', 'mf', [], ['--folds', '5', '--cv-top', '3'], 'rmse');
  const bestSeeds = cli.overSeeds('ml', withDefaults.flags, 'rmse', SEEDS);
  printSeeds('best, defaults trial', 'RMSE', bestSeeds);
  const cv = withDefaults.result.crossValidation!;
  for (const a of cv.arms)
    console.log(`   cv ${a.label}: valid RMSE over 5 folds ${f4(a.valid.rmse!.mean)} ± ${f4(a.valid.rmse!.sd)}`);
  const [cvLabel, cvFlags] = cvChoice(cv, defaultFlags);
  const cvSeeds = cli.overSeeds('ml', cvFlags, 'rmse', SEEDS);
  printSeeds(`cross-validation's choice, ${cvLabel}`, 'RMSE', cvSeeds);
  summary.push(
    verdict(
      'mf test RMSE, trained on train (the issue’s comparison): defaults → study without the defaults trial',
      defaults.train,
      plainSeeds.train,
      true,
    ),
    verdict('  … → study with the defaults trial', defaults.train, bestSeeds.train, true),
    verdict(`  … → cross-validation’s choice (${cvLabel.split(' (')[0]})`, defaults.train, cvSeeds.train, true),
    verdict(
      'mf refit on train + valid, both sides (fair): defaults → study’s best (defaults trial)',
      defaults.refit,
      bestSeeds.refit,
      true,
    ),
    verdict('  … → cross-validation’s choice', defaults.refit, cvSeeds.refit, true),
    verdict(
      'mf defaults as `ewb train` gives them → study’s best refit (what tune + refit give; NOT a test of the search)',
      defaults.train,
      bestSeeds.refit,
      true,
    ),
  );
  const script = join(tmp, 'mf_torch.py');
  writeFileSync(script, TORCH_SCRIPT);
  const args = [script, csvRatings, 1, 50, 3, 0.005, 2e-4, 64, 0.5, 5].map(String);
  console.log('== PyTorch biased MF (Adam lr 0.005, weight decay 2e-4, dim 64, batch 1024, best epoch by valid RMSE)');
  const t = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (t.status !== 0) summary.push(`torch: failed (${t.stderr.trim().split('\n').at(-1)})`);
  else {
    const torch = JSON.parse(t.stdout.trim().split('\n').at(-1)!) as {
      bestEpoch: number;
      testRmse: number;
      validRmse: number;
    };
    const tuned = mean(bestSeeds.train);
    summary.push(
      `mf vs PyTorch biased MF: torch best epoch ${torch.bestEpoch}: valid ${f4(torch.validRmse)}, test ${f4(torch.testRmse)}; study's best ${f4(tuned)} (${tuned < torch.testRmse ? 'lower' : 'NOT lower'}, ratio ${(tuned / torch.testRmse).toFixed(3)})`,
    );
  }
}

const python = parts.has('bpr') || parts.has('ials') ? benchPython(['implicit', 'scipy']) : null;
const implicitModels: [string, string, string[], 'als' | 'bpr'][] = [['BPR', 'implicit', ['--loss', 'bpr'], 'bpr']];
if ((MODELS as readonly string[]).includes('ials')) implicitModels.push(['iALS', 'ials', [], 'als']);
for (const [label, model, fixed, lib] of implicitModels) {
  if (!parts.has(label === 'BPR' ? 'bpr' : 'ials')) continue;
  console.log(`\n== ${label}: the defaults over seeds ${SEEDS.join(',')}`);
  const defaults = cli.overSeeds('mlpos', ['--model', model, ...fixed], 'ndcg@10', SEEDS, false);
  printSeeds('defaults', 'NDCG@10', defaults);
  const r = study('mlpos', model, fixed, [], 'ndcg@10');
  const tuned = cli.overSeeds('mlpos', r.flags, 'ndcg@10', SEEDS, false);
  printSeeds('best', 'NDCG@10', tuned);
  summary.push(verdict(`${label} test NDCG@10, defaults → study's best`, defaults.train, tuned.train, false));
  if (!python) continue;
  const refs = SEEDS.slice(0, 3).map((seed) => implicitLibrary(python, join(tmp, 'bench.db'), 'mlpos', lib, seed, tmp));
  const ndcg = refs.map((x) => x.test['ndcg@10']!);
  const ratio = (ours: number[]) => (mean(ours) / mean(ndcg)).toFixed(3);
  summary.push(
    `${label} vs implicit ${lib.toUpperCase()} defaults: test NDCG@10 ${ms(ndcg)} (${refs.length} seeds); ours at defaults ${f4(mean(defaults.train))}: ratio ${ratio(defaults.train)}; tuned ${f4(mean(tuned.train))}: ratio ${ratio(tuned.train)}`,
  );
}

/** The studies TPE and random race on: cheap trials over decades of each option, where quality varies a lot. */
const RACES = {
  // iALS: 6 iterations, dim ≤ 64, λ and α over decades.
  ials: {
    dataset: 'mlpos',
    args: ['--model', 'ials', '--epochs', '6', '--space', 'dim=8..64:log,reg=0.001..10:log,alpha=0.1..100:log'],
    label: 'iALS, valid NDCG@10',
    maximize: true,
  },
  // mf: the study's 40 epochs with patience 3, over a wide space (the defaults' λ 1.2 is a narrow optimum).
  mf: {
    dataset: 'ml',
    args: ['--model', 'mf', '--space', 'dim=8..256:log,lr=0.003..0.3:log,reg=0.03..30:log'],
    label: 'mf, valid RMSE',
    maximize: false,
  },
};
for (const race of ['ials', 'mf'] as const) {
  if (!parts.has(race === 'ials' ? 'samplers' : 'samplers-mf')) continue;
  const setup = { ...RACES[race], seeds: SAMPLER_SEEDS, trials: SAMPLER_TRIALS };
  console.log(`\n== samplers: ${setup.args.join(' ')}, ${SAMPLER_TRIALS} trials, seeds ${SAMPLER_SEEDS.join(',')}`);
  summary.push(...samplerRace(cli, setup, console.log));
}

console.log(`\n== summary (vmstat idle at start ${idle}%)`);
for (const line of summary) console.log(line);

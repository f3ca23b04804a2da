// `node --import tsx bench/tune.ts`: what a study buys on real data, through the public CLI, in one run.
// On ../shared/data/ml-latest-small (bench/tuneData.ts: fixed seeded splits, valid carved from train):
// - mf: the defaults over several training seeds (their spread), a study (`ewb tune`, TPE, 40 trials), its best
//   config over the same seeds, and PyTorch biased MF's best epoch (bench/torchMf.ts);
// - implicit BPR (and iALS when the model exists): the same on NDCG@10, beside the `implicit` library's
//   defaults (bench/implicitRefs.ts);
// - samplers: TPE against random on the mf study over a few seeds: trials each needs to reach random's best.
// Usage: node --import tsx bench/tune.ts [--parts mf,bpr,ials,samplers] [--trials 40] [--seeds 5]
//        [--sampler-seeds 3] [--sampler-trials 30] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TrainConfig, TuneResult } from '../src/shared';
import { flagOf, MODELS, OPTION_KEYS } from '../src/shared';
import { implicitLibrary } from './implicitRefs';
import { benchPython } from './python';
import { TORCH_SCRIPT } from './torchMf';
import { ML, writeImplicitSplit, writeRatingsSplit } from './tuneData';
import { EWB } from './ewb';

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
const SAMPLER_SEEDS = Array.from({ length: Number(values['sampler-seeds'] ?? 3) }, (_, i) => 100 + i);
const SAMPLER_TRIALS = Number(values['sampler-trials'] ?? 30);
if (!existsSync(ML)) {
  console.log(`${fileURLToPath(ML)} is missing: this benchmark needs ../shared/data/ml-latest-small`);
  process.exit(0);
}
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-tune-'));
process.on('exit', () => (values.keep ? console.log(`kept ${tmp}`) : rmSync(tmp, { recursive: true, force: true })));
const db = join(tmp, 'bench.db');

const vmstat = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
const idle = Number(vmstat.at(-1)!.trim().split(/\s+/)[14]);
console.log(
  `vmstat idle before the run: ${idle}%${idle < 90 ? '  (NOT idle: times are unreliable; quality is not)' : ''}`,
);

type Line = Record<string, unknown> & { type: string };
/** `ewb …` with --json: its lines, and the result (throws with the error when it failed). */
function ewb(args: string[]): { result: Line; lines: Line[]; seconds: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [EWB, ...args, '--db', db, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
  const result = lines.find((l) => l.type === 'result');
  if (r.status !== 0 || !result) throw new Error(`ewb ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return { result, lines, seconds: (performance.now() - t) / 1000 };
}

/** A config as `ewb train` flags (threads, seed and engine left to the caller). */
function flagsOf(config: TrainConfig): string[] {
  const out: string[] = ['--model', config.model];
  for (const key of OPTION_KEYS) {
    const v = (config as unknown as Record<string, unknown>)[key];
    if (v === undefined || key === 'threads' || key === 'seed' || key === 'engine') continue;
    out.push(key === 'k' ? '-k' : `--${flagOf(key)}`, Array.isArray(v) ? v.join(',') || 'none' : String(v));
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const ms = (xs: number[]) => `${mean(xs).toFixed(4)} ± ${sd(xs).toFixed(4)}`;
const summary: string[] = [];

/** Test `metric` of a config trained with each seed (one thread: a seed reproduces its run). */
function overSeeds(dataset: string, flags: string[], metric: string): number[] {
  return SEEDS.map((seed) => {
    const { result } = ewb(['train', '--dataset', dataset, ...flags, '--seed', String(seed), '--threads', '1']);
    return (result.metrics as { test: Record<string, number> }).test[metric]!;
  });
}

/** Defaults over seeds, a study, its best over seeds; prints and returns both. */
function studyAgainstDefaults(label: string, dataset: string, model: string, fixed: string[], metric: string) {
  console.log(`\n== ${label}: defaults over seeds ${SEEDS.join(',')}`);
  const defaults = overSeeds(dataset, ['--model', model, ...fixed], metric);
  console.log(`   test ${metric} ${ms(defaults)}  (${defaults.map((x) => x.toFixed(4)).join(' ')})`);
  console.log(`== ${label}: ewb tune --dataset ${dataset} --model ${model} ${fixed.join(' ')} --trials ${TRIALS}`);
  const study = ewb(['tune', '--dataset', dataset, '--model', model, ...fixed, '--trials', String(TRIALS)]);
  const r = study.result as unknown as TuneResult;
  const trials = study.lines.filter((l) => l.event === 'trial' && (l.trial as { state: string }).state !== 'running');
  const states = trials.map((l) => (l.trial as { state: string }).state);
  const count = (s: string) => states.filter((x) => x === s).length;
  console.log(
    `   study ${r.studyId}: ${r.trials} trials in ${study.seconds.toFixed(0)} s (${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed)`,
  );
  console.log(
    `   best run ${r.best!.runId}: valid ${metric} ${r.best!.metrics.valid[metric]!.toFixed(4)}, test ${r.best!.metrics.test[metric]!.toFixed(4)}`,
  );
  console.log(`   config ${flagsOf(r.best!.config).join(' ')}`);
  const tuned = overSeeds(dataset, flagsOf(r.best!.config), metric);
  console.log(`   best config over seeds: test ${metric} ${ms(tuned)}`);
  return { defaults, tuned, best: r.best! };
}

function verdict(label: string, metric: string, defaults: number[], tuned: number[], lower: boolean): void {
  const gain = lower ? mean(defaults) - mean(tuned) : mean(tuned) - mean(defaults);
  const spread = sd(defaults) + sd(tuned);
  summary.push(
    `${label}: test ${metric} defaults ${ms(defaults)} → tuned ${ms(tuned)} (seeds ${SEEDS.length}); gain ${gain.toFixed(4)} ` +
      `vs seed spread (sd defaults + sd tuned) ${spread.toFixed(4)}: ${gain > spread ? 'beats the spread' : 'WITHIN the spread'}`,
  );
}

const csvRatings = join(tmp, 'ratings.csv');
const csvImplicit = join(tmp, 'positives.csv');
const map = ['--map', 'user=userId,item=movieId,rating=rating,split=split', '--split', 'column'];
if (parts.has('mf') || parts.has('samplers')) {
  const c = writeRatingsSplit(csvRatings);
  ewb(['import', csvRatings, '--dataset', 'ml', ...map]);
  console.log(
    `ml-latest-small ratings: train ${c.train}, valid ${c.valid}, test ${c.test} (seeded 80/20, valid carved from train)`,
  );
}
if (parts.has('bpr') || parts.has('ials')) {
  const c = writeImplicitSplit(csvImplicit);
  ewb([
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
  const { defaults, tuned } = studyAgainstDefaults('mf', 'ml', 'mf', [], 'rmse');
  verdict('mf', 'RMSE', defaults, tuned, true);
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
    const verdictTorch = mean(tuned) < torch.testRmse ? 'tuned is lower' : 'tuned is NOT lower';
    summary.push(
      `mf vs PyTorch biased MF: torch best epoch ${torch.bestEpoch}: valid ${torch.validRmse.toFixed(4)}, test ${torch.testRmse.toFixed(4)}; tuned ${mean(tuned).toFixed(4)} (${verdictTorch}, ratio ${(mean(tuned) / torch.testRmse).toFixed(3)})`,
    );
  }
}

const python = parts.has('bpr') || parts.has('ials') ? benchPython(['implicit', 'scipy']) : null;
const implicitModels: [string, string, string[], 'als' | 'bpr'][] = [['BPR', 'implicit', ['--loss', 'bpr'], 'bpr']];
if ((MODELS as readonly string[]).includes('ials')) implicitModels.push(['iALS', 'ials', [], 'als']);
else if (parts.has('ials'))
  summary.push('iALS: the model is not in this build yet (the cf branch adds --model ials); skipped');
for (const [label, model, fixed, lib] of implicitModels) {
  if (!parts.has(label === 'BPR' ? 'bpr' : 'ials')) continue;
  const { defaults, tuned } = studyAgainstDefaults(label, 'mlpos', model, fixed, 'ndcg@10');
  verdict(label, 'NDCG@10', defaults, tuned, false);
  if (!python) continue;
  const refs = SEEDS.slice(0, 3).map((seed) => implicitLibrary(python, db, 'mlpos', lib, seed, tmp));
  const ndcg = refs.map((r) => r.test['ndcg@10']!);
  const ratio = (ours: number[]) => (mean(ours) / mean(ndcg)).toFixed(3);
  summary.push(
    `${label} vs implicit ${lib.toUpperCase()} defaults: test NDCG@10 ${ms(ndcg)} (${refs.length} seeds, ${mean(refs.map((r) => r.seconds)).toFixed(1)} s each); ours at defaults ${mean(defaults).toFixed(4)}: ratio ${ratio(defaults)}; tuned ${mean(tuned).toFixed(4)}: ratio ${ratio(tuned)}`,
  );
}

if (parts.has('samplers')) {
  console.log(`\n== samplers: mf studies of ${SAMPLER_TRIALS} trials, seeds ${SAMPLER_SEEDS.join(',')}`);
  /** Each complete trial's valid RMSE by trial number. */
  const run = (sampler: string, seed: number): Map<number, number> => {
    const s = ewb([
      'tune',
      '--dataset',
      'ml',
      '--model',
      'mf',
      '--sampler',
      sampler,
      '--seed',
      String(seed),
      '--trials',
      String(SAMPLER_TRIALS),
    ]);
    const values = new Map<number, number>();
    for (const l of s.lines) {
      const t = l.trial as { number: number; state: string; value: number | null } | undefined;
      if (l.event === 'trial' && t?.state === 'complete') values.set(t.number, t.value!);
    }
    return values;
  };
  /** The first trial number whose best so far is at most `target` (Infinity: never). */
  const reach = (v: Map<number, number>, target: number): number => {
    let best = Infinity;
    for (let n = 1; n <= SAMPLER_TRIALS; n++) if ((best = Math.min(best, v.get(n) ?? Infinity)) <= target) return n;
    return Infinity;
  };
  const rows: { seed: number; randomBest: number; randomAt: number; tpeAt: number; tpeBest: number }[] = [];
  for (const seed of SAMPLER_SEEDS) {
    const random = run('random', seed);
    const tpe = run('tpe', seed);
    const randomBest = Math.min(...random.values());
    const row = {
      seed,
      randomBest,
      randomAt: reach(random, randomBest),
      tpeAt: reach(tpe, randomBest),
      tpeBest: Math.min(...tpe.values()),
    };
    rows.push(row);
    console.log(
      `   seed ${seed}: random best ${randomBest.toFixed(4)} at trial ${row.randomAt}; TPE reaches it at trial ${row.tpeAt}, its best ${row.tpeBest.toFixed(4)}`,
    );
  }
  const at = (xs: number[]) => (xs.every(Number.isFinite) ? mean(xs).toFixed(1) : `> ${SAMPLER_TRIALS} in some seeds`);
  summary.push(
    `samplers (mf, ${SAMPLER_TRIALS} trials, ${SAMPLER_SEEDS.length} seeds): trials to reach random's best: random ${at(rows.map((r) => r.randomAt))}, TPE ${at(rows.map((r) => r.tpeAt))}; mean best valid RMSE random ${mean(rows.map((r) => r.randomBest)).toFixed(4)}, TPE ${mean(rows.map((r) => r.tpeBest)).toFixed(4)}`,
  );
}

console.log(`\n== summary (vmstat idle at start ${idle}%)`);
for (const line of summary) console.log(line);

// TPE against random search on the same study, over several seeds. The target: random's best after N trials,
// averaged over the seeds; TPE meets it when its best so far, averaged the same way, reaches that in fewer than
// N trials. Per seed too: random's best is the target and each sampler's count the first trial whose best so far
// reaches it (random's own is where it found it; TPE's "> N" when it never did, counted as N + 1, which favours
// random) — a noisy measure, as a random best found early is tied by TPE's random start-up trials. Both studies
// leave out the defaults trial (it is the same for both samplers and says nothing about them) and run their
// trials one at a time, so what TPE has seen before each proposal is the same on every run.
import { mean, trialValues, type BenchCli } from './tuneCli';

export interface RaceSetup {
  dataset: string;
  /** `ewb tune` arguments besides the sampler, seed and trials: model, space, fixed training flags. */
  args: string[];
  label: string;
  seeds: number[];
  trials: number;
  maximize: boolean;
}

export interface RaceRow {
  seed: number;
  target: number;
  randomAt: number;
  /** Infinity: TPE's best never reached the target. */
  tpeAt: number;
  tpeBest: number;
  /** Each sampler's best so far after every trial (1…N). */
  curves: { random: number[]; tpe: number[] };
}

/** The best so far after each trial 1…n (a failed or pruned trial keeps the best before it). */
function bestSoFar(values: Map<number, number>, n: number, maximize: boolean): number[] {
  const out: number[] = [];
  let best = maximize ? -Infinity : Infinity;
  for (let t = 1; t <= n; t++) {
    const v = values.get(t);
    if (v !== undefined && (maximize ? v > best : v < best)) best = v;
    out.push(best);
  }
  return out;
}

const reached = (curve: number[], target: number, maximize: boolean): number => {
  const i = curve.findIndex((v) => (maximize ? v >= target : v <= target));
  return i < 0 ? Infinity : i + 1;
};

export function samplerRace(cli: BenchCli, s: RaceSetup, log: (line: string) => void): string[] {
  const rows: RaceRow[] = [];
  for (const seed of s.seeds) {
    const curve = (sampler: string): number[] => {
      const args = ['--dataset', s.dataset, ...s.args, '--sampler', sampler, '--seed', String(seed)];
      const study = cli.study([...args, '--trials', String(s.trials), '--parallel', '1', '--no-defaults-trial']);
      return bestSoFar(trialValues(study.lines), s.trials, s.maximize);
    };
    const random = curve('random');
    const tpe = curve('tpe');
    const target = random.at(-1)!;
    const row = {
      seed,
      target,
      randomAt: reached(random, target, s.maximize),
      tpeAt: reached(tpe, target, s.maximize),
      tpeBest: tpe.at(-1)!,
      curves: { random, tpe },
    };
    rows.push(row);
    const at = (n: number) => (Number.isFinite(n) ? String(n) : `> ${s.trials}`);
    log(
      `   seed ${seed}: random's best ${target.toFixed(4)} at trial ${row.randomAt}; TPE reaches it at trial ${at(row.tpeAt)}, its best ${row.tpeBest.toFixed(4)}`,
    );
  }
  const censored = (n: number) => (Number.isFinite(n) ? n : s.trials + 1);
  const randomMean = mean(rows.map((r) => r.randomAt));
  const tpeMean = mean(rows.map((r) => censored(r.tpeAt)));
  const never = rows.filter((r) => !Number.isFinite(r.tpeAt)).length;
  const fewer = rows.filter((r) => r.tpeAt < r.randomAt).length;
  const checkpoints = [10, 15, 20, s.trials].filter((n, i, a) => n <= s.trials && a.indexOf(n) === i);
  const curveMean = (which: 'random' | 'tpe') =>
    checkpoints.map((n) => `${n}: ${mean(rows.map((r) => r.curves[which][n - 1]!)).toFixed(4)}`).join(', ');
  // Averaged over seeds first: the trials TPE's mean best so far needs to reach random's mean best after N.
  const randomMeanBest = mean(rows.map((r) => r.target));
  const meanCurve = (n: number) => mean(rows.map((r) => r.curves.tpe[n - 1]!));
  const better = (a: number, b: number) => (s.maximize ? a >= b : a <= b);
  let tpeMeanAt = Infinity;
  for (let n = 1; n <= s.trials && !Number.isFinite(tpeMeanAt); n++)
    if (better(meanCurve(n), randomMeanBest)) tpeMeanAt = n;
  const holds = tpeMeanAt < s.trials;
  return [
    `samplers (${s.label}, ${s.trials} trials, seeds ${s.seeds.join(',')}): random's mean best after ${s.trials} ` +
      `${randomMeanBest.toFixed(4)}; TPE's mean best reaches it after ${Number.isFinite(tpeMeanAt) ? tpeMeanAt : `> ${s.trials}`} ` +
      `trials: target ${holds ? 'HOLDS' : 'NOT met'}`,
    `   per seed, trials to reach random's best: random ${randomMean.toFixed(1)}, TPE ${tpeMean.toFixed(1)}` +
      `${never ? ` (${never} seeds never: counted as ${s.trials + 1})` : ''}; TPE in fewer in ${fewer} of ${rows.length} seeds`,
    `   mean best so far after n trials: random ${curveMean('random')}; TPE ${curveMean('tpe')}`,
  ];
}

// `node --import tsx bench/tpeOptuna.ts [--seeds 40] [--trials 30]`: this project's TPE beside Optuna's (its
// default TPESampler, in .venv-bench) and both random samplers, on known objectives that cost nothing to evaluate,
// so many seeds fit in a minute: per sampler, the mean best after n trials, the trials it needs to reach the random
// sampler's best after all of them per seed, and the n at which its mean best reaches random's mean best (the two
// measures bench/tune.ts reports on real studies).
// The objectives (minimised): `ials-like`, a tilted bowl over the space of bench/tune.ts's sampler study (λ and α
// over decades, a whole-number log dim) with a ripple; `branin` (Dixon & Szegö 1978) over x ∈ [−5, 10], y ∈ [0, 15].
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { SearchSpace } from '../src/shared';
import { randomSampler, tpeSampler, type Observation, type Sampler } from '../src/core/tune/samplers';
import { benchPython } from './python';

const { values } = parseArgs({ options: { seeds: { type: 'string' }, trials: { type: 'string' } } });
const SEEDS = Number(values.seeds ?? 40);
const TRIALS = Number(values.trials ?? 30);

const range = (low: number, high: number, log: boolean, integer = false) =>
  ({ kind: 'range', low, high, log, integer }) as const;
interface Problem {
  space: SearchSpace;
  /** The same formula as the Python side's, on the same parameter names. */
  f: (p: Record<string, number>) => number;
  py: string;
}
const PROBLEMS: Record<string, Problem> = {
  'ials-like': {
    space: { reg: range(1e-3, 10, true), alpha: range(0.1, 100, true), dim: range(8, 64, true, true) },
    f: ({ reg, alpha, dim }) => {
      const u = Math.log10(reg!) - 0.3;
      const v = Math.log10(alpha!) - 0.6;
      const w = Math.log2(dim!) - 4.6;
      return 0.5 * u * u + v * v + 0.3 * w * w + 0.4 * u * v + 0.1 * Math.sin(6 * v) ** 2;
    },
    py: `def f(p):
    u = math.log10(p["reg"]) - 0.3; v = math.log10(p["alpha"]) - 0.6; w = math.log2(p["dim"]) - 4.6
    return 0.5*u*u + v*v + 0.3*w*w + 0.4*u*v + 0.1*math.sin(6*v)**2
def suggest(t):
    return {"reg": t.suggest_float("reg", 1e-3, 10, log=True), "alpha": t.suggest_float("alpha", 0.1, 100, log=True),
            "dim": t.suggest_int("dim", 8, 64, log=True)}`,
  },
  branin: {
    space: { x: range(-5, 10, false), y: range(0, 15, false) } as SearchSpace,
    f: ({ x, y }) => {
      const b = 5.1 / (4 * Math.PI ** 2);
      return (y! - b * x! ** 2 + (5 / Math.PI) * x! - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x!) + 10;
    },
    py: `def f(p):
    x, y = p["x"], p["y"]; b = 5.1 / (4 * math.pi**2)
    return (y - b*x*x + 5/math.pi*x - 6)**2 + 10*(1 - 1/(8*math.pi))*math.cos(x) + 10
def suggest(t):
    return {"x": t.suggest_float("x", -5, 10), "y": t.suggest_float("y", 0, 15)}`,
  },
};

/** Best so far after each trial, one row per seed. */
type Curves = number[][];

function ours(problem: Problem, make: (seed: number) => Sampler): Curves {
  return Array.from({ length: SEEDS }, (_, seed) => {
    const sampler = make(seed);
    const history: Observation[] = [];
    let best = Infinity;
    const curve: number[] = [];
    for (let n = 1; n <= TRIALS; n++) {
      const params = sampler(problem.space, history, n);
      const loss = problem.f(params as Record<string, number>);
      history.push({ params, loss });
      curve.push((best = Math.min(best, loss)));
    }
    return curve;
  });
}

function optuna(python: string, problem: Problem, sampler: 'tpe' | 'random'): Curves {
  const script = `import json, math, sys, optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
${problem.py}
out = []
for seed in range(${SEEDS}):
    s = optuna.samplers.TPESampler(seed=seed) if "${sampler}" == "tpe" else optuna.samplers.RandomSampler(seed=seed)
    study = optuna.create_study(sampler=s)
    study.optimize(lambda t: f(suggest(t)), n_trials=${TRIALS})
    best, curve = math.inf, []
    for t in study.trials:
        best = min(best, t.value); curve.append(best)
    out.append(curve)
print(json.dumps(out))`;
  const r = spawnSync(python, ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`optuna: ${r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout) as Curves;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Per seed: the first trial whose best reaches random's final best (TRIALS + 1 when never). */
const toReach = (curves: Curves, random: Curves) =>
  mean(
    curves.map((c, s) => {
      const i = c.findIndex((v) => v <= random[s]!.at(-1)!);
      return i < 0 ? TRIALS + 1 : i + 1;
    }),
  );

/** The first n at which the seeds' mean best so far is at or below the random sampler's mean best after all. */
const meanReach = (curves: Curves, random: Curves): string => {
  const target = mean(random.map((c) => c.at(-1)!));
  for (let n = 1; n <= TRIALS; n++) if (mean(curves.map((c) => c[n - 1]!)) <= target) return String(n);
  return `> ${TRIALS}`;
};

const python = benchPython(['optuna']);
for (const [name, problem] of Object.entries(PROBLEMS)) {
  console.log(
    `\n== ${name}: ${SEEDS} seeds × ${TRIALS} trials; mean best after n trials, trials to reach random's best`,
  );
  const rows: [string, Curves, Curves][] = [];
  const random = ours(problem, randomSampler);
  rows.push(['ewb random', random, random], ['ewb tpe', ours(problem, tpeSampler), random]);
  if (python) {
    const optunaRandom = optuna(python, problem, 'random');
    rows.push(
      ['optuna random', optunaRandom, optunaRandom],
      ['optuna tpe', optuna(python, problem, 'tpe'), optunaRandom],
    );
  }
  for (const [label, curves, against] of rows) {
    const at = [10, 20, TRIALS].map((n) => `${n}: ${mean(curves.map((c) => c[n - 1]!)).toFixed(4)}`).join('  ');
    console.log(
      `   ${label.padEnd(14)} best after ${at}   per seed, trials to reach its random's best ${toReach(curves, against).toFixed(1)}; ` +
        `mean best reaches random's mean best after ${TRIALS} at n = ${meanReach(curves, against)}`,
    );
  }
}

// The samplers that propose a trial's options: uniform random, and TPE (Bergstra et al. 2011) as Optuna runs it
// by default — 10 random start-up trials, then 24 candidates drawn from the multivariate density of the best
// trials l(x) (parzen.ts), keeping the one with the largest l(x)/g(x) against the density of the rest. Both are
// stateless: a trial's proposal depends only on the seed, its number and the trials before it (finished, and
// running ones, which TPE counts as bad), so a resumed study goes on as it would have.
import type { SamplerName, SearchSpace, SearchValue } from '../../shared';
import { createRng, gaussian } from '../random';
import { hashSeed } from '../train/sampling';
import { fromLine, lineOf, toLine, uniformDraw } from './dimensions';
import {
  choiceKernels,
  componentWeights,
  logDensity,
  rangeKernels,
  sampleMixture,
  type Kernels,
  type Mixture,
} from './parzen';

/**
 * A trial as a sampler sees it: `loss` is the objective made lower-is-better; null: pruned, failed or (`running`)
 * not finished yet.
 */
export interface Observation {
  params: Record<string, SearchValue>;
  loss: number | null;
  running?: boolean;
  /** Stopped by the pruner: it counts towards the start-up trials, as a finished one (Optuna's rule). */
  pruned?: boolean;
}

export type Params = Record<string, SearchValue>;
export type Sampler = (space: SearchSpace, history: readonly Observation[], trial: number) => Params;

export const TPE_STARTUP = 10;
export const TPE_CANDIDATES = 24;

/** Optuna's default split: the best ⌈10 %⌉ of the trials, at most 25, make the "good" density. */
export const goodCount = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

const rngFor = (seed: number, trial: number): (() => number) => createRng(hashSeed(seed, trial, 0x7e5));

export function randomSampler(seed: number): Sampler {
  return (space, _history, trial) => {
    const rng = rngFor(seed, trial);
    const out: Params = {};
    for (const [key, d] of Object.entries(space)) out[key] = uniformDraw(d, rng);
    return out;
  };
}

/**
 * Observations split into the best ones (good) and the rest plus pruned and failed ones (bad), each in trial
 * order; running trials count as bad (Optuna's constant liar: parallel trials are not proposed twice) but not in n.
 */
function splitHistory(history: readonly Observation[]): { good: Observation[]; bad: Observation[] } {
  const finished = history.filter((o) => o.loss !== null).sort((a, b) => a.loss! - b.loss!);
  const good = new Set(finished.slice(0, goodCount(history.filter((o) => !o.running).length)));
  return { good: history.filter((o) => good.has(o)), bad: history.filter((o) => !good.has(o)) };
}

/** Each observation as a point: a line position per range, a value index per list (null: outside the space). */
function pointOf(space: SearchSpace, o: Observation): number[] | null {
  const point: number[] = [];
  for (const [key, d] of Object.entries(space)) {
    const v = o.params[key];
    if (d.kind === 'choice') {
      const i = d.values.indexOf(v!);
      if (i < 0) return null;
      point.push(i);
    } else if (typeof v !== 'number') return null;
    else point.push(toLine(d, v));
  }
  return point;
}

function mixtureOf(space: SearchSpace, os: readonly Observation[]): Mixture {
  const points = os.map((o) => pointOf(space, o)).filter((p): p is number[] => p !== null);
  const options = Object.values(space).map((d, i): Kernels => {
    const xs = points.map((p) => p[i]!);
    return d.kind === 'choice' ? choiceKernels(xs, d.values.length) : rangeKernels(xs, lineOf(d));
  });
  return { weights: componentWeights(points.length), options };
}

export function tpeSampler(seed: number): Sampler {
  const random = randomSampler(seed);
  return (space, history, trial) => {
    // Pruned trials count: a pruner that stops half the trials would otherwise keep TPE random twice as long.
    if (history.filter((o) => o.loss !== null || o.pruned).length < TPE_STARTUP) return random(space, history, trial);
    const rng = rngFor(seed, trial);
    const normal = (): number => gaussian(rng);
    const { good, bad } = splitHistory(history);
    const l = mixtureOf(space, good);
    const g = mixtureOf(space, bad);
    // The candidate with the largest l(x) / g(x) of those drawn from l, all options at once (multivariate).
    let best: number[] = [];
    let bestScore = -Infinity;
    for (let c = 0; c < TPE_CANDIDATES; c++) {
      const x = sampleMixture(l, rng, normal);
      const score = logDensity(l, x) - logDensity(g, x);
      if (score > bestScore) [best, bestScore] = [x, score];
    }
    const out: Params = {};
    Object.entries(space).forEach(([key, d], i) => {
      out[key] = d.kind === 'choice' ? d.values[best[i]!]! : fromLine(d, best[i]!);
    });
    return out;
  };
}

export const samplerOf = (name: SamplerName, seed: number): Sampler =>
  name === 'random' ? randomSampler(seed) : tpeSampler(seed);

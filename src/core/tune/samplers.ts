// The samplers that propose a trial's options: uniform random, and TPE (Bergstra et al. 2011) as Optuna runs it
// by default — 10 random start-up trials, then per option 24 candidates drawn from the density of the best
// trials l(x), keeping the one with the largest l(x)/g(x) against the density of the rest. Both are stateless:
// a trial's proposal depends only on the seed, its number and the trials before it, so a resumed study goes on
// exactly as it would have.
import type { SamplerName, SearchDimension, SearchSpace, SearchValue } from '../../shared';
import { createRng, gaussian } from '../random';
import { hashSeed } from '../train/sampling';
import { fromLine, lineOf, toLine, uniformDraw } from './dimensions';
import { categoricalOf, logDensity, mixtureOf, sampleCategorical, sampleMixture } from './parzen';

/** A finished trial as a sampler sees it: `loss` is the objective made lower-is-better; null: pruned or failed. */
export interface Observation {
  params: Record<string, SearchValue>;
  loss: number | null;
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

/** Observations split into the best ones (good) and the rest plus pruned and failed ones (bad). */
function splitHistory(history: readonly Observation[]): { good: Observation[]; bad: Observation[] } {
  const finished = history.filter((o) => o.loss !== null).sort((a, b) => a.loss! - b.loss!);
  const n = goodCount(history.length);
  return { good: finished.slice(0, n), bad: [...finished.slice(n), ...history.filter((o) => o.loss === null)] };
}

function proposeOne(d: SearchDimension, key: string, good: Observation[], bad: Observation[], rng: () => number) {
  const normal = (): number => gaussian(rng);
  if (d.kind === 'choice') {
    const index = (o: Observation): number => d.values.indexOf(o.params[key]!);
    const known = (os: Observation[]) => os.map(index).filter((i) => i >= 0);
    const l = categoricalOf(known(good), d.values.length);
    const g = categoricalOf(known(bad), d.values.length);
    let best = sampleCategorical(l, rng);
    for (let c = 1; c < TPE_CANDIDATES; c++) {
      const i = sampleCategorical(l, rng);
      if (l[i]! / g[i]! > l[best]! / g[best]!) best = i;
    }
    return d.values[best]!;
  }
  const line = lineOf(d);
  const points = (os: Observation[]) =>
    os
      .map((o) => o.params[key])
      .filter((v): v is number => typeof v === 'number')
      .map((v) => toLine(d, v));
  const l = mixtureOf(points(good), line);
  const g = mixtureOf(points(bad), line);
  let best = NaN;
  let bestScore = -Infinity;
  for (let c = 0; c < TPE_CANDIDATES; c++) {
    const x = sampleMixture(l, rng, normal);
    const score = logDensity(l, x) - logDensity(g, x);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return fromLine(d, best);
}

export function tpeSampler(seed: number): Sampler {
  const random = randomSampler(seed);
  return (space, history, trial) => {
    if (history.filter((o) => o.loss !== null).length < TPE_STARTUP) return random(space, history, trial);
    const rng = rngFor(seed, trial);
    const { good, bad } = splitHistory(history);
    const out: Params = {};
    // Options are proposed one by one, independently (Optuna's default, univariate TPE).
    for (const [key, d] of Object.entries(space)) out[key] = proposeOne(d, key, good, bad, rng);
    return out;
  };
}

export const samplerOf = (name: SamplerName, seed: number): Sampler =>
  name === 'random' ? randomSampler(seed) : tpeSampler(seed);

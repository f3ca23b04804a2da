// The samplers' distributions: random is uniform on each dimension's line (log ranges in log space, every whole
// number and listed value), seeded and stateless; TPE concentrates its proposals where a known objective is low
// and finds a lower value than random within the same number of trials.
import { describe, expect, it } from 'vitest';
import type { SearchSpace } from '../../shared';
import { createRng, gaussian } from '../random';
import { componentWeights, logDensity, rangeKernels, sampleMixture, type Kernels } from './parzen';
import { randomSampler, tpeSampler, TPE_STARTUP, type Observation, type Sampler } from './samplers';

const SPACE: SearchSpace = {
  lr: { kind: 'range', low: 1e-4, high: 1, log: true, integer: false },
  dim: { kind: 'range', low: 1, high: 6, log: false, integer: true },
  loss: { kind: 'choice', values: ['bpr', 'warp', 'a', 'b'] },
};

describe('the random sampler', () => {
  const draws = Array.from({ length: 4000 }, (_, n) => randomSampler(7)(SPACE, [], n + 1));

  it('is uniform in log space on a log range', () => {
    const bins = [0, 0, 0, 0];
    for (const d of draws) bins[Math.min(3, Math.floor(-Math.log10(d.lr as number)))]!++;
    for (const b of bins) expect(b / draws.length).toBeGreaterThan(0.22);
    for (const b of bins) expect(b / draws.length).toBeLessThan(0.28);
    expect(Math.min(...draws.map((d) => d.lr as number))).toBeGreaterThanOrEqual(1e-4);
  });

  it('gives every whole number of a range and every listed value about equally often', () => {
    const counts = new Map<unknown, number>();
    for (const d of draws) for (const v of [`dim${d.dim}`, d.loss]) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (let v = 1; v <= 6; v++) expect(counts.get(`dim${v}`)! / draws.length).toBeCloseTo(1 / 6, 1);
    for (const v of ['bpr', 'warp', 'a', 'b']) expect(counts.get(v)! / draws.length).toBeCloseTo(1 / 4, 1);
    for (const d of draws) expect(Number.isInteger(d.dim)).toBe(true);
  });

  it('depends only on its seed and the trial number (a resumed study proposes the same)', () => {
    expect(randomSampler(7)(SPACE, [], 12)).toEqual(draws[11]);
    expect(randomSampler(8)(SPACE, [], 12)).not.toEqual(draws[11]);
  });
});

/** A known objective: best at lr = 1e-2, dim = 4 and loss `warp`, with a little noise-free structure. */
const objective = (p: Record<string, unknown>): number =>
  (Math.log10(p.lr as number) + 2) ** 2 + 0.3 * ((p.dim as number) - 4) ** 2 + (p.loss === 'warp' ? 0 : 1);

function study(sampler: Sampler, trials: number): Observation[] {
  const history: Observation[] = [];
  for (let n = 1; n <= trials; n++) {
    const params = sampler(SPACE, history, n);
    history.push({ params, loss: objective(params) });
  }
  return history;
}

describe('the TPE sampler', () => {
  it('starts with the random sampler’s proposals', () => {
    const tpe = study(tpeSampler(3), TPE_STARTUP);
    const random = study(randomSampler(3), TPE_STARTUP);
    expect(tpe.map((o) => o.params)).toEqual(random.map((o) => o.params));
  });

  it('then proposes near the optimum of a known objective far more often than random does', () => {
    const near = (o: Observation) => Math.abs(Math.log10(o.params.lr as number) + 2) < 0.5;
    let tpeNear = 0;
    let randomNear = 0;
    let warp = 0;
    const seeds = [1, 2, 3, 4, 5];
    for (const seed of seeds) {
      const later = study(tpeSampler(seed), 60).slice(30);
      tpeNear += later.filter(near).length;
      warp += later.filter((o) => o.params.loss === 'warp').length;
      randomNear += study(randomSampler(seed), 60).slice(30).filter(near).length;
    }
    const n = 30 * seeds.length;
    // Uniform in log10 over [-4, 0]: a quarter of the draws fall within 0.5 of -2.
    expect(randomNear / n).toBeLessThan(0.35);
    expect(tpeNear / n).toBeGreaterThan(0.6);
    expect(warp / n).toBeGreaterThan(0.5); // random: 0.25
  });

  it('finds a lower value than random in the same number of trials, averaged over seeds', () => {
    const best = (h: Observation[]) => Math.min(...h.map((o) => o.loss!));
    const seeds = [11, 12, 13, 14, 15, 16];
    const mean = (s: (seed: number) => Sampler) =>
      seeds.reduce((a, seed) => a + best(study(s(seed), 40)), 0) / seeds.length;
    expect(mean(tpeSampler)).toBeLessThan(mean(randomSampler) * 0.6);
  });

  it('gives the outermost observations the gap to their one neighbour, not to the range’s end (as Optuna)', () => {
    // 20 points 0.30 … 0.68 and one at 0.70: 21 kernels and the prior, so the clip is 1 / 23.
    const xs = [...Array.from({ length: 20 }, (_, i) => 0.3 + 0.02 * i), 0.7];
    const k = rangeKernels(xs, { low: 0, high: 1 });
    if (k.kind !== 'range') throw new Error('a range has range kernels');
    expect(k.sigmas[20]).toBeCloseTo(1 / 23, 10); // 0.02 to its neighbour, clipped; not 0.3 to the end
    expect(k.sigmas[0]).toBeCloseTo(1 / 23, 10); // the lowest likewise (0.3 to the range's start)
    expect(k.sigmas[10]).toBeCloseTo(1 / 23, 10);
    expect([k.mus[21], k.sigmas[21]]).toEqual([0.5, 1]); // the prior spans the range
    // One point alone: the larger gap to the range's ends.
    const one = rangeKernels([0.2], { low: 0, high: 1 });
    expect(one.kind === 'range' && one.sigmas[0]).toBeCloseTo(0.8, 10);
  });

  it('weighs old trials of a long study less (Optuna’s default weights) and the prior as one trial', () => {
    expect([...componentWeights(3)]).toEqual([0.25, 0.25, 0.25, 0.25]);
    const w = componentWeights(30); // 5 ramping from 1/30, 25 at 1, the prior at 1
    const total =
      1 / 30 + (1 / 30 + 0.25 * (29 / 30)) + (1 / 30 + 0.5 * (29 / 30)) + (1 / 30 + 0.75 * (29 / 30)) + 1 + 26;
    expect(w[0]).toBeCloseTo(1 / 30 / total, 12);
    expect(w[4]).toBeCloseTo(1 / total, 12);
    expect(w[29]).toBeCloseTo(1 / total, 12);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('draws every option of a proposal from one component, and scores points jointly (multivariate)', () => {
    // Two narrow components at (0.1, 0.1) and (0.9, 0.9): their options never mix.
    const line = { low: 0, high: 1 };
    const option = (): Kernels => ({
      kind: 'range',
      line,
      mus: Float64Array.of(0.1, 0.9),
      sigmas: Float64Array.of(0.01, 0.01),
      logMass: Float64Array.of(0, 0),
    });
    const m = { weights: Float64Array.of(0.5, 0.5), options: [option(), option()] };
    const rng = createRng(4);
    const draws = Array.from({ length: 400 }, () => sampleMixture(m, rng, () => gaussian(rng)));
    for (const [x, y] of draws) expect(Math.abs(x! - y!)).toBeLessThan(0.1);
    expect(draws.filter(([x]) => x! < 0.5).length).toBeGreaterThan(150); // both components drawn
    expect(logDensity(m, [0.1, 0.1]) - logDensity(m, [0.1, 0.9])).toBeGreaterThan(1000);
  });

  it('ends its start-up after 10 finished trials, pruned ones included, failed and running ones not', () => {
    const random = randomSampler(3);
    const tpe = tpeSampler(3);
    const history: Observation[] = study(randomSampler(3), 6);
    const more = (o: Partial<Observation>) => ({ params: random(SPACE, [], 99), loss: null, ...o });
    const failedOrRunning = [...history, more({}), more({}), more({ running: true }), more({ running: true })];
    expect(tpe(SPACE, failedOrRunning, 11)).toEqual(random(SPACE, [], 11)); // 6 finished: still random
    const pruned = [...history, ...Array.from({ length: 4 }, () => more({ pruned: true }))];
    expect(tpe(SPACE, pruned, 11)).not.toEqual(random(SPACE, [], 11)); // 10 finished: TPE's own
  });

  it('counts pruned and failed trials as bad and is reproducible from its seed', () => {
    const history = study(tpeSampler(9), 20);
    history.push({ params: { lr: 0.01, dim: 4, loss: 'warp' }, loss: null });
    expect(tpeSampler(9)(SPACE, history, 22)).toEqual(tpeSampler(9)(SPACE, history, 22));
  });
});

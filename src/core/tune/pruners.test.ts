// Pruning on a planted set of validation curves, as a study of an SGD model produces them: v(t) = a + b·e^(−t/τ)
// + noise, with asymptotes a spread out, starting gaps b and speeds τ varied, and some curves that overfit
// (turn up after their best epoch); and a set that first sits flat for some epochs, as BPR's curves do. Whatever order trials arrive in, the trial with the best final value must
// never be pruned, while a good share of the hopeless ones must be — a pruner that never prunes fails too.
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { bestUpTo, medianPruner, prunerOf, type Curve, type Pruner } from './pruners';

const EPOCHS = 40;

interface Planted {
  curve: [number, number][];
  final: number;
}

/** `flat`: each curve stays at its start for up to this share of the epochs before it falls. */
function plantedCurves(seed: number, n = 40, flat = 0): Planted[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const a = 0.84 + 0.12 * rng(); // where it ends up
    const b = 0.15 + 0.35 * rng(); // how far above it starts
    const tau = 1 + 3 * rng(); // how slowly it gets there (epochs)
    const overfit = rng() < 0.3 ? 0.002 * rng() : 0; // some turn up again after their best epoch
    const start = Math.floor(flat * EPOCHS * rng()); // epochs spent flat
    const curve: [number, number][] = [];
    for (let t = 1; t <= EPOCHS; t++) {
      const s = Math.max(1, t - start);
      curve.push([t, a + b * Math.exp(-s / tau) + overfit * Math.max(0, s - 3 * tau) + 0.001 * gaussian(rng)]);
    }
    return { curve, final: bestUpTo(curve, EPOCHS)! };
  });
}

/**
 * BPR's negated NDCG@10 on ml-latest-small's validation rows, over 60 epochs: flat at popularity's -0.08 for up to
 * 12 epochs, then slowly (τ 4–16 epochs) down to -0.08 … -0.115, with epoch-to-epoch noise (sd 0.002) larger than
 * an epoch's gain late in the curve.
 */
function rankingCurves(seed: number, epochs: number, n = 40): Planted[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const a = -0.08 - 0.035 * rng();
    const tau = 4 + 12 * rng();
    const start = Math.floor(0.2 * epochs * rng());
    const curve: [number, number][] = [];
    for (let t = 1; t <= epochs; t++)
      curve.push([t, a + (-0.08 - a) * Math.exp(-Math.max(0, t - start) / tau) + 0.002 * gaussian(rng)]);
    return { curve, final: bestUpTo(curve, epochs)! };
  });
}

/** Trials one after another in the given order, each judged after every epoch against those before it. */
function replay(curves: Planted[], order: number[], pruner: Pruner): Set<number> {
  const pruned = new Set<number>();
  const seen: { curve: Curve; finished: boolean }[] = [];
  for (const i of order) {
    const full = curves[i]!.curve;
    let ran = full.length;
    for (let e = 1; e <= full.length; e++)
      if (pruner(full.slice(0, e), seen)) {
        pruned.add(i);
        ran = e;
        break;
      }
    seen.push({ curve: full.slice(0, ran), finished: !pruned.has(i) });
  }
  return pruned;
}

function shuffled(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Over 20 planted studies in 5 orders each: how often the best trial was pruned (the worse half must be, mostly). */
function check(pruner: Pruner, flat = 0, curvesOf = (seed: number) => plantedCurves(seed, 40, flat)): number {
  let bestPruned = 0;
  let prunedWorse = 0;
  let worse = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const curves = curvesOf(seed);
    const best = curves.reduce((b, c, i) => (c.final < curves[b]!.final ? i : b), 0);
    const median = [...curves.map((c) => c.final)].sort((x, y) => x - y)[curves.length >> 1]!;
    for (let o = 0; o < 5; o++) {
      const pruned = replay(curves, shuffled(curves.length, seed * 100 + o), pruner);
      if (pruned.has(best)) bestPruned++;
      // The worse half of the trials: how many did it stop?
      curves.forEach((c, i) => {
        if (c.final > median) {
          worse++;
          if (pruned.has(i)) prunedWorse++;
        }
      });
    }
  }
  expect(prunedWorse / worse).toBeGreaterThan(0.7);
  return bestPruned;
}

/** The plain median rule (Optuna's MedianPruner with a warm-up), to show what the bound guards against. */
const plainMedian =
  (warmup: number): Pruner =>
  (trial, others) => {
    const epoch = trial.at(-1)![0];
    const finished = others.filter((o) => o.finished);
    if (epoch < warmup || finished.length < 5) return null;
    const bar = finished.map((o) => bestUpTo(o.curve, epoch)!).sort((a, b) => a - b);
    return bestUpTo(trial, epoch)! > bar[bar.length >> 1]! ? 'worse' : null;
  };

describe('pruning on planted curves', () => {
  it('never drops the best trial, and stops most of the worse half', () => {
    expect(check(prunerOf('median', EPOCHS))).toBe(0);
  });

  it('where the plain median rule at the same epoch drops the best, a slow starter', () => {
    expect(check(plainMedian(5))).toBeGreaterThan(10);
  });

  it('never drops the best when curves first sit flat for up to a fifth of the epochs (its warm-up: a quarter)', () => {
    expect(check(prunerOf('median', EPOCHS), 0.2)).toBe(0);
    // The same bound after a 3-epoch warm-up reads the flat start as "no progress" and drops slow starters.
    expect(check(medianPruner({ startup: 5, warmup: 3, epochs: EPOCHS, window: 2 }), 0.2)).toBeGreaterThan(5);
  });

  it('rarely drops the best of noisy, slow ranking curves, measuring its pace over an eighth of the epochs', () => {
    const ranking = (seed: number) => rankingCurves(seed, 60);
    expect(check(prunerOf('median', 60), 0, ranking)).toBeLessThanOrEqual(5);
    // Over the last 2 epochs a noisy curve's best often does not move: "no progress", pruned.
    expect(check(medianPruner({ startup: 5, warmup: 15, epochs: 60, window: 2 }), 0, ranking)).toBeGreaterThan(20);
  });

  it('prunes nothing when asked for none', () => {
    const curves = plantedCurves(1);
    expect(replay(curves, shuffled(curves.length, 1), prunerOf('none', EPOCHS)).size).toBe(0);
  });

  it('waits for its warm-up and its start-up trials, and extends the curve at its pace', () => {
    const pruner = medianPruner({ startup: 3, warmup: 4, epochs: 10, window: 2 });
    const good = {
      curve: [
        [1, 0.5],
        [5, 0.4],
        [9, 0.3],
      ] as Curve,
      finished: true,
    };
    const flat: Curve = [
      [1, 2],
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 2],
    ];
    expect(pruner(flat.slice(0, 3), [good, good, good])).toBeNull(); // epoch 3 < warm-up
    expect(pruner(flat, [good, good])).toBeNull(); // 2 finished < start-up
    expect(pruner(flat, [good, good, good])).toMatch(/would reach 2.0000: worse than the median 0.30000 of 3/);
    // Falling by 0.4 an epoch, 5 epochs to go: it could still reach -0.2.
    const falling: Curve = [
      [1, 3.2],
      [2, 2.8],
      [3, 2.4],
      [4, 2.0],
      [5, 1.6],
    ];
    expect(pruner(falling, [good, good, good])).toBeNull();
  });
});

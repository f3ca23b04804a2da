// Which options mattered in a study (IMPORTANCE_METHOD): for each option alone, the share of the objective's
// variance between groups of trials — its values in quartile bins, or each listed value — (η², the correlation
// ratio), normalised over the options. A simple, assumption-light split; unlike fANOVA it credits an option
// with what it explains together with correlated ones, so read it as "where the objective moved".
import type { OptionImportance, SearchValue } from '../../shared';

export interface Scored {
  params: Record<string, SearchValue>;
  value: number;
}

const BINS = 4;

/** η² of the objective grouped by an option's value. */
export function varianceShare(trials: readonly Scored[], option: string): number {
  const points = trials.filter((t) => t.params[option] !== undefined);
  if (points.length < 2) return 0;
  const mean = points.reduce((a, t) => a + t.value, 0) / points.length;
  const total = points.reduce((a, t) => a + (t.value - mean) ** 2, 0);
  if (total === 0) return 0;
  const groups = new Map<string | number, number[]>();
  const numeric = points.every((t) => typeof t.params[option] === 'number');
  const sorted = numeric
    ? [...points].sort((a, b) => (a.params[option] as number) - (b.params[option] as number))
    : points;
  sorted.forEach((t) => {
    // Quartile bins by rank; equal values stay together, in the bin of their first occurrence.
    const v = t.params[option]!;
    const bin = numeric ? Math.floor((sorted.findIndex((s) => s.params[option] === v) * BINS) / sorted.length) : v;
    const list = groups.get(bin) ?? [];
    list.push(t.value);
    groups.set(bin, list);
  });
  let between = 0;
  for (const values of groups.values()) {
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    between += values.length * (m - mean) ** 2;
  }
  return between / total;
}

/** Below this many scored trials the split says nothing: every share is 0. */
export const MIN_TRIALS = 5;

/** Importances of `options`, largest first, summing to 1 (all 0 when nothing varied or too few trials). */
export function optionImportance(trials: readonly Scored[], options: readonly string[]): OptionImportance[] {
  const enough = trials.length >= MIN_TRIALS;
  const raw = options.map((option) => ({ option, share: enough ? varianceShare(trials, option) : 0 }));
  const sum = raw.reduce((a, r) => a + r.share, 0);
  return raw.map((r) => ({ option: r.option, share: sum > 0 ? r.share / sum : 0 })).sort((a, b) => b.share - a.share);
}

// Train/valid/test assignment: the file's own split column, seeded random, per-user leave-last-N, or a
// global time cut. Works on rows (interactions) and on sequences alike: both are "units" with a group
// (user) and a time.
import type { SplitName, SplitSpec } from '../../shared';
import { WorkbenchError } from '../../shared';
import { createRng, shuffle } from '../random';
import { groupBy } from './grouping';

export const SPLIT_CODES: Record<SplitName, number> = { train: 0, valid: 1, test: 2 };
export const NO_SPLIT = 255;
const SPLIT_ALIASES: Record<string, SplitName> = {
  train: 'train',
  training: 'train',
  valid: 'valid',
  validation: 'valid',
  val: 'valid',
  dev: 'valid',
  test: 'test',
};

/** The split code of a `split` cell, or null when the value is not one we know. */
export function parseSplit(value: string): number | null {
  const name = SPLIT_ALIASES[value.trim().toLowerCase()];
  return name === undefined ? null : SPLIT_CODES[name];
}

function fractions(valid = 0.1, test = 0.1): { valid: number; test: number } {
  if (!(valid >= 0 && test >= 0 && valid + test < 1)) {
    throw new WorkbenchError(
      'BadRequest',
      `split fractions must be ≥ 0 and leave some training data (valid ${valid}, test ${test})`,
    );
  }
  return { valid, test };
}

/** Exactly floor(valid·n) valid and floor(test·n) test units, the rest train, in a seeded random order. */
export function randomSplit(n: number, seed: number, validFraction?: number, testFraction?: number): Uint8Array {
  const { valid, test } = fractions(validFraction, testFraction);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffle(order, createRng(seed));
  const codes = new Uint8Array(n);
  const nTest = Math.floor(n * test);
  const nValid = Math.floor(n * valid);
  for (let r = 0; r < n; r++)
    codes[order[r]!] = r < nTest ? SPLIT_CODES.test : r < nTest + nValid ? SPLIT_CODES.valid : SPLIT_CODES.train;
  return codes;
}

/**
 * Per group (user), units ordered by time (then by position): the last `n` go to test and the `n` before to
 * valid, always leaving a group at least one training unit.
 */
export function leaveLastSplit(
  groups: Int32Array,
  numGroups: number,
  times: Float64Array | null,
  n: number,
): Uint8Array {
  if (!(Number.isInteger(n) && n >= 1)) throw new WorkbenchError('BadRequest', `leave-last needs n ≥ 1 (got ${n})`);
  const { order, starts } = groupBy(groups, numGroups, times);
  const codes = new Uint8Array(groups.length);
  for (let g = 0; g < numGroups; g++) {
    const start = starts[g]!;
    const end = starts[g + 1]!;
    const size = end - start;
    if (size === 0) continue;
    const nTest = Math.min(n, size - 1);
    const nValid = Math.min(n, size - 1 - nTest);
    for (let k = 0; k < nTest; k++) codes[order[end - 1 - k]!] = SPLIT_CODES.test;
    for (let k = 0; k < nValid; k++) codes[order[end - 1 - nTest - k]!] = SPLIT_CODES.valid;
  }
  return codes;
}

/** A global time cut: units in the last `test` fraction of the time span go to test, the `valid` before to valid. */
export function chronoSplit(times: Float64Array, validFraction?: number, testFraction?: number): Uint8Array {
  const { valid, test } = fractions(validFraction, testFraction);
  let min = Infinity;
  let max = -Infinity;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const span = max - min;
  const testFrom = max - test * span;
  const validFrom = max - (test + valid) * span;
  const codes = new Uint8Array(times.length);
  times.forEach((t, i) => {
    // Units without a time stay in train; with a zero span everything does.
    codes[i] =
      !Number.isFinite(t) || span === 0
        ? 0
        : t >= testFrom && test > 0
          ? SPLIT_CODES.test
          : t >= validFrom && valid > 0
            ? SPLIT_CODES.valid
            : 0;
  });
  return codes;
}

/**
 * Cold-start items: ⌊fraction · items⌋ of the items that have rows, chosen with the seed, send every row to test;
 * the other rows are split at random by `valid` and `test` (their fractions of those rows).
 */
export function coldItemSplit(
  items: Int32Array,
  numItems: number,
  seed: number,
  fraction = 0.1,
  validFraction?: number,
  testFraction?: number,
): Uint8Array {
  if (!(fraction > 0 && fraction < 1))
    throw new WorkbenchError('BadRequest', `the share of cold items must be between 0 and 1 (got ${fraction})`);
  const seen = new Uint8Array(numItems);
  for (const i of items) seen[i] = 1;
  const present = Int32Array.from(seen.keys()).filter((i) => seen[i] === 1);
  shuffle(present, createRng(seed ^ 0xc01d));
  const cold = new Uint8Array(numItems);
  for (const i of present.subarray(0, Math.floor(present.length * fraction))) cold[i] = 1;
  const warm = Int32Array.from(items.keys()).filter((r) => cold[items[r]!] === 0);
  const warmCodes = randomSplit(warm.length, seed, validFraction, testFraction);
  const codes = new Uint8Array(items.length).fill(SPLIT_CODES.test);
  warm.forEach((r, k) => (codes[r] = warmCodes[k]!));
  return codes;
}

export interface SplitUnits {
  count: number;
  /** The file's split per unit (NO_SPLIT where absent), when a split column is mapped. */
  given: Uint8Array | null;
  groups: Int32Array | null;
  numGroups: number;
  times: Float64Array | null;
  /** Interactions' items (vocabulary indices) and their table size, for a cold-items split. */
  items?: { ids: Int32Array; size: number };
}

/** Resolves a split spec (default: the split column if mapped, else random 80/10/10) for a set of units. */
export function assignSplits(spec: SplitSpec | undefined, units: SplitUnits, seed: number): Uint8Array {
  const kind = spec?.kind ?? (units.given ? 'column' : 'random');
  switch (kind) {
    case 'column': {
      if (!units.given)
        throw new WorkbenchError('BadRequest', 'split kind "column" needs a split column in the mapping');
      // Rows the file leaves without a split value were rejected on reading; all have one here.
      return units.given;
    }
    case 'random': {
      const s = spec as { valid?: number; test?: number } | undefined;
      return randomSplit(units.count, seed, s?.valid, s?.test);
    }
    case 'leaveLast': {
      if (!units.groups) throw new WorkbenchError('BadRequest', 'split kind "leaveLast" needs a user column');
      return leaveLastSplit(units.groups, units.numGroups, units.times, (spec as { n?: number }).n ?? 1);
    }
    case 'coldItems': {
      const s = spec as { items?: number; valid?: number; test?: number };
      // Sequences have no single item: they are split at random by the same fractions.
      if (!units.items) return randomSplit(units.count, seed, s.valid, s.test);
      return coldItemSplit(units.items.ids, units.items.size, seed, s.items, s.valid, s.test);
    }
    case 'chrono': {
      if (!units.times) throw new WorkbenchError('BadRequest', 'split kind "chrono" needs a timestamp column');
      const s = spec as { valid?: number; test?: number };
      return chronoSplit(units.times, s.valid, s.test);
    }
    default:
      throw new WorkbenchError(
        'BadRequest',
        `unknown split kind "${String(kind)}"; use random, leaveLast, chrono, column or coldItems`,
      );
  }
}

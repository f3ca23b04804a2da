// Train/valid/test assignment: the user's own `split` column, or a seeded random 80/10/10.
import type { SplitName } from '../../shared';
import { createRng, shuffle } from '../random';

export const SPLIT_CODES: Record<SplitName, number> = { train: 0, valid: 1, test: 2 };
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

/** Exactly floor(80%) train and floor(10%) valid rows, the rest test, in a seeded random order. */
export function randomSplit(rows: number, seed: number): Uint8Array {
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  shuffle(order, createRng(seed));
  const codes = new Uint8Array(rows);
  const nTrain = Math.floor(rows * 0.8);
  const nValid = Math.floor(rows * 0.1);
  for (let r = 0; r < rows; r++) {
    codes[order[r]!] = r < nTrain ? SPLIT_CODES.train : r < nTrain + nValid ? SPLIT_CODES.valid : SPLIT_CODES.test;
  }
  return codes;
}

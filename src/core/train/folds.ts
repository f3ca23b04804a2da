// Split overrides a run's request may carry (TrainConfig.folds, .trainOnValid), applied to the split column as the
// training process loads the data: k-fold cross-validation over the train + valid rows (test rows stay test), or
// the validation rows joined to training for a final fit. Pure, seeded: the same spec gives the same folds.
import type { FoldSpec, TrainConfig } from '../../shared';
import { WorkbenchError } from '../../shared';
import { createRng, shuffle } from '../random';
import { hashSeed } from './sampling';

const TRAIN = 0;
const VALID = 1;
const TEST = 2;

/**
 * The fold (0 … k − 1) of each row, −1 for test rows. `row`: a seeded shuffle of the train + valid rows dealt
 * round-robin, so folds differ in size by at most one. `user`: each user's rows are shuffled and dealt from a
 * random starting fold, so every user has about 1/k of their rows in each fold and folds stay balanced.
 */
export function foldAssignment(splits: Uint8Array, spec: Omit<FoldSpec, 'fold'>, users?: Int32Array): Int8Array {
  const { k, by, seed } = spec;
  const fold = new Int8Array(splits.length).fill(-1);
  const rng = createRng(hashSeed(seed, 0xf01d));
  if (by === 'row') {
    const rows = heldIn(splits);
    shuffle(rows, rng);
    for (let p = 0; p < rows.length; p++) fold[rows[p]!] = p % k;
    return fold;
  }
  if (!users)
    throw new WorkbenchError('BadRequest', 'folds by user need user × item interactions; deal sequences by row');
  // Rows grouped by user (counting sort), users visited in index order so the deal does not depend on row order.
  let maxUser = 0;
  for (let n = 0; n < users.length; n++) if (splits[n] !== TEST && users[n]! > maxUser) maxUser = users[n]!;
  const start = new Int32Array(maxUser + 2);
  for (let n = 0; n < users.length; n++) if (splits[n] !== TEST) start[users[n]! + 1]!++;
  for (let u = 0; u <= maxUser; u++) start[u + 1]! += start[u]!;
  const byUser = new Int32Array(start[maxUser + 1]!);
  const fill = start.slice(0, maxUser + 1);
  for (let n = 0; n < users.length; n++) if (splits[n] !== TEST) byUser[fill[users[n]!]!++] = n;
  for (let u = 0; u <= maxUser; u++) {
    const rows = byUser.subarray(start[u]!, start[u + 1]!);
    if (rows.length === 0) continue;
    shuffle(rows, rng);
    const offset = Math.floor(rng() * k);
    for (let p = 0; p < rows.length; p++) fold[rows[p]!] = (p + offset) % k;
  }
  return fold;
}

/** The train + valid rows, in order. */
function heldIn(splits: Uint8Array): Int32Array {
  let count = 0;
  for (let n = 0; n < splits.length; n++) if (splits[n] !== TEST) count++;
  const rows = new Int32Array(count);
  for (let n = 0, i = 0; n < splits.length; n++) if (splits[n] !== TEST) rows[i++] = n;
  return rows;
}

/**
 * Rewrites `splits` in place (it may be a SharedArrayBuffer the worker threads read) as the config asks: the
 * fold's rows become valid and the other train + valid rows train; or valid rows become train. Returns whether
 * anything was asked.
 */
export function applySplitOverrides(
  splits: Uint8Array,
  config: Pick<TrainConfig, 'folds' | 'trainOnValid'>,
  users?: Int32Array,
): boolean {
  if (config.trainOnValid) {
    for (let n = 0; n < splits.length; n++) if (splits[n] === VALID) splits[n] = TRAIN;
    return true;
  }
  if (!config.folds) return false;
  const fold = foldAssignment(splits, config.folds, users);
  const held = config.folds.fold;
  let inFold = 0;
  for (let n = 0; n < splits.length; n++) {
    if (fold[n]! < 0) continue;
    splits[n] = fold[n] === held ? VALID : TRAIN;
    if (fold[n] === held) inFold++;
  }
  if (inFold === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      `fold ${held + 1} of ${config.folds.k} is empty: the dataset has fewer train + valid rows than folds`,
    );
  return true;
}

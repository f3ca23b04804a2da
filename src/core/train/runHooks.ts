// What every model's training loop reports to the training process, and what it returns.
import type { EpochMetrics, SplitName, TableTransfer, TrainerOutcome } from '../../shared';
import type { NodeEntry } from '../runtime';

export interface RunHooks {
  onEpoch?: (metrics: EpochMetrics, examplesPerSecond: number) => void;
  /** Within an epoch, about once a second. */
  onProgress?: (p: { epoch: number; fraction: number; examplesPerSecond: number; etaSeconds: number | null }) => void;
  /** The tables after an epoch, so that a crash loses at most one epoch. */
  onCheckpoint?: (epoch: number, tables: TableTransfer[]) => void;
  /** Worker-thread entries by name (`mfWorker`, `sgnsWorker`, `implicitWorker`), needed when threads > 1. */
  workerEntry?: (name: string) => NodeEntry;
}

export interface TrainOutput {
  outcome: TrainerOutcome;
  tables: TableTransfer[];
}

export const SPLIT_NAMES: readonly SplitName[] = ['train', 'valid', 'test'];

/** Row (or sequence) indices of each split. */
export function rowsOfSplit(splits: Uint8Array): Record<SplitName, Int32Array> {
  const counts = [0, 0, 0];
  for (let n = 0; n < splits.length; n++) counts[splits[n]!]!++;
  const out = counts.map((c) => new Int32Array(c));
  const fill = [0, 0, 0];
  for (let n = 0; n < splits.length; n++) {
    const s = splits[n]!;
    out[s]![fill[s]!++] = n;
  }
  return { train: out[0]!, valid: out[1]!, test: out[2]! };
}

/** Seconds left in the run from the examples per second so far. */
export function eta(done: number, total: number, perSecond: number): number | null {
  return perSecond > 0 ? (total - done) / perSecond : null;
}

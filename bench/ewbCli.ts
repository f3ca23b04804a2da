// `ewb import` and `ewb train --json` run as a user runs them, for the benchmarks: the result, every epoch's
// metrics and training seconds, and the wall time of the whole command.
import { spawnSync } from 'node:child_process';
import type { EpochMetrics, TrainResult } from '../src/shared';
import { EWB } from './ewb';

interface Line {
  type: string;
  event?: string;
  metrics?: EpochMetrics;
  examplesPerSecond?: number;
  error?: { message: string };
}

function ewb(args: string[]): { lines: Line[]; seconds: number } {
  const start = performance.now();
  const r = spawnSync(process.execPath, [EWB, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
  if (r.status !== 0) {
    const why = lines.find((l) => l.type === 'error')?.error?.message ?? r.stderr.trim();
    throw new Error(`ewb ${args.slice(0, 2).join(' ')} failed (exit ${r.status}): ${why}`);
  }
  return { lines, seconds: (performance.now() - start) / 1000 };
}

/** Imports a CSV with the given roles and `--split column`; returns the dataset's id. */
export function ewbImport(db: string, file: string, dataset: string, map: string): number {
  const { lines } = ewb(['import', file, '--db', db, '--dataset', dataset, '--map', map, '--split', 'column']);
  return (lines.at(-1) as unknown as { datasetId: number }).datasetId;
}

export interface TrainRun {
  result: TrainResult;
  epochs: EpochMetrics[];
  /** Seconds of the epochs' training steps (evaluation left out), summed. */
  trainSeconds: number;
  /** The median epoch's examples (ratings, positives) per second of training. */
  examplesPerSecond: number;
  /** The whole command: process start, loading, training, evaluation, storing. */
  wallSeconds: number;
}

export function ewbTrain(db: string, dataset: string, flags: string[]): TrainRun {
  console.log(`$ ewb train --dataset ${dataset} ${flags.join(' ')}`);
  const { lines, seconds } = ewb(['train', '--db', db, '--dataset', dataset, ...flags]);
  const epochs = lines.filter((l) => l.event === 'epoch').map((l) => l.metrics!);
  const result = lines.find((l) => l.type === 'result') as unknown as TrainResult;
  const trainSeconds = epochs.reduce((a, e) => a + (e.trainSeconds ?? e.seconds), 0);
  const rates = lines.filter((l) => l.event === 'epoch').map((l) => l.examplesPerSecond!);
  const examplesPerSecond = rates.sort((a, b) => a - b)[rates.length >> 1]!;
  return { result, epochs, trainSeconds, examplesPerSecond, wallSeconds: seconds };
}

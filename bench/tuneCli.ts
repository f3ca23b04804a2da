// What bench/tune.ts and bench/tuneSamplers.ts run through the public CLI: `ewb …` with --json on one database,
// a study's choice as `ewb train` flags, a config trained over several seeds (on train, and refit on train +
// valid for the epochs its own run picked), and the mean ± sd they are quoted with.
import { spawnSync } from 'node:child_process';
import type { OptionKey, SearchValue, TuneResult } from '../src/shared';
import { flagOf } from '../src/shared';
import { EWB } from './ewb';

export type Line = Record<string, unknown> & { type: string };

export const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
export const sd = (xs: number[]): number =>
  Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
export const ms = (xs: number[]): string => `${mean(xs).toFixed(4)} ± ${sd(xs).toFixed(4)}`;

/**
 * A study's choice as `ewb train` flags: the model, the fixed flags and the searched options' values, so it trains
 * as the defaults do (the model's epochs and patience, not the study's TUNE_FIXED ones, with which patience 3
 * ends SGD runs early).
 */
export function paramsFlags(model: string, fixed: string[], params: Record<string, SearchValue>): string[] {
  const out = ['--model', model, ...fixed];
  for (const [key, v] of Object.entries(params)) out.push(`--${flagOf(key as OptionKey)}`, String(v));
  return out;
}

/** A config's test metric per seed: trained on train (valid picks the epoch), and refit on train + valid. */
export interface OverSeeds {
  train: number[];
  refit: number[];
  /** Each seed's best epoch on train: the refit's epochs. */
  epochs: number[];
}

/** A study's lines: its result, its best trial's params, and how many trials ended in each state. */
export interface StudyRun {
  result: TuneResult;
  bestParams: Record<string, SearchValue>;
  lines: Line[];
  seconds: number;
  states: Record<string, number>;
}

export function benchCli(db: string) {
  /** `ewb …` with --json: its lines, and the result (throws with the error when it failed). */
  function ewb(args: string[]): { result: Line; lines: Line[]; seconds: number } {
    const t = performance.now();
    const r = spawnSync(process.execPath, [EWB, ...args, '--db', db, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const lines = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Line);
    const result = lines.find((l) => l.type === 'result');
    if (r.status !== 0 || !result) throw new Error(`ewb ${args.join(' ')} failed: ${r.stderr.trim()}`);
    return { result, lines, seconds: (performance.now() - t) / 1000 };
  }

  /** A config over `seeds` (one thread: a seed reproduces its run); with `refit`, each refit on train + valid. */
  function overSeeds(dataset: string, flags: string[], metric: string, seeds: number[], refit = true): OverSeeds {
    const out: OverSeeds = { train: [], refit: [], epochs: [] };
    for (const seed of seeds) {
      const common = ['train', '--dataset', dataset, ...flags, '--seed', String(seed), '--threads', '1'];
      const { result } = ewb(common);
      out.train.push((result.metrics as { test: Record<string, number> }).test[metric]!);
      out.epochs.push(result.bestEpoch as number);
      if (!refit) continue;
      const fit = ewb([...common, '--train-on-valid', '--epochs', String(result.bestEpoch), '--patience', '0']);
      out.refit.push((fit.result.metrics as { test: Record<string, number> }).test[metric]!);
    }
    return out;
  }

  /** `ewb tune` with these arguments: its result, its trial events and how many trials ended in each state. */
  function study(args: string[]): StudyRun {
    const s = ewb(['tune', ...args]);
    const states: Record<string, number> = {};
    for (const l of s.lines) {
      const t = l.trial as { kind: string; state: string } | undefined;
      if (l.event === 'trial' && t?.kind === 'search' && t.state !== 'running')
        states[t.state] = (states[t.state] ?? 0) + 1;
    }
    const result = s.result as unknown as TuneResult;
    const best = s.lines.find(
      (l) => l.event === 'trial' && (l.trial as { runId: number | null }).runId === result.best?.runId,
    );
    const bestParams = (best?.trial as { params: Record<string, SearchValue> } | undefined)?.params ?? {};
    return { result, bestParams, lines: s.lines, seconds: s.seconds, states };
  }

  return { ewb, overSeeds, study };
}

export type BenchCli = ReturnType<typeof benchCli>;

/** Each complete search trial's value by trial number. */
export function trialValues(lines: readonly Line[]): Map<number, number> {
  const values = new Map<number, number>();
  for (const l of lines) {
    const t = l.trial as { number: number; kind: string; state: string; value: number | null } | undefined;
    if (l.event === 'trial' && t?.kind === 'search' && t.state === 'complete') values.set(t.number, t.value!);
  }
  return values;
}

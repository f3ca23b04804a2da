// The one run loop, for every model on both engines (gensim's `train()` owns the epochs, each model only its
// job kernel): epochs, throttled progress, the divergence check, checkpoints, the best epoch and patience, and
// the outcome. A model supplies a `ModelRun`: its epoch step, its metrics and snapshots of its tables.
import type {
  CarvedValidation,
  EpochMetrics,
  SplitMetrics,
  SplitName,
  TableTransfer,
  TrainConfig,
  TrainingProgress,
} from '../../shared';
import { WorkbenchError } from '../../shared';

export type SplitScores = Record<SplitName, SplitMetrics>;

/** Which metric picks the best epoch (and feeds patience); a model without one keeps its last epoch. */
export interface Selection {
  split: SplitName;
  metric: string;
  better: 'lower' | 'higher';
}

export interface EpochStep {
  /** Mean training loss per example (or per loss term) of the epoch. */
  loss: number;
  /** Learning rate at the end of the epoch, where the model has one to report. */
  lr?: number;
}

/** What a model gives the loop. `S` is its snapshot: the tables (or weights) as they were after an epoch. */
export interface ModelRun<S> {
  /** Examples per epoch (ratings, positives, tokens, sequences): the unit of progress and speed. */
  readonly examplesPerEpoch: number;
  readonly selection: Selection | null;
  /** Held-out rows the metrics leave out because their user or item was never trained (RunOutcome.cold). */
  readonly cold?: Partial<Record<SplitName, number>>;
  /** Baselines to beat (global mean, popularity, majority class …), computed once. */
  readonly baselines: Record<string, SplitScores>;
  /** The validation rows the model carved from train because the data had none (reported with the result). */
  readonly carved?: CarvedValidation | null;
  /** Trains epoch `epoch` (from 1); calls `progress(examplesDone)` as it goes (the loop throttles it). */
  epoch(epoch: number, progress: (done: number) => void): Promise<EpochStep>;
  /** The metrics after an epoch, per split (the curves). */
  evaluate(epoch: number): SplitScores;
  /** A copy of the tables as they are now: a checkpoint, and the best epoch's if it is the best. */
  snapshot(): S;
  /**
   * The tables as they are now, not a copy (views the next epoch changes). Optional: without a selection metric
   * the loop keeps nothing across epochs, so a model that has this saves a copy of its tables.
   */
  current?(): S;
  tables(snapshot: S): TableTransfer[];
  /** The result from the best epoch's snapshot: its tables (and extra ones), and final metrics if it recomputes them. */
  finish(best: S, metrics: SplitScores): Promise<{ tables: TableTransfer[]; metrics?: SplitScores }>;
  close(): Promise<void>;
}

export interface RunHooks {
  onEpoch?: (metrics: EpochMetrics, examplesPerSecond: number) => void;
  onProgress?: (p: TrainingProgress) => void;
  /**
   * The tables after an epoch, so that a crash loses at most one epoch. The next epoch waits for a returned
   * promise: the tables may be the live ones (`current`), shared with a supervisor that is storing them.
   */
  onCheckpoint?: (epoch: number, tables: TableTransfer[]) => void | Promise<void>;
}

/** A model's part of the result; the training process adds the engine and backend. */
export interface LoopResult {
  outcome: {
    model: TrainConfig['model'];
    metrics: SplitScores;
    baselines: Record<string, SplitScores>;
    bestEpoch: number;
    epochs: number;
    seconds: number;
    carvedValidation?: CarvedValidation;
    cold?: Partial<Record<SplitName, number>>;
  };
  tables: TableTransfer[];
}

// Four reports a second: the progress line moves within any epoch longer than a quarter of a second.
const PROGRESS_MS = 250;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function diverged(what: string, value: number, epoch: number, config: TrainConfig): WorkbenchError {
  // Least-squares solvers (ials, mf --solver als) use no learning rate: a singular system is what a larger L2
  // penalty fixes.
  const solved = !('lr' in config) || ('solver' in config && config.solver === 'als');
  const hint = solved
    ? `raise the regularisation (reg ${'reg' in config ? config.reg : '-'})`
    : `lower the learning rate (lr ${config.lr})`;
  return new WorkbenchError(
    'TrainingDiverged',
    `the ${what} became ${value} in epoch ${epoch}; ${hint} and train again`,
  );
}

export interface LoopOptions {
  progressEveryMs?: number;
  /**
   * A resumed run: the model starts from the tables stored after `epoch` (the checkpoint), whose metrics these
   * were; training goes on from the next epoch, and that epoch competes for the best one.
   */
  resume?: { epoch: number; metrics: EpochMetrics };
}

export async function runLoop<S>(
  model: ModelRun<S>,
  config: TrainConfig,
  hooks: RunHooks = {},
  options: LoopOptions = {},
): Promise<LoopResult> {
  const started = performance.now();
  const perEpoch = model.examplesPerEpoch;
  const total = perEpoch * config.epochs;
  const every = options.progressEveryMs ?? PROGRESS_MS;
  let best: { epoch: number; score: number; metrics: SplitScores; snapshot: S } | null = null;
  const better = (score: number | undefined, epoch: number): number => {
    const s = score ?? epoch; // without a selection metric the latest epoch is the best
    return model.selection?.better === 'lower' ? -s : s;
  };
  const scoreOf = (metrics: SplitScores): number | undefined =>
    model.selection ? metrics[model.selection.split][model.selection.metric] : undefined;
  const resumed = options.resume;
  let epochs = resumed?.epoch ?? 0;
  try {
    if (resumed) {
      const metrics = { train: resumed.metrics.train, valid: resumed.metrics.valid, test: resumed.metrics.test };
      best = {
        epoch: resumed.epoch,
        score: better(scoreOf(metrics), resumed.epoch),
        metrics,
        snapshot: model.snapshot(),
      };
    }
    for (let epoch = epochs + 1; epoch <= config.epochs; epoch++) {
      const t0 = performance.now();
      let last = t0;
      const progress = (done: number): void => {
        const now = performance.now();
        if (!hooks.onProgress || now - last < every || done >= perEpoch) return;
        last = now;
        const perSecond = done / ((now - t0) / 1000);
        const left = total - ((epoch - 1) * perEpoch + done);
        hooks.onProgress({
          epoch,
          fraction: done / perEpoch,
          examplesPerSecond: perSecond,
          etaSeconds: perSecond > 0 ? left / perSecond : null,
        });
      };
      const step = await model.epoch(epoch, progress);
      const trainSeconds = (performance.now() - t0) / 1000;
      if (!Number.isFinite(step.loss)) throw diverged('training loss', step.loss, epoch, config);
      const metrics = model.evaluate(epoch);
      const score = scoreOf(metrics);
      if (model.selection && !Number.isFinite(score))
        throw diverged(`${model.selection.split} ${model.selection.metric}`, score ?? NaN, epoch, config);
      epochs = epoch;
      const m: EpochMetrics = {
        epoch,
        loss: step.loss,
        ...metrics,
        seconds: (performance.now() - t0) / 1000,
        trainSeconds,
      };
      if (step.lr !== undefined) m.lr = step.lr;
      hooks.onEpoch?.(m, perEpoch / Math.max(trainSeconds, 1e-9));
      // Without a selection metric the latest epoch is the best and nothing is kept across epochs: the checkpoint
      // is written before the next epoch starts and the last epoch's tables are the result, so the live tables
      // serve where the model offers them (word2vec's: 121 MB on 17M words of text, not held twice).
      if (!model.selection) best = null;
      const snapshot = !model.selection && model.current ? model.current() : model.snapshot();
      await hooks.onCheckpoint?.(epoch, model.tables(snapshot));
      if (best === null || better(score, epoch) > best.score)
        best = { epoch, score: better(score, epoch), metrics, snapshot };
      if (config.patience > 0 && epoch - best.epoch >= config.patience) break;
      await yieldToEventLoop(); // let the process deliver messages (and a cancel) between epochs
    }
    if (best === null) throw new WorkbenchError('BadRequest', 'epochs must be at least 1');
    const finished = await model.finish(best.snapshot, best.metrics);
    return {
      outcome: {
        model: config.model,
        metrics: finished.metrics ?? best.metrics,
        baselines: model.baselines,
        bestEpoch: best.epoch,
        epochs,
        seconds: (performance.now() - started) / 1000,
        ...(model.carved ? { carvedValidation: model.carved } : {}),
        ...(model.cold && Object.keys(model.cold).length > 0 ? { cold: model.cold } : {}),
      },
      tables: finished.tables,
    };
  } finally {
    await model.close();
  }
}

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

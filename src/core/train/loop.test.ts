// The run loop on a planted model: the best epoch by the selection metric, patience, one divergence wording,
// a checkpoint per epoch, throttled progress, and close() whatever happens.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, TrainConfig, TrainingProgress } from '../../shared';
import { resolveTrainRequest } from '../../shared';
import { runLoop, type ModelRun, type Selection } from './loop';

/** A model whose validation RMSE per epoch is given: its "table" is the epoch number. */
function planted(
  valid: number[],
  opts: { selection?: Selection | null; losses?: number[]; slowEpochMs?: number } = {},
): ModelRun<number> & { closed: number; finishedWith: number | null } {
  let now = 0;
  const run = {
    closed: 0,
    finishedWith: null as number | null,
    examplesPerEpoch: 100,
    selection:
      opts.selection === undefined ? ({ split: 'valid', metric: 'rmse', better: 'lower' } as const) : opts.selection,
    baselines: { globalMean: { train: {}, valid: { rmse: 9 }, test: {} } },
    async epoch(epoch: number, progress: (done: number) => void) {
      now = epoch;
      for (let done = 10; done < 100; done += 10) {
        const until = performance.now() + (opts.slowEpochMs ?? 0) / 10;
        while (performance.now() < until);
        progress(done);
      }
      return { loss: opts.losses?.[epoch - 1] ?? 1 / epoch, lr: 0.1 };
    },
    evaluate: () => ({ train: {}, valid: { rmse: valid[now - 1]! }, test: { rmse: valid[now - 1]! + 0.5 } }),
    snapshot: () => now,
    tables: (s: number) => [{ name: 'items', role: 'item', rows: 1, dim: 1, data: Float32Array.of(s), bias: null }],
    async finish(best: number) {
      run.finishedWith = best;
      return { tables: run.tables(best) };
    },
    async close() {
      run.closed++;
    },
  };
  return run;
}

const config = (over: Partial<TrainConfig> = {}): TrainConfig =>
  ({ ...resolveTrainRequest({ dataset: 'd', model: 'mf', epochs: 6 }, 1), ...over }) as TrainConfig;

describe('runLoop', () => {
  it('keeps the best epoch by the selection metric, its metrics and its tables', async () => {
    const model = planted([0.9, 0.8, 0.7, 0.75, 0.78, 0.8]);
    const epochs: EpochMetrics[] = [];
    const checkpoints: number[] = [];
    const out = await runLoop(model, config(), {
      onEpoch: (m) => epochs.push(m),
      onCheckpoint: (e, t) => void checkpoints.push(e * 10 + t[0]!.data[0]!),
    });
    expect(out.outcome).toMatchObject({ model: 'mf', bestEpoch: 3, epochs: 6 });
    expect(out.outcome.metrics.valid).toEqual({ rmse: 0.7 });
    expect(out.outcome.baselines.globalMean!.valid).toEqual({ rmse: 9 });
    expect(out.tables[0]!.data[0]).toBe(3);
    expect(model.finishedWith).toBe(3);
    expect(epochs.map((e) => [e.epoch, e.lr])).toEqual([1, 2, 3, 4, 5, 6].map((e) => [e, 0.1]));
    expect(checkpoints).toEqual([11, 22, 33, 44, 55, 66]); // every epoch, its own tables
    expect(model.closed).toBe(1);
  });

  it('stops after `patience` epochs without a better score; higher-is-better metrics too', async () => {
    const out = await runLoop(planted([0.9, 0.8, 0.85, 0.86, 0.7, 0.6]), config({ patience: 2 }));
    expect(out.outcome).toMatchObject({ bestEpoch: 2, epochs: 4 });
    const recall = planted([0.1, 0.3, 0.2, 0.25, 0.1, 0.05], {
      selection: { split: 'valid', metric: 'rmse', better: 'higher' },
    });
    expect((await runLoop(recall, config())).outcome.bestEpoch).toBe(2);
  });

  it('without a selection metric the last epoch is the result', async () => {
    const out = await runLoop(planted([0.5, 0.9, 0.9], { selection: null }), config({ epochs: 3 }));
    expect(out.outcome).toMatchObject({ bestEpoch: 3, epochs: 3 });
  });

  it('takes the live tables instead of copies where nothing is kept across epochs, and copies where it is', async () => {
    const calls = { snapshot: 0, current: 0 };
    const counted = (selection: Selection | null) => {
      const model = planted([0.9, 0.8, 0.85], { selection });
      const snapshot = model.snapshot;
      return Object.assign(model, {
        snapshot: () => (calls.snapshot++, snapshot()),
        current: () => (calls.current++, snapshot()),
      });
    };
    const last = await runLoop(counted(null), config({ epochs: 3 }));
    expect([calls.snapshot, calls.current, last.tables[0]!.data[0]]).toEqual([0, 3, 3]);
    calls.current = 0;
    const best = await runLoop(counted({ split: 'valid', metric: 'rmse', better: 'lower' }), config({ epochs: 3 }));
    expect([calls.snapshot, calls.current, best.tables[0]!.data[0]]).toEqual([3, 0, 2]);
  });

  it('ends as TrainingDiverged, in one wording, on a non-finite loss or score, and still closes', async () => {
    // lr and reg pinned: the wording is under test, not mf's defaults.
    const byLoss = planted([0.9, 0.8, 0.7], { losses: [1, Number.NaN] });
    await expect(runLoop(byLoss, config({ lr: 0.025 }))).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: 'the training loss became NaN in epoch 2; lower the learning rate (lr 0.025) and train again',
    });
    expect(byLoss.closed).toBe(1);
    // mf's ALS solver has a learning rate in its config but does not use it: the penalty is what to change.
    const byAls = planted([0.9, 0.8, 0.7], { losses: [1, Number.NaN] });
    await expect(runLoop(byAls, config({ solver: 'als', reg: 0.5 } as Partial<TrainConfig>))).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: 'the training loss became NaN in epoch 2; raise the regularisation (reg 0.5) and train again',
    });
    const byScore = planted([0.9, Number.POSITIVE_INFINITY]);
    await expect(runLoop(byScore, config())).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: expect.stringMatching(/^the valid rmse became Infinity in epoch 2; lower the learning rate/),
    });
  });

  it('throttles progress and reports how far, how fast and how long still', async () => {
    const seen: TrainingProgress[] = [];
    await runLoop(
      planted([0.9, 0.8]),
      config({ epochs: 2 }),
      { onProgress: (p) => seen.push(p) },
      { progressEveryMs: 0 },
    );
    expect(seen.map((p) => [p.epoch, p.fraction])).toEqual(
      [1, 2].flatMap((e) => [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((f) => [e, f])),
    );
    expect(seen.every((p) => p.examplesPerSecond > 0 && p.etaSeconds !== null && p.etaSeconds >= 0)).toBe(true);
    const calm: TrainingProgress[] = [];
    await runLoop(
      planted([0.9, 0.8]),
      config({ epochs: 2 }),
      { onProgress: (p) => calm.push(p) },
      { progressEveryMs: 60_000 },
    );
    expect(calm).toEqual([]);
  });
});

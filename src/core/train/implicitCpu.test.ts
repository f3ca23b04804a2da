// implicit (BPR, WARP) on the CPU engine, through the run loop: planted clusters found, reproducible, threads.
import { describe, expect, it } from 'vitest';
import { plantedClusters } from '../testing';
import { interactionData, trainOn } from './testTraining';

const data = interactionData(plantedClusters());
const opts = (loss: 'bpr' | 'warp') => ({ model: 'implicit', loss, dim: 8, epochs: 30, seed: 1 }) as const;
const recall = (m: Record<string, number>): number => m['recall@10']!;

describe('implicit on the CPU engine', () => {
  for (const loss of ['bpr', 'warp'] as const) {
    it(`${loss}: finds the planted clusters, Recall@10 well above the popularity baseline`, async () => {
      const out = await trainOn(opts(loss), data);
      const popularity = out.outcome.baselines.popularity!.test;
      expect(recall(out.outcome.metrics.test)).toBeGreaterThan(2 * recall(popularity));
      expect(recall(out.outcome.metrics.test)).toBeGreaterThan(0.4);
      expect(out.outcome.metrics.test['ndcg@10']).toBeGreaterThan(popularity['ndcg@10']!);
      expect(out.epochs[29]!.loss).toBeLessThan(out.epochs[0]!.loss);
    });
  }

  it('SGD with linear decay learns too', async () => {
    const out = await trainOn({ ...opts('bpr'), schedule: 'linear', lr: 0.1 }, data);
    expect(recall(out.outcome.metrics.test)).toBeGreaterThan(2 * recall(out.outcome.baselines.popularity!.test));
  });

  it('gives bit-for-bit identical tables for one thread and the same seed', async () => {
    const o = { ...opts('warp'), epochs: 3 };
    const [a, b, c] = [await trainOn(o, data), await trainOn(o, data), await trainOn({ ...o, seed: 2 }, data)];
    const same = (x: Float32Array, y: Float32Array): boolean => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    expect(same(a.tables[0]!.data, b.tables[0]!.data) && same(a.tables[1]!.data, b.tables[1]!.data)).toBe(true);
    expect(same(a.tables[1]!.data, c.tables[1]!.data)).toBe(false);
  });

  it('trains on two Hogwild worker threads', async () => {
    const out = await trainOn({ ...opts('bpr'), threads: 2 }, data);
    expect(recall(out.outcome.metrics.test)).toBeGreaterThan(2 * recall(out.outcome.baselines.popularity!.test));
  });

  it('keeps the best epoch by Recall@10 on validation rows carved from train, never by test', async () => {
    const out = await trainOn({ ...opts('bpr'), epochs: 6 }, data);
    expect(out.outcome.carvedValidation).toMatchObject({ share: 0.1, seed: 1 });
    const scores = out.epochs.map((e) => recall(e.valid));
    expect(out.epochs.every((e) => e.test['recall@10'] === undefined)).toBe(true);
    expect(out.outcome.bestEpoch).toBe(scores.indexOf(Math.max(...scores)) + 1);
    expect(recall(out.outcome.metrics.valid)).toBe(Math.max(...scores));
    // Without validation rows the last epoch is kept; test is ranked per epoch for the curve only.
    const none = await trainOn({ ...opts('bpr'), epochs: 6, holdout: 0 }, data);
    expect(none.outcome.carvedValidation).toBeUndefined();
    expect(none.outcome.bestEpoch).toBe(6);
    expect(none.epochs.map((e) => recall(e.test)).every(Number.isFinite)).toBe(true);
  });

  it('stops as TrainingDiverged with the epoch and a hint', async () => {
    await expect(trainOn({ ...opts('bpr'), schedule: 'linear', lr: 9.99 }, data)).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: expect.stringMatching(/epoch \d+; lower the learning rate/),
    });
  });
});

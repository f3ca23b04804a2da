import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { nodeEntry } from '../runtime';
import { factorScorer, popularityScorer, rankingMetrics, type UserItemsCsr } from '../eval/ranking';
import { IMPLICIT_DEFAULTS, trainImplicit, type ImplicitData, type ImplicitOptions } from './implicit';

const USERS = 240;
const CLUSTERS = 4;
const PER_CLUSTER = 30;

function csr(rows: number[][]): UserItemsCsr {
  const indptr = [0];
  const items: number[] = [];
  for (const r of rows) {
    items.push(...r);
    indptr.push(items.length);
  }
  return { indptr: Int32Array.from(indptr), items: Int32Array.from(items) };
}

/**
 * Planted clusters: user u likes 12 random items of cluster u mod 4 (item ids 2 + c·30 …). Two likes per user
 * are held out. Popular items are spread over all clusters, so popularity cannot know a user's cluster.
 */
function plantedClusters(seed = 3): { train: ImplicitData; test: UserItemsCsr } {
  const rng = createRng(seed);
  const train: number[][] = [[], []];
  const test: number[][] = [[], []];
  for (let u = 2; u < USERS + 2; u++) {
    const c = u % CLUSTERS;
    const liked = new Set<number>();
    while (liked.size < 12) liked.add(2 + c * PER_CLUSTER + Math.floor(rng() ** 2 * PER_CLUSTER));
    const items = [...liked];
    test.push(items.slice(0, 2));
    train.push(items.slice(2));
  }
  return { train: { ...csr(train), numUsers: USERS + 2, numItems: 2 + CLUSTERS * PER_CLUSTER }, test: csr(test) };
}

describe('trainImplicit', () => {
  const { train, test } = plantedClusters();
  const numItems = train.numItems;
  const popularity = rankingMetrics(test, popularityScorer(train, numItems), { k: 10, numItems, exclude: train });
  const opts = (loss: 'bpr' | 'warp'): ImplicitOptions => ({ ...IMPLICIT_DEFAULTS, loss, dim: 8, epochs: 30 });

  for (const loss of ['bpr', 'warp'] as const) {
    it(`${loss}: finds the planted clusters, Recall@10 well above the popularity baseline`, async () => {
      const epochs: number[] = [];
      const out = await trainImplicit(train, opts(loss), { onEpoch: (e) => epochs.push(e.loss) });
      const m = rankingMetrics(test, factorScorer(out.model), { k: 10, numItems, exclude: train });
      expect(m.recall).toBeGreaterThan(2 * popularity.recall);
      expect(m.recall).toBeGreaterThan(0.4);
      expect(m.ndcg).toBeGreaterThan(popularity.ndcg);
      expect(epochs[29]!).toBeLessThan(epochs[0]!);
    });
  }

  it('SGD with linear decay learns too', async () => {
    const out = await trainImplicit(train, { ...opts('bpr'), optimizer: 'sgd', lr: 0.1 });
    const m = rankingMetrics(test, factorScorer(out.model), { k: 10, numItems, exclude: train });
    expect(m.recall).toBeGreaterThan(2 * popularity.recall);
  });

  it('gives bit-for-bit identical tables for one thread and the same seed', async () => {
    const o = { ...opts('warp'), epochs: 3 };
    const a = await trainImplicit(train, o);
    const b = await trainImplicit(train, o);
    const c = await trainImplicit(train, { ...o, seed: 2 });
    const same = (x: Float32Array, y: Float32Array): boolean => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    expect(same(a.model.items, b.model.items) && same(a.model.users, b.model.users)).toBe(true);
    expect(same(a.model.items, c.model.items)).toBe(false);
  });

  it('trains on two Hogwild worker threads', async () => {
    const workerEntry = nodeEntry(import.meta.url, 'implicitWorker');
    const out = await trainImplicit(train, { ...opts('bpr'), threads: 2 }, { workerEntry });
    const m = rankingMetrics(test, factorScorer(out.model), { k: 10, numItems, exclude: train });
    expect(m.recall).toBeGreaterThan(2 * popularity.recall);
  });

  it('keeps the best epoch by the validation score', async () => {
    const scores: number[] = [];
    const out = await trainImplicit(
      train,
      { ...opts('bpr'), epochs: 6 },
      {
        validate: (model) => {
          const s = rankingMetrics(test, factorScorer(model), { k: 10, numItems, exclude: train }).recall;
          scores.push(s);
          return s;
        },
      },
    );
    expect(out.bestEpoch).toBe(scores.indexOf(Math.max(...scores)) + 1);
    expect(out.epochs.map((e) => e.score)).toEqual(scores);
  });

  it('stops as TrainingDiverged with the epoch and a hint', async () => {
    await expect(trainImplicit(train, { ...opts('bpr'), optimizer: 'sgd', lr: 1e30 })).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: expect.stringMatching(/epoch \d+; lower the learning rate/),
    });
  });
});

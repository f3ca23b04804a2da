import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../shared';
import { importDataset as importRatings } from '../ingest/importDataset';
import { nodeEntry } from '../runtime';
import { loadInteractions } from '../store/datasets';
import { openDb } from '../store/db';
import { tempDir, writePlantedRatings } from '../testing';
import { trainMf } from './trainMf';

const tmp = tempDir();
afterAll(tmp.cleanup);

async function plantedData(): Promise<ReturnType<typeof loadInteractions>> {
  const db = openDb(join(tmp.dir, `t${Math.random()}.db`));
  const path = join(tmp.dir, 'planted.csv');
  writePlantedRatings(path);
  const r = await importRatings(db, { path });
  return loadInteractions(db, r.datasetId, true);
}

const config: TrainConfig = {
  model: 'mf',
  dim: 8,
  epochs: 30,
  lr: 0.02,
  schedule: 'constant',
  patience: 0,
  reg: 0.05,
  regBias: 0.01,
  seed: 3,
  threads: 1,
};

describe('trainMf', () => {
  it('finds the planted low-rank structure: test RMSE far below the global mean', async () => {
    const data = await plantedData();
    const epochs: number[] = [];
    const out = await trainMf({ config, data, ratingMin: 1, ratingMax: 5, onEpoch: (m) => epochs.push(m.loss) });
    expect(epochs).toHaveLength(30);
    expect(epochs[29]!).toBeLessThan(epochs[0]!);
    expect(out.outcome.metrics.test.rmse).toBeLessThan(0.75 * out.outcome.baselines.globalMean!.test.rmse!);
    expect(out.tables.map((t) => [t.name, t.rows, t.dim])).toEqual([
      ['users', data.numUsers, 8],
      ['items', data.numItems, 8],
    ]);
  });

  it('gives bit-for-bit identical tables for one thread and the same seed', async () => {
    const data = await plantedData();
    const a = await trainMf({ config: { ...config, epochs: 5 }, data, ratingMin: 1, ratingMax: 5 });
    const b = await trainMf({ config: { ...config, epochs: 5 }, data, ratingMin: 1, ratingMax: 5 });
    expect(Buffer.from(a.tables[1]!.data.buffer).equals(Buffer.from(b.tables[1]!.data.buffer))).toBe(true);
    const c = await trainMf({ config: { ...config, epochs: 5, seed: 4 }, data, ratingMin: 1, ratingMax: 5 });
    expect(Buffer.from(a.tables[1]!.data.buffer).equals(Buffer.from(c.tables[1]!.data.buffer))).toBe(false);
  });

  it('trains with two Hogwild worker threads to the same quality', async () => {
    const data = await plantedData();
    const workerEntry = (name: string) => nodeEntry(import.meta.url, name);
    const out = await trainMf({ config: { ...config, threads: 2 }, data, ratingMin: 1, ratingMax: 5, workerEntry });
    expect(out.outcome.metrics.test.rmse).toBeLessThan(0.75 * out.outcome.baselines.globalMean!.test.rmse!);
  });

  it('stops as TrainingDiverged with the epoch and a hint when the loss blows up', async () => {
    const data = await plantedData();
    await expect(trainMf({ config: { ...config, lr: 5 }, data, ratingMin: 1, ratingMax: 5 })).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: expect.stringMatching(/epoch \d+; lower the learning rate/),
    });
  });
});

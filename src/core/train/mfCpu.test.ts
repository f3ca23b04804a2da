import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDataset as importRatings } from '../ingest/importDataset';
import { loadInteractions } from '../store/datasets';
import { openDb } from '../store/db';
import { tempDir, writePlantedRatings } from '../testing';
import { interactionData, trainOn } from './testTraining';

const tmp = tempDir();
afterAll(tmp.cleanup);

async function plantedColumns(): Promise<ReturnType<typeof loadInteractions>> {
  const db = openDb(join(tmp.dir, `t${Math.random()}.db`));
  const path = join(tmp.dir, 'planted.csv');
  writePlantedRatings(path);
  const r = await importRatings(db, { path });
  return loadInteractions(db, r.datasetId, true);
}

const config = { model: 'mf', dim: 8, epochs: 30, lr: 0.02, reg: 0.05, regBias: 0.01, seed: 3 } as const;

describe('mf on the CPU engine', () => {
  it('finds the planted low-rank structure: test RMSE far below the global mean', async () => {
    const data = await plantedColumns();
    const out = await trainOn(config, interactionData(data));
    const losses = out.epochs.map((m) => m.loss);
    expect(losses).toHaveLength(30);
    expect(losses[29]!).toBeLessThan(losses[0]!);
    expect(out.outcome.metrics.test.rmse).toBeLessThan(0.75 * out.outcome.baselines.globalMean!.test.rmse!);
    expect(out.tables.map((t) => [t.name, t.rows, t.dim])).toEqual([
      ['users', data.numUsers, 8],
      ['items', data.numItems, 8],
    ]);
  });

  it('gives bit-for-bit identical tables for one thread and the same seed', async () => {
    const data = interactionData(await plantedColumns());
    const a = await trainOn({ ...config, epochs: 5 }, data);
    const b = await trainOn({ ...config, epochs: 5 }, data);
    expect(Buffer.from(a.tables[1]!.data.buffer).equals(Buffer.from(b.tables[1]!.data.buffer))).toBe(true);
    const c = await trainOn({ ...config, epochs: 5, seed: 4 }, data);
    expect(Buffer.from(a.tables[1]!.data.buffer).equals(Buffer.from(c.tables[1]!.data.buffer))).toBe(false);
  });

  it('trains with two Hogwild worker threads to the same quality', async () => {
    const data = await plantedColumns();
    const out = await trainOn({ ...config, threads: 2 }, interactionData(data));
    expect(out.outcome.metrics.test.rmse).toBeLessThan(0.75 * out.outcome.baselines.globalMean!.test.rmse!);
  });

  it('stops as TrainingDiverged with the epoch and a hint when the loss blows up', async () => {
    const data = await plantedColumns();
    await expect(trainOn({ ...config, lr: 5 }, interactionData(data))).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: expect.stringMatching(/epoch \d+; lower the learning rate/),
    });
  });
});

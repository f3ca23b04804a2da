// runs:startSpark as a front end calls it: refused before a run exists (settings, front-end --conf, the master,
// the stage), and a refused request leaves no run; the run it does create records where it goes, secrets hidden.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SparkTrainRequest } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { tempDir, writePlantedRatings } from '../testing';
import { sparkRunConfig } from './sparkStart';

const tmp = tempDir();
let services: Services;
beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'start.db'), () => undefined);
  writePlantedRatings(join(tmp.dir, 'r.csv'));
  await services.handlers['datasets:import']({ path: join(tmp.dir, 'r.csv'), name: 'r' });
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

const start = (req: SparkTrainRequest): Promise<string> =>
  services.handlers['runs:startSpark'](req).then(
    () => 'started',
    (e: Error & { code: string }) => `${e.code}: ${e.message}`,
  );

describe('runs:startSpark', () => {
  it('refuses a front end’s --conf that could run a program here, and what MLlib lacks, creating no run', async () => {
    expect(
      await start({ train: { dataset: 'r' }, spark: { master: 'local[2]', conf: ['spark.pyspark.python=/bin/sh'] } }),
    ).toMatch(/^BadRequest: --conf spark\.pyspark\.python is not taken from the app's window or the server/);
    expect(await start({ train: { dataset: 'r', model: 'mf', lr: 0.1 }, spark: { master: 'local[2]' } })).toMatch(
      /^BadRequest: MLlib has no equivalent of lr/,
    );
    expect(await start({ train: { dataset: 'r' }, spark: { master: 'yarn' } })).toMatch(
      /^BadRequest: --master yarn runs on other machines: give --stage a URI/,
    );
    expect(await start({ train: { dataset: 'nope' }, spark: { master: 'local[2]' } })).toMatch(/^NotFound/);
    expect(await services.handlers['runs:list']()).toEqual([]);
  });

  it('records the master, the MLlib parameters and --conf with credentials hidden in the run’s config', () => {
    const env = { ...process.env, JAVA_HOME: undefined };
    let config;
    try {
      config = sparkRunConfig(
        { dataset: 'r', model: 'implicit', dim: 8 },
        {
          master: 'local[2]',
          alpha: 3,
          conf: ['spark.executor.memory=2g', 'spark.hadoop.fs.s3a.secret.key=s3cr3t'],
        },
        env,
      );
    } catch (err) {
      // No Java or Spark here: what the record would hold is not reached; the refusal says what is missing.
      expect((err as { code: string }).code).toBe('NotFound');
      return;
    }
    expect(config.spark).toEqual({
      master: 'local[2]',
      job: 'als',
      params: { rank: 8, maxIter: 20, regParam: 1e-4, implicitPrefs: true, alpha: 3, seed: 42 },
      conf: ['spark.executor.memory=2g', 'spark.hadoop.fs.s3a.secret.key=***'],
    });
    expect(config.threads).toBe(1);
  });
});

// The real job through a real spark-submit (the project's .venv-spark, or any Spark found as docs/spark.md
// says) with master local[2], on planted data imported the app's own way; skipped with one line without one.
// What trainOnSpark adds to the job: a URI stage copied both ways, a failing job, cancel. The models' quality
// is tested end to end through the CLI (src/cli/spark.cli.test.ts).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SparkJobEvent, TableTransfer } from '../../shared';
import { importDataset } from '../ingest/importDataset';
import { loadInteractions, type InteractionColumns } from '../store/datasets';
import { openDb, type Db } from '../store/db';
import { tempDir, writePlantedRatings } from '../testing';
import { rowsOfSplit } from '../train/loop';
import { submitCommand } from './command';
import { locateSparkSubmit } from './locate';
import { runJob } from './runJob';
import { sparkMissing } from './sparkTesting';
import { sparkJobFile, trainOnSpark, type SparkPhase, type SparkTrainOptions } from './trainOnSpark';

const JOB = sparkJobFile(fileURLToPath(new URL('../../../resources', import.meta.url)));
const SPARK_TIMEOUT = 300_000;

const missing = sparkMissing();
if (missing) console.warn(`skipped: Spark integration tests — ${missing} (scripts/python-env.sh spark sets it up)`);

const tmp = tempDir();
let db: Db;
afterAll(tmp.cleanup);
beforeAll(() => {
  db = openDb(join(tmp.dir, 'spark.db'));
});

async function imported(name: string, write: (p: string) => void, mapping?: Record<string, string>): Promise<number> {
  const path = join(tmp.dir, `${name}.csv`);
  write(path);
  return (await importDataset(db, { path, name, mapping })).datasetId;
}

const local = { master: 'local[2]', conf: ['spark.ui.enabled=false'], numPartitions: 2 };

function options(input: SparkTrainOptions['input'], rest: Partial<SparkTrainOptions>): SparkTrainOptions {
  return { request: { dataset: 'x' }, spark: local, input, jobFile: JOB, ...rest };
}

/** Test RMSE of μ + u·v (the job fits ALS to r − μ; it has no per-row biases) and of the training mean μ alone. */
function testRmse(
  data: InteractionColumns,
  users: TableTransfer,
  items: TableTransfer,
): { model: number; mean: number } {
  const { train, test } = rowsOfSplit(data.splits);
  const mean = train.reduce((s, r) => s + data.ratings[r]!, 0) / train.length;
  let model = 0;
  let base = 0;
  for (const r of test) {
    const u = data.users[r]! * users.dim;
    const i = data.items[r]! * items.dim;
    let p = 0;
    for (let k = 0; k < users.dim; k++) p += users.data[u + k]! * items.data[i + k]!;
    model += (mean + p - data.ratings[r]!) ** 2;
    base += (mean - data.ratings[r]!) ** 2;
  }
  return { model: Math.sqrt(model / test.length), mean: Math.sqrt(base / test.length) };
}

describe.skipIf(missing !== null)('training on Spark with local[2]', () => {
  it(
    'a URI stage goes through Hadoop’s filesystem both ways and is removed after',
    async () => {
      const data = loadInteractions(db, await imported('ratings2', (p) => writePlantedRatings(p, { seed: 9 })));
      const remote = join(tmp.dir, 'remote');
      mkdirSync(remote);
      const phases = new Set<SparkPhase>();
      const events: SparkJobEvent[] = [];
      const r = await trainOnSpark(
        options(
          { kind: 'interactions', data },
          {
            request: { dataset: 'ratings2', model: 'mf', dim: 8, epochs: 5, reg: 0.05 },
            spark: { ...local, stage: `file://${remote}` },
            onEvent: (e, phase) => {
              phases.add(phase);
              if (phase === 'train') events.push(e);
            },
          },
        ),
      );
      expect([...phases]).toEqual(['copy-in', 'train', 'copy-out']);
      // The job's own events: the training rows, each iteration (from Spark's status tracker), the tables.
      const trainRows = data.splits.filter((s) => s === 0).length;
      expect(events.find((e) => e.event === 'data')).toEqual({ event: 'data', rows: trainRows });
      expect(events.flatMap((e) => (e.event === 'iteration' ? [e.iteration] : []))).toEqual([1, 2, 3, 4, 5]);
      expect(events.at(-1)).toMatchObject({ event: 'done', job: 'als' });
      expect(r.tables.map((t) => [t.name, t.role, t.rows, t.dim])).toEqual([
        ['users', 'user', data.numUsers, 8],
        ['items', 'item', data.numItems, 8],
      ]);
      expect(r.filled).toEqual({ users: data.numUsers - 2, items: data.numItems - 2 });
      expect(r.timings.copyIn).toBeGreaterThan(0);
      const rmse = testRmse(data, r.tables[0]!, r.tables[1]!);
      expect(rmse.model).toBeLessThan(0.7 * rmse.mean);
      expect(readdirSync(remote)).toEqual([]);
    },
    SPARK_TIMEOUT,
  );

  it(
    "a job that fails on the cluster reaches the user with its error and stderr's tail",
    async () => {
      const stage = join(tmp.dir, 'broken');
      mkdirSync(stage);
      writeFileSync(
        join(stage, 'spec.json'),
        JSON.stringify({ format: 'ewb-spark/1', job: 'als', input: 'interactions.parquet', params: { rank: 2 } }),
      );
      const cmd = submitCommand(locateSparkSubmit(), {
        ...local,
        jobFile: JOB,
        jobArgs: ['train', '--stage', stage],
        name: 'broken',
      });
      const err = await runJob(cmd).catch((e: Error & { code: string }) => e);
      expect(err).toMatchObject({ code: 'RunFailed' });
      expect((err as Error).message).toMatch(/^Spark job failed: .*PATH_NOT_FOUND.*interactions\.parquet/);
      expect((err as Error).message).toMatch(/--- last lines of spark-submit's output ---\n[\s\S]*Traceback/);
    },
    SPARK_TIMEOUT,
  );

  it(
    'cancel kills the driver, says Cancelled and leaves no stage behind',
    async () => {
      const data = loadInteractions(db, await imported('ratings3', (p) => writePlantedRatings(p, { seed: 4 })));
      const stage = join(tmp.dir, 'cancelled');
      const abort = new AbortController();
      const err = await trainOnSpark(
        options(
          { kind: 'interactions', data },
          {
            request: { dataset: 'ratings3', model: 'mf', dim: 8, epochs: 50 },
            spark: { ...local, stage },
            signal: abort.signal,
            onEvent: (e) => e.event === 'start' && abort.abort(),
          },
        ),
      ).catch((e: Error & { code: string }) => e);
      expect(err).toMatchObject({ code: 'Cancelled' });
      expect(readdirSync(stage)).toEqual([]);
    },
    SPARK_TIMEOUT,
  );
});

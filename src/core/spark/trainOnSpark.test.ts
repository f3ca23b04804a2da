// The real job through a real spark-submit (the project's .venv-spark, or any Spark found as docs/spark.md
// says) with master local[2], on planted data imported the app's own way; skipped with one line without one.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SparkJobEvent, TableTransfer } from '../../shared';
import { factorScorer, popularityScorer, rankingMetrics } from '../eval/ranking';
import { cosineNeighbors } from '../explore/neighbors';
import { importDataset } from '../ingest/importDataset';
import { createRng } from '../random';
import { loadInteractions, loadSequences, loadVocabulary, type InteractionColumns } from '../store/datasets';
import { openDb, type Db } from '../store/db';
import { tempDir, writePlantedRatings, writePlantedSessions } from '../testing';
import { csrByUser } from '../train/implicitData';
import { rowsOfSplit } from '../train/loop';
import { submitCommand } from './command';
import { checkJava, locateSparkSubmit } from './locate';
import { runJob } from './runJob';
import { sparkJobFile, trainOnSpark, type SparkPhase, type SparkTrainOptions } from './trainOnSpark';

const JOB = sparkJobFile(fileURLToPath(new URL('../../../resources', import.meta.url)));
const SPARK_TIMEOUT = 300_000;

function sparkMissing(): string | null {
  try {
    checkJava();
    locateSparkSubmit();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
const missing = sparkMissing();
if (missing) console.warn(`skipped: Spark integration tests — ${missing} (scripts/python-env.sh spark sets it up)`);

const tmp = tempDir();
let db: Db;
afterAll(tmp.cleanup);
beforeAll(() => {
  db = openDb(join(tmp.dir, 'spark.db'));
});

/** Two groups of users, each clicking only items of its own cluster: implicit feedback with a known answer. */
function writePlantedClicks(path: string): void {
  const rng = createRng(5);
  const lines = ['user_id,item_id'];
  for (let u = 0; u < 160; u++) {
    const cluster = u % 2 ? 'p' : 'q';
    const picked = new Set<number>();
    while (picked.size < 8) picked.add(Math.floor(rng() * 20));
    for (const i of picked) lines.push(`u${u},${cluster}${i}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

async function imported(name: string, write: (p: string) => void, mapping?: Record<string, string>): Promise<number> {
  const path = join(tmp.dir, `${name}.csv`);
  write(path);
  return (await importDataset(db, { path, name, mapping })).datasetId;
}

const local = { master: 'local[2]', conf: ['spark.ui.enabled=false'], numPartitions: 2 };

function options(input: SparkTrainOptions['input'], rest: Partial<SparkTrainOptions>): SparkTrainOptions {
  return { request: { dataset: 'x' }, spark: local, input, jobFile: JOB, ...rest };
}

/** Test RMSE of dot-product predictions (ALS has no biases) and of the training mean. */
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
    model += (p - data.ratings[r]!) ** 2;
    base += (mean - data.ratings[r]!) ** 2;
  }
  return { model: Math.sqrt(model / test.length), mean: Math.sqrt(base / test.length) };
}

describe.skipIf(missing !== null)('training on Spark with local[2]', () => {
  it(
    'ALS (explicit) on a planted low-rank set beats the global mean clearly, reporting each iteration',
    async () => {
      const data = loadInteractions(db, await imported('ratings', (p) => writePlantedRatings(p)));
      const stage = join(tmp.dir, 'stage');
      const events: SparkJobEvent[] = [];
      const r = await trainOnSpark(
        options(
          { kind: 'interactions', data },
          {
            request: { dataset: 'ratings', model: 'mf', dim: 8, epochs: 6, reg: 0.05, seed: 3 },
            spark: { ...local, stage },
            onEvent: (e) => events.push(e),
          },
        ),
      );
      expect(r.tables.map((t) => [t.name, t.role, t.rows, t.dim])).toEqual([
        ['users', 'user', data.numUsers, 8],
        ['items', 'item', data.numItems, 8],
      ]);
      expect(r.filled).toEqual({ users: data.numUsers - 2, items: data.numItems - 2 });
      const rmse = testRmse(data, r.tables[0]!, r.tables[1]!);
      expect(rmse.model).toBeLessThan(0.7 * rmse.mean);
      const trainRows = data.splits.filter((s) => s === 0).length;
      expect(events.find((e) => e.event === 'data')).toEqual({ event: 'data', rows: trainRows });
      const iterations = events.flatMap((e) => (e.event === 'iteration' ? [e.iteration] : []));
      expect(iterations).toEqual([1, 2, 3, 4, 5, 6]);
      expect(events.at(-1)).toMatchObject({ event: 'done', job: 'als' });
      expect(readdirSync(stage)).toEqual([]); // the run's folder is gone
    },
    SPARK_TIMEOUT,
  );

  it(
    'ALS (implicit, alpha) ranks held-out clicks far above popularity',
    async () => {
      const data = loadInteractions(db, await imported('clicks', writePlantedClicks));
      const r = await trainOnSpark(
        options(
          { kind: 'interactions', data },
          {
            request: { dataset: 'clicks', model: 'implicit', dim: 8, epochs: 8, reg: 0.01 },
            spark: { ...local, alpha: 5 },
          },
        ),
      );
      expect(r.params).toMatchObject({ implicitPrefs: true, alpha: 5 });
      const split = rowsOfSplit(data.splits);
      const csr = (rows: Int32Array) => csrByUser(data.users, data.items, rows, data.numUsers);
      const opts = { k: 10, numItems: data.numItems, exclude: csr(split.train) };
      const [users, items] = r.tables;
      const als = rankingMetrics(
        csr(split.test),
        factorScorer({ dim: 8, users: users!.data, items: items!.data }),
        opts,
      );
      const pop = rankingMetrics(csr(split.test), popularityScorer(csr(split.train), data.numItems), opts);
      expect(als.recall).toBeGreaterThan(1.5 * pop.recall);
    },
    SPARK_TIMEOUT,
  );

  it(
    'Word2Vec recovers planted neighbours, keyed by the app’s own item indices',
    async () => {
      const id = await imported('sessions', (p) => writePlantedSessions(p), {
        session: 'session',
        user: 'user',
        item: 'item',
        timestamp: 'ts',
      });
      const data = loadSequences(db, id);
      const r = await trainOnSpark(
        options(
          { kind: 'sequences', data },
          { request: { dataset: 'sessions', model: 'sgns', dim: 16, epochs: 3, window: 3, seed: 1 } },
        ),
      );
      const table = r.tables[0]!;
      expect([table.name, table.rows, table.dim]).toEqual(['items', data.rows, 16]);
      const vocab = loadVocabulary(db, id, 'item');
      let same = 0;
      let all = 0;
      for (const v of vocab) {
        for (const n of cosineNeighbors(table, v.idx, 5)) {
          all++;
          if (vocab[n.row - 2]!.key[0] === v.key[0]) same++; // x* next to x*, y* next to y*
        }
      }
      expect(all).toBe(5 * vocab.length);
      expect(same / all).toBeGreaterThan(0.9);
    },
    SPARK_TIMEOUT,
  );

  it(
    'a URI stage goes through Hadoop’s filesystem both ways and is removed after',
    async () => {
      const data = loadInteractions(db, await imported('ratings2', (p) => writePlantedRatings(p, { seed: 9 })));
      const remote = join(tmp.dir, 'remote');
      mkdirSync(remote);
      const phases = new Set<SparkPhase>();
      const r = await trainOnSpark(
        options(
          { kind: 'interactions', data },
          {
            request: { dataset: 'ratings2', model: 'mf', dim: 8, epochs: 5, reg: 0.05 },
            spark: { ...local, stage: `file://${remote}` },
            onEvent: (e, phase) => phases.add(phase),
          },
        ),
      );
      expect([...phases]).toEqual(['copy-in', 'train', 'copy-out']);
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

// `node --import tsx bench/spark.ts`: MLlib ALS on Spark (local[1], local[2]) beside this project's CPU engine
// (`mf`, SGD, 2 threads) at equal settings (dim, iterations/epochs, reg, seed), on MovieLens ml-latest-small
// (../shared/data) and on a generated MovieLens-20M-shaped set. Prints test RMSE and Recall@10 side by side
// (both scored by the app's own functions on the same held-out rows), wall time, and a Spark run's time taken
// apart: JVM start, MLlib's job, and the exchange (writing the Parquet stage, reading the factors back).
// Not part of CI. Usage: node --import tsx bench/spark.ts [--sets small,20m] [--masters local[1],local[2]]
//   [--dim 32] [--epochs 10] [--reg 0.08] [--reg-exponent ν] [--ratings 20000000] [--recall-users 5000]
//   [--driver-memory 8g]
// --reg-exponent sets our mf's ν (its default otherwise); 1 penalises as ALS-WR does (λ · a row's ratings).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TableTransfer } from '../src/shared';
import { factorScorer, rankingMetrics } from '../src/core/eval/ranking';
import { importDataset } from '../src/core/ingest/importDataset';
import { createRng } from '../src/core/random';
import { scoreSparkRun } from '../src/core/spark/evaluate';
import { sparkMissing } from '../src/core/spark/sparkTesting';
import { sparkJobFile, trainOnSpark } from '../src/core/spark/trainOnSpark';
import { getDatasetById, loadInteractions, type InteractionColumns } from '../src/core/store/datasets';
import { openDb } from '../src/core/store/db';
import { sharedData, tempDir } from '../src/core/testing';
import { csrByUser } from '../src/core/train/implicitData';
import { rowsOfSplit } from '../src/core/train/loop';
import { interactionData, trainOn } from '../src/core/train/testTraining';
import { plantedRatings } from './plantedRatings';

const { values } = parseArgs({
  options: {
    sets: { type: 'string' },
    masters: { type: 'string' },
    dim: { type: 'string' },
    epochs: { type: 'string' },
    reg: { type: 'string' },
    ratings: { type: 'string' },
    'recall-users': { type: 'string' },
    'driver-memory': { type: 'string' },
    'reg-exponent': { type: 'string' },
  },
});
const SETS = (values.sets ?? 'small,20m').split(',');
const MASTERS = (values.masters ?? 'local[1],local[2]').split(',');
const DIM = Number(values.dim ?? 32);
const EPOCHS = Number(values.epochs ?? 10);
const REG = Number(values.reg ?? 0.08);
const REG_EXPONENT = values['reg-exponent'] === undefined ? {} : { regExponent: Number(values['reg-exponent']) };
const RATINGS = Number(values.ratings ?? 20_000_000);
const RECALL_USERS = Number(values['recall-users'] ?? 5000);
const DRIVER_MEMORY = values['driver-memory'] ?? '8g';
const JOB = sparkJobFile(fileURLToPath(new URL('../resources', import.meta.url)));
const tmp = tempDir('ewb-bench-spark-');
process.on('exit', tmp.cleanup);

const idle = (): number => {
  const lines = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
  return Number(lines.at(-1)!.trim().split(/\s+/)[14]);
};

interface DataSet {
  name: string;
  data: InteractionColumns;
  ratingMin: number;
  ratingMax: number;
}

/** ml-latest-small through the app's own importer (random 80/10/10 split, seed 42), as shared columns. */
async function small(): Promise<DataSet | null> {
  const path = sharedData('ml-latest-small/ratings.csv', 'bench/spark.ts on ml-latest-small');
  if (!path) return null;
  const db = openDb(join(tmp.dir, 'small.db'));
  const { datasetId } = await importDataset(db, {
    path,
    name: 'ml-latest-small',
    mapping: { user: 'userId', item: 'movieId', rating: 'rating', timestamp: 'timestamp' },
  });
  const d = getDatasetById(db, datasetId);
  const data = loadInteractions(db, datasetId, true);
  db.close();
  return { name: 'ml-latest-small', data, ratingMin: d.ratingMin, ratingMax: d.ratingMax };
}

/**
 * MovieLens-20M-shaped ratings (138,493 users × 26,744 items, half stars 0.5–5) from a planted rank-8 model with a
 * popularity skew, split 80/10/10 at random; generated straight into shared columns (no CSV, no import).
 */
function generated(n: number): DataSet {
  const data = plantedRatings({ ratings: n, users: 138_493, items: 26_744, seed: 20, shared: true, step: 0.5 });
  return { name: `generated ${(n / 1e6).toFixed(0)}M`, data, ratingMin: 0.5, ratingMax: 5 };
}

/**
 * Recall@10 of a rating model's ranking: each test item rated ≥ 4 is relevant, the user's training items are left
 * out (as `implicit` runs are judged); over a seeded sample of users when there are more than `RECALL_USERS`.
 */
function recallAt10(set: DataSet, users: TableTransfer, items: TableTransfer, itemBias: Float32Array | null): number {
  const { data } = set;
  const rng = createRng(7);
  const share = Math.min(1, RECALL_USERS / (data.numUsers - 2));
  const sampled = Uint8Array.from({ length: data.numUsers }, () => (rng() < share ? 1 : 0));
  const rows = rowsOfSplit(data.splits);
  const of = (r: Int32Array, keep: (n: number) => boolean): Int32Array =>
    r.filter((n) => sampled[data.users[n]!] && keep(n));
  const test = csrByUser(
    data.users,
    data.items,
    of(rows.test, (n) => data.ratings[n]! >= 4),
    data.numUsers,
  );
  const train = csrByUser(
    data.users,
    data.items,
    of(rows.train, () => true),
    data.numUsers,
  );
  const scorer = factorScorer({
    dim: users.dim,
    users: users.data,
    items: items.data,
    ...(itemBias ? { itemBias } : {}),
  });
  return rankingMetrics(test, scorer, { k: 10, numItems: data.numItems, exclude: train }).recall;
}

interface Row {
  engine: string;
  rmse: number;
  recall: number;
  wall: number;
  detail: string;
}

async function ours(set: DataSet): Promise<Row> {
  const t0 = performance.now();
  const r = await trainOn(
    { model: 'mf', dim: DIM, epochs: EPOCHS, reg: REG, ...REG_EXPONENT, seed: 42, threads: 2 },
    interactionData(set.data, set.ratingMin, set.ratingMax),
  );
  const wall = (performance.now() - t0) / 1000;
  const [users, items] = r.tables;
  const training = r.epochs.reduce((s, e) => s + e.seconds, 0);
  return {
    engine: 'ours: mf SGD, cpu, 2 threads',
    rmse: r.outcome.metrics.test.rmse!,
    recall: recallAt10(set, users!, items!, items!.bias),
    wall,
    // MLlib's ALS learns no biases: the same ranking without ours tells how much of a Recall gap they are.
    detail:
      `epochs ${training.toFixed(1)} s (with per-epoch scoring), baselines and final scoring the rest; ` +
      `Recall@10 by u·v alone (no item bias, as ALS ranks) ${recallAt10(set, users!, items!, null).toFixed(4)}`,
  };
}

async function spark(set: DataSet, master: string): Promise<Row> {
  const t0 = performance.now();
  let started = NaN;
  let job = NaN;
  const r = await trainOnSpark({
    request: { dataset: set.name, model: 'mf', dim: DIM, epochs: EPOCHS, reg: REG, seed: 42 },
    spark: { master, conf: ['spark.ui.enabled=false', `spark.driver.memory=${DRIVER_MEMORY}`] },
    input: { kind: 'interactions', data: set.data },
    jobFile: JOB,
    onEvent: (e) => {
      if (e.event === 'start') started = (performance.now() - t0) / 1000;
      if (e.event === 'done') job = e.seconds;
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const scores = scoreSparkRun(r.config, { kind: 'interactions', data: set.data }, r.tables, {
    ratingMin: set.ratingMin,
    ratingMax: set.ratingMax,
    alpha: 1,
    seconds: r.timings.train,
  });
  const t = r.timings;
  return {
    engine: `Spark MLlib ALS, ${master}`,
    rmse: scores.metrics.test.rmse!,
    recall: recallAt10(set, r.tables[0]!, r.tables[1]!, null),
    wall,
    detail:
      `JVM up after ${(started - t.write).toFixed(1)} s; MLlib read+fit+write ${job.toFixed(1)} s; ` +
      `exchange: Parquet write ${t.write.toFixed(2)} s + factors read ${t.read.toFixed(2)} s`,
  };
}

const missing = sparkMissing();
if (missing) {
  console.log(`bench/spark.ts needs Java 17 and a spark-submit: ${missing}`);
  process.exit(1);
}
console.log(`vmstat idle before the run: ${idle()}%  (2 cores shared; quote with the figures)`);
console.log(
  `settings: dim ${DIM}, ${EPOCHS} epochs (ALS maxIter), reg ${REG} (ALS regParam, scaled per row: ALS-WR), seed 42`,
);
for (const name of SETS) {
  const set = name === 'small' ? await small() : generated(RATINGS);
  if (!set) continue;
  const split = rowsOfSplit(set.data.splits);
  console.log(
    `\n${set.name}: ${set.data.users.length.toLocaleString()} ratings, ${(set.data.numUsers - 2).toLocaleString()} users × ` +
      `${(set.data.numItems - 2).toLocaleString()} items; train ${split.train.length.toLocaleString()}, test ${split.test.length.toLocaleString()}` +
      `  (vmstat idle ${idle()}%)`,
  );
  const rows: Row[] = [await ours(set)];
  for (const master of MASTERS) rows.push(await spark(set, master));
  console.log(`  ${'engine'.padEnd(32)} ${'test RMSE'.padStart(9)} ${'Recall@10'.padStart(9)} ${'wall s'.padStart(8)}`);
  for (const r of rows)
    console.log(
      `  ${r.engine.padEnd(32)} ${r.rmse.toFixed(4).padStart(9)} ${r.recall.toFixed(4).padStart(9)} ${r.wall.toFixed(1).padStart(8)}   ${r.detail}`,
    );
  const base = rows[0]!;
  for (const r of rows.slice(1))
    console.log(
      `  ${r.engine}: RMSE ×${(r.rmse / base.rmse).toFixed(3)}, Recall@10 ×${(r.recall / base.recall).toFixed(3)}, ` +
        `wall ×${(r.wall / base.wall).toFixed(2)} of ours`,
    );
  const one = rows.find((r) => r.engine.endsWith('local[1]'));
  const two = rows.find((r) => r.engine.endsWith('local[2]'));
  if (one && two) console.log(`  local[1] → local[2]: wall ×${(one.wall / two.wall).toFixed(2)} faster`);
}

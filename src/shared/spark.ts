// Training on a Spark cluster (MLlib ALS and Word2Vec, docs/spark.md): where the job goes and the MLlib-only
// settings, as the CLI, the Train view and the server pass them, and what a finished Spark run reports.
import type { TrainRequest } from './training';

/** How a run reaches Spark; the training settings themselves stay a `TrainRequest`. */
export interface SparkOptions {
  /** spark-submit's `--master`: `local[N]`, `local[*]`, `spark://host:7077`, `yarn`, `k8s://https://host:443`. */
  master: string;
  /** spark-submit to use; else `$SPARK_HOME/bin/spark-submit`, `spark-submit` on PATH, the pyspark package's. */
  sparkSubmit?: string;
  /** `key=value` settings passed through as `--conf` (e.g. `spark.executor.memory=8g`). */
  conf?: string[];
  /**
   * The exchange folder: a local path (with a `local[…]` master, or a mount every node sees) or a URI the
   * cluster reads (`hdfs://…`, `s3a://…`, `file://…`); each run uses a fresh subfolder and removes it after.
   */
  stage?: string;
  /** Keep the run's subfolder of the stage after the factors are read back (for inspection). */
  keepStage?: boolean;
  /** ALS with implicit feedback: confidence 1 + alpha·r (Hu, Koren & Volinsky 2008); MLlib's default 1. */
  alpha?: number;
  /** ALS: user and item blocks; Word2Vec: partitions trained apart and averaged (1 is exact). */
  numPartitions?: number;
}

/** One line of the job's progress (resources/spark/ewb_spark.py prints them as JSON on stdout). */
export type SparkJobEvent =
  | { event: 'start'; command: string; spark: string; master: string; appId: string }
  | { event: 'stage'; name: 'read' | 'train' | 'write'; job: string }
  | { event: 'data'; rows: number }
  | { event: 'iteration'; iteration: number; of: number; seconds: number }
  | { event: 'tasks'; done: number; total: number }
  | { event: 'copied'; source: string; target: string; seconds: number }
  | { event: 'removed'; path: string }
  | { event: 'done'; job: string; tables: Record<string, { rows: number; path: string }>; seconds: number }
  | { event: 'error'; message: string };

/** A Spark master URL as spark-submit takes it (checked by sparkMasterProblem). */
export type SparkMaster = `local${string}` | `spark://${string}` | 'yarn' | `k8s://${string}`;

const LOCAL_MASTER = /^local(\[(\d+|\*)(,\d+)?\])?$/;
const CLUSTER_MASTER = /^(spark:\/\/\S+|yarn|k8s:\/\/\S+)$/;

/** `local`, `local[N]`, `local[*]` (and `local[N,F]`, F failures allowed): the job runs on this machine. */
export const isLocalMaster = (master: string): boolean => LOCAL_MASTER.test(master);

/** Why spark-submit would not take `master`, or null when it would. */
export const sparkMasterProblem = (master: string): string | null =>
  isLocalMaster(master) || CLUSTER_MASTER.test(master)
    ? null
    : `--master ${JSON.stringify(master)} is not one Spark knows: use local[N] (or local[*]), spark://HOST:PORT, ` +
      'yarn, or k8s://https://HOST:PORT';

/** `runs:startSpark`: the training settings (MLlib's subset of them) and where the job goes. */
export interface SparkTrainRequest {
  train: TrainRequest;
  spark: SparkOptions;
}

/** What a finished Spark run adds to its result: which Spark ran it and where the time went. */
export interface SparkRunReport {
  /** Spark's version and the application id it gave the job (find it in the cluster's UI or logs). */
  version: string;
  appId: string;
  /** Where spark-submit was found (`--spark-submit`, `SPARK_HOME`, `PATH`, `pyspark`). */
  submit: string;
  /** Rows each table got from the job; the others (PAD, OOV, ids absent from training) stay zero. */
  filled: Record<string, number>;
  /**
   * Seconds per step: the exchange (writing the Parquet stage, copies for a URI stage, reading the factors
   * back) apart from the job itself (`train`: spark-submit to exit, JVM start included) and the app's scoring.
   */
  timings: { write: number; copyIn: number; train: number; copyOut: number; read: number; evaluate: number };
}

/**
 * Settings a front end (the Train view, the HTTP server) may pass with `--conf`: resources and filesystems.
 * Others can make this machine run a program (`spark.driver.extraJavaOptions`, `spark.jars`,
 * `spark.pyspark.python`, discovery scripts …), so they are taken from the command line only (`ewb spark train`).
 */
const FRONT_END_CONF = [
  /^spark\.(driver|executor)\.(memory|memoryOverhead|cores|instances|maxResultSize)$/,
  /^spark\.(cores\.max|default\.parallelism|task\.cpus|local\.dir|network\.timeout|submit\.deployMode)$/,
  /^spark\.sql\.(shuffle\.partitions|adaptive\.enabled)$/,
  /^spark\.(dynamicAllocation|ui|eventLog)\.[\w.]+$/,
  /^spark\.yarn\.(queue|tags)$/,
  /^spark\.kubernetes\.(namespace|container\.image|container\.image\.pullPolicy|file\.upload\.path|authenticate\.driver\.serviceAccountName)$/,
  /^spark\.hadoop\.fs\.[\w.-]+$/,
];

/** Why a front end may not pass this `--conf` entry, or null when it may. */
export function frontEndConfProblem(entry: string): string | null {
  const key = entry.slice(0, Math.max(0, entry.indexOf('='))).trim();
  if (FRONT_END_CONF.some((re) => re.test(key))) return null;
  return (
    `--conf ${key || entry} is not taken from the app's window or the server (only resource, queue, image and ` +
    'filesystem settings are, as others can run programs on this machine): pass it with ewb spark train'
  );
}

/** Values of keys that look like credentials are not stored with a run. */
export const hideSecretConf = (entry: string): string =>
  /(secret|password|passwd|token|credential|access\.?key|\.key$)/i.test(entry.slice(0, entry.indexOf('=')))
    ? `${entry.slice(0, entry.indexOf('=') + 1)}***`
    : entry;

// Training on a Spark cluster (MLlib ALS and Word2Vec, docs/spark.md): where the job goes and the MLlib-only
// settings, as the CLI, the Train view and the server pass them.

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

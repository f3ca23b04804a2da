// One training run on Spark, end to end and independent of the app's run loop: settings → stage → (copy in)
// → spark-submit train → (copy out) → tables by vocabulary index. The caller stores and evaluates the tables.
import type { SparkJobEvent, SparkOptions, TableTransfer, TrainConfig, TrainRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { join } from 'node:path';
import type { InteractionColumns, SequenceColumns } from '../store/datasets';
import { submitCommand } from './command';
import { fileUri, removeLocal, runFolders, type RunFolders } from './exchange';
import { readFactorTable } from './factors';
import { ratingsOf } from '../train/mfRatings';
import { checkJava, locateSparkSubmit, type SparkSubmit } from './locate';
import { runJob } from './runJob';
import { sparkJobSettings, SPEC_FORMAT, type AlsParams, type SparkJobKind, type Word2VecParams } from './spec';
import { INTERACTIONS_FILE, SEQUENCES_FILE, writeInteractions, writeSequences, writeSpec } from './stage';

export type SparkInput =
  { kind: 'interactions'; data: InteractionColumns } | { kind: 'sequences'; data: SequenceColumns };

/** Which step of a run an event came from: the two copies exist only with a URI stage. */
export type SparkPhase = 'copy-in' | 'train' | 'copy-out';

export interface SparkTrainOptions {
  request: TrainRequest;
  spark: SparkOptions;
  input: SparkInput;
  /** resources/spark/ewb_spark.py: `sparkJobFile(resourcesDir)`. */
  jobFile: string;
  /** Where to look for a pip-installed pyspark last (default: the project's .venv-spark). */
  venvs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onEvent?: (e: SparkJobEvent, phase: SparkPhase) => void;
}

export interface SparkTrainResult {
  job: SparkJobKind;
  params: AlsParams | Word2VecParams;
  config: TrainConfig;
  submit: SparkSubmit;
  /** ALS: `users` and `items`; Word2Vec: `<role>s` (words, items, events), input vectors only (no context). */
  tables: TableTransfer[];
  /** Rows the job wrote per table (the rest stay zero: ids absent from training). */
  filled: Record<string, number>;
  /** Seconds per step, so the exchange (Parquet write, copies, read back) is measured apart from training. */
  timings: { write: number; copyIn: number; train: number; copyOut: number; read: number };
}

const since = (t: number): number => (performance.now() - t) / 1000;

/** The job the app ships, under its resources folder (ServicesOptions.resourcesDir). */
export const sparkJobFile = (resourcesDir: string): string => join(resourcesDir, 'spark', 'ewb_spark.py');

export async function trainOnSpark(opts: SparkTrainOptions): Promise<SparkTrainResult> {
  const { job, params, config } = sparkJobSettings(opts.request, opts.spark);
  const needs = job === 'als' ? 'interactions' : 'sequences';
  if (opts.input.kind !== needs)
    throw new WorkbenchError(
      'DatasetInvalid',
      `${config.model} on Spark trains on ${needs}; this dataset has ${opts.input.kind}`,
    );
  const trainRows = opts.input.data.splits.reduce((n, s) => n + (s === 0 ? 1 : 0), 0);
  if (trainRows === 0) throw new WorkbenchError('DatasetInvalid', 'the dataset has no training rows (split train)');
  const env = opts.env ?? process.env;
  checkJava(env);
  const submit = locateSparkSubmit({ explicit: opts.spark.sparkSubmit, env, venvs: opts.venvs });
  const folders = runFolders(opts.spark);
  const timings = { write: 0, copyIn: 0, train: 0, copyOut: 0, read: 0 };
  const run = (phase: SparkPhase, master: string, jobArgs: string[]): Promise<unknown> => {
    // Copies run on this machine; a cluster deploy mode would send them elsewhere.
    const conf = (opts.spark.conf ?? []).filter((c) => phase === 'train' || !c.startsWith('spark.submit.deployMode='));
    const cmd = submitCommand(submit, { master, conf, jobFile: opts.jobFile, jobArgs, name: `ewb ${job} ${phase}` });
    // EWB_RUN_FOLDER: removed by the job itself if this process is killed outright (ewb_spark.py watch_parent).
    const jobEnv = { ...env, EWB_RUN_FOLDER: folders.local };
    return runJob(cmd, { env: jobEnv, signal: opts.signal, onEvent: (e) => opts.onEvent?.(e, phase) });
  };
  let copiedOut = false;
  try {
    let t = performance.now();
    // Explicit ALS fits r − μ: the app's mf model is μ + b_u + b_i + u·v, and MLlib has no biases (stage.ts).
    const ratingOffset =
      job === 'als' && !(params as AlsParams).implicitPrefs && opts.input.kind === 'interactions'
        ? ratingsOf(opts.input.data, 0, 0, { holdout: 0, seed: 0 }).mu
        : 0;
    if (opts.input.kind === 'interactions') await writeInteractions(folders.local, opts.input.data, ratingOffset);
    else await writeSequences(folders.local, opts.input.data);
    writeSpec(folders.local, {
      format: SPEC_FORMAT,
      job,
      input: job === 'als' ? INTERACTIONS_FILE : SEQUENCES_FILE,
      trainSplits: [0],
      params,
      ...(ratingOffset !== 0 ? { ratingOffset } : {}),
    });
    timings.write = since(t);
    if (folders.remote) {
      t = performance.now();
      await run('copy-in', 'local[1]', ['copy', '--from', fileUri(folders.local), '--to', folders.spark]);
      timings.copyIn = since(t);
    }
    t = performance.now();
    await run('train', opts.spark.master, ['train', '--stage', folders.spark]);
    timings.train = since(t);
    if (folders.remote) {
      t = performance.now();
      const remove = opts.spark.keepStage ? [] : ['--remove', folders.spark];
      const out = ['copy', '--from', `${folders.spark}/out`, '--to', fileUri(join(folders.local, 'out')), ...remove];
      await run('copy-out', 'local[1]', out);
      copiedOut = true;
      timings.copyOut = since(t);
    }
    t = performance.now();
    const result = await readTables(job, params, opts.input, folders);
    timings.read = since(t);
    return { job, params, config, submit, ...result, timings };
  } catch (err) {
    if (folders.remote && !copiedOut && !opts.spark.keepStage && !opts.signal?.aborted)
      await run('copy-out', 'local[1]', ['remove', '--path', folders.spark]).catch(() => undefined);
    throw err;
  } finally {
    if (!opts.spark.keepStage) removeLocal(folders);
  }
}

async function readTables(
  job: SparkJobKind,
  params: AlsParams | Word2VecParams,
  input: SparkInput,
  folders: RunFolders,
): Promise<Pick<SparkTrainResult, 'tables' | 'filled'>> {
  const out = join(folders.local, 'out');
  // Named as the app's own models name them (trainMf/runImplicit: users, items; runWord2Vec: `<role>s`).
  const wanted =
    job === 'als' && input.kind === 'interactions'
      ? [
          { dir: 'users', name: 'users', role: 'user', rows: input.data.numUsers, dim: (params as AlsParams).rank },
          { dir: 'items', name: 'items', role: 'item', rows: input.data.numItems, dim: (params as AlsParams).rank },
        ]
      : input.kind === 'sequences'
        ? [
            {
              dir: 'vectors',
              name: `${input.data.role}s`,
              role: input.data.role,
              rows: input.data.rows,
              dim: (params as Word2VecParams).vectorSize,
            },
          ]
        : [];
  const tables: TableTransfer[] = [];
  const filled: Record<string, number> = {};
  for (const w of wanted) {
    const t = await readFactorTable(join(out, w.dir), w.rows, w.dim);
    tables.push({ name: w.name, role: w.role, rows: w.rows, dim: w.dim, data: t.data, bias: null });
    filled[w.name] = t.filled;
  }
  return { tables, filled };
}

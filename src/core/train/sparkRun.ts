// A Spark run inside its training process (process.ts hands it over when TrainerStart has `spark`): the data read
// as for a local run, trainOnSpark (core/spark), the job's events as progress, the factors scored by the app's
// own metrics, then `done`. The driver never outlives this process: leaving it kills the driver's process group,
// and for a SIGKILL, which runs nothing here, the job watches this process itself (EWB_PARENT_PID).
import { hostname } from 'node:os';
import type { RunBackend, SparkJobEvent, SparkRunReport, TrainerMessage, TrainerStart } from '../../shared';
import { MODEL_RULES } from '../../shared';
import { scoreSparkRun } from '../spark/evaluate';
import { trainOnSpark, type SparkInput, type SparkPhase } from '../spark/trainOnSpark';
import { loadInteractions, loadSequences } from '../store/datasets';
import { openDb } from '../store/db';
import { rowsOfSplit } from './loop';
import { writeTablesFile } from './tablesFile';

type Send = (m: TrainerMessage) => Promise<void>;

function loadInput(start: TrainerStart): SparkInput {
  const db = openDb(start.dbPath, { readonly: true });
  try {
    return MODEL_RULES[start.config.model].data === 'interactions'
      ? { kind: 'interactions', data: loadInteractions(db, start.datasetId, false) }
      : { kind: 'sequences', data: loadSequences(db, start.datasetId) };
  } finally {
    db.close();
  }
}

/** Examples of one iteration in the model's unit (MODEL_RULES[m].unit): training ratings or positives, tokens. */
function examplesPerIteration(input: SparkInput): number {
  const train = rowsOfSplit(input.data.splits).train;
  if (input.kind === 'interactions') return train.length;
  let tokens = 0;
  for (const s of train) tokens += input.data.offsets[s + 1]! - input.data.offsets[s]!;
  return tokens;
}

/** Folds the job's events into the run's progress: iterations as epochs, Spark's tasks as the fraction. */
export function sparkProgress(maxIter: number, examples: number, master: string) {
  let iterations = 0;
  let fraction = 0;
  let trainStart: number | null = null;
  let note = `starting Spark (${master})`;
  const rate = (): { examplesPerSecond: number; etaSeconds: number | null } => {
    const seconds = trainStart === null ? 0 : (performance.now() - trainStart) / 1000;
    if (iterations === 0 || seconds <= 0) return { examplesPerSecond: 0, etaSeconds: null };
    return {
      examplesPerSecond: (iterations * examples) / seconds,
      etaSeconds: (seconds / iterations) * (maxIter - iterations),
    };
  };
  return (e: SparkJobEvent, phase: SparkPhase) => {
    if (phase === 'copy-in')
      note = e.event === 'copied' ? 'copied the data to the stage' : 'copying the data to the stage';
    else if (phase === 'copy-out') note = 'copying the factors back';
    else if (e.event === 'start') note = `Spark ${e.spark} started (${e.master}, ${e.appId})`;
    else if (e.event === 'stage' && e.name === 'read') note = 'reading the data';
    else if (e.event === 'stage' && e.name === 'train') {
      note = 'training';
      trainStart = performance.now();
    } else if (e.event === 'stage' && e.name === 'write') note = 'writing the factors';
    else if (e.event === 'iteration') {
      iterations = e.iteration;
      fraction = 0;
    } else if (e.event === 'tasks' && e.total > 0) fraction = e.done / e.total;
    const epoch = Math.min(maxIter, iterations + 1);
    const writing = note.startsWith('writing') || phase === 'copy-out';
    return { epoch, fraction: writing ? 1 : Math.min(1, fraction), ...rate(), note };
  };
}

export async function runOnSpark(start: TrainerStart, send: Send): Promise<void> {
  const spark = start.spark!;
  const master = spark.options.master;
  const backend = master as RunBackend;
  await send({ type: 'engine', engine: 'spark', backend, reasons: [] });
  const input = loadInput(start);
  const { config } = start;
  const examples = examplesPerIteration(input);
  const progress = sparkProgress(config.epochs, examples, master);
  const controller = new AbortController();
  // Leaving (a parent that died makes process.ts exit; a signal) takes the driver's process group along.
  const onExit = (): void => controller.abort();
  const onSignal = (signal: NodeJS.Signals): void => {
    controller.abort();
    process.kill(process.pid, signal); // the handler is gone (once): the default action ends the process
  };
  process.once('exit', onExit);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, onSignal);
  let started: Extract<SparkJobEvent, { event: 'start' }> | null = null;
  const t0 = performance.now();
  try {
    const result = await trainOnSpark({
      request: spark.request,
      spark: spark.options,
      input,
      jobFile: spark.jobFile,
      signal: controller.signal,
      env: { ...process.env, EWB_PARENT_PID: String(process.pid), EWB_PARENT_HOST: hostname() },
      onEvent: (e, phase) => {
        if (e.event === 'start' && phase === 'train') started = e;
        void send({ type: 'progress', ...progress(e, phase) });
      },
    });
    void send({ type: 'progress', epoch: config.epochs + 1, fraction: 0, examplesPerSecond: 0, etaSeconds: null });
    const t1 = performance.now();
    const alpha = 'alpha' in result.params && result.params.alpha !== undefined ? result.params.alpha : 1;
    const scores = scoreSparkRun(config, input, result.tables, {
      ratingMin: start.ratingMin,
      ratingMax: start.ratingMax,
      alpha,
      seconds: result.timings.train,
    });
    const job = started as Extract<SparkJobEvent, { event: 'start' }> | null;
    const report: SparkRunReport = {
      version: job?.spark ?? 'unknown',
      appId: job?.appId ?? 'unknown',
      submit: result.submit.source,
      filled: result.filled,
      timings: { ...result.timings, evaluate: (performance.now() - t1) / 1000 },
    };
    // Over the whole job (JVM start included): what a user waits for per example.
    const examplesPerSecond = (examples * config.epochs) / Math.max(result.timings.train, 1e-3);
    await send({ type: 'epoch', metrics: scores.epoch, examplesPerSecond });
    const params = Object.entries(result.params)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
    await send({
      type: 'done',
      outcome: {
        model: config.model,
        engine: 'spark',
        backend,
        engineNotes: [
          `MLlib ${result.job === 'als' ? 'ALS' : 'Word2Vec'} on Spark ${report.version} (${master}, ${report.appId})`,
          `MLlib parameters: ${params}`,
        ],
        metrics: scores.metrics,
        baselines: scores.baselines,
        bestEpoch: config.epochs,
        epochs: config.epochs,
        seconds: (performance.now() - t0) / 1000,
        spark: report,
      },
      tables: writeTablesFile(start.tablesDir, result.tables),
    });
  } finally {
    process.off('exit', onExit);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  }
}

// `ewb spark train`: a run on Spark (MLlib ALS or Word2Vec, docs/spark.md), stored and scored like any run, with
// the job's progress as it goes; Ctrl-C cancels it and stops the Spark driver.
import type { EventSink, OptionKey, RunEvent, SparkOptions, TrainResult } from '../shared';
import { MODEL_RULES, SPARK_MODELS, sparkOptions } from '../shared';
import { intFlag, numFlag, required, str, UsageError } from './args';
import type { Command, Values } from './command';
import type { Output } from './output';
import { withServices } from './services';
import { printRunEvents, trainHuman, untilDone } from './trainCommand';
import { optionHelp, TRAIN_OPTIONS, trainRequest } from './trainFlags';

const strings = (v: Values[string]): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** The options some model takes on Spark: the help lists only these (the others are refused by name). */
const SPARK_KEYS: OptionKey[] = [...new Set(SPARK_MODELS.flatMap((m) => sparkOptions(m, MODEL_RULES[m].options)))];

export function sparkOptionsOf(values: Values): SparkOptions {
  const options: SparkOptions = { master: required(str(values.master), 'master') };
  const submit = str(values['spark-submit']);
  if (submit !== undefined) options.sparkSubmit = submit;
  const conf = strings(values.conf);
  if (conf.length > 0) options.conf = conf;
  const stage = str(values.stage);
  if (stage !== undefined) options.stage = stage;
  if (values['keep-stage'] === true) options.keepStage = true;
  const alpha = numFlag(str(values.alpha), 'alpha');
  if (alpha !== undefined) options.alpha = alpha;
  const partitions = intFlag(str(values.partitions), 'partitions');
  if (partitions !== undefined) options.numPartitions = partitions;
  return options;
}

/** The run's events, plus (without --json) a line whenever the Spark job moves to another step or iteration. */
function printSparkEvents(out: Output): EventSink {
  const base = printRunEvents(out);
  let last = '';
  return (event, payload) => {
    base(event, payload);
    const e = payload as RunEvent;
    if (event !== 'runs:progress' || e.type !== 'progress' || out.json || !e.note) return;
    const line = e.note === 'training' ? `training: iteration ${e.epoch}` : e.note;
    if (line !== last) out.progress({}, `spark: ${line}`);
    last = line;
  };
}

function sparkHuman(r: TrainResult): string {
  const lines = [trainHuman(r)];
  const t = r.spark?.timings;
  if (t) {
    const exchange = t.write + t.copyIn + t.copyOut + t.read;
    lines.push(
      `time: spark-submit ${t.train.toFixed(1)} s (JVM start included), exchange ${exchange.toFixed(2)} s ` +
        `(write ${t.write.toFixed(2)}, copies ${(t.copyIn + t.copyOut).toFixed(2)}, read ${t.read.toFixed(2)}), ` +
        `scoring ${t.evaluate.toFixed(2)} s`,
    );
  }
  if (r.spark)
    lines.push(
      `rows trained: ${Object.entries(r.spark.filled)
        .map(([table, rows]) => `${table} ${rows}`)
        .join(', ')}`,
    );
  return lines.join('\n');
}

export const sparkCommand: Command = {
  usage:
    'ewb spark train --db DB --dataset NAME --model mf|implicit|sgns --master local[N]|spark://HOST:PORT|yarn|k8s://URL\n' +
    '       [--spark-submit PATH] [--conf KEY=VALUE ...] [--stage DIR|URI] [--keep-stage] [--alpha X] [--partitions N]\n' +
    '       [--dim N] [--epochs N] [--seed N] [model options MLlib has] [--json]',
  summary: 'train on Spark (MLlib ALS for mf and implicit, Word2Vec for sgns); the run is stored and scored here',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    dataset: { type: 'string' },
    master: { type: 'string' },
    'spark-submit': { type: 'string' },
    conf: { type: 'string', multiple: true },
    stage: { type: 'string' },
    'keep-stage': { type: 'boolean' },
    alpha: { type: 'string' },
    partitions: { type: 'string' },
    ...TRAIN_OPTIONS,
  },
  help: [
    `--model M          ${SPARK_MODELS.map((m) => MODEL_RULES[m].label).join('; ')} (default mf)`,
    '--master M         where the job runs: local[N] or local[*] (this machine), spark://HOST:PORT, yarn, k8s://https://HOST:PORT',
    '--spark-submit P   the spark-submit to use (else $SPARK_HOME/bin/spark-submit, spark-submit on PATH, .venv-spark’s)',
    '--conf KEY=VALUE   a Spark setting passed through (repeatable), e.g. spark.executor.memory=8g',
    '--stage DIR|URI    the exchange folder: a local folder (local masters), or hdfs://…, s3a://…, file://… the cluster reads',
    '--keep-stage       keep the run’s folder in the stage after the factors are read back',
    '--alpha X          implicit: ALS confidence 1 + alpha·rating (Hu, Koren & Volinsky 2008; default 1)',
    '--partitions N     ALS: user and item blocks; sgns: Word2Vec partitions (more is faster, 1 is exact)',
    ...optionHelp(SPARK_KEYS),
    'Options MLlib has no equivalent of (lr for ALS, loss, negative, threads, …) are refused by name.',
  ],
  async run(values, positionals, out) {
    if (positionals[0] !== 'train' || positionals.length > 1)
      throw new UsageError(`ewb spark takes one subcommand, train (got ${positionals.join(' ') || 'none'})`);
    // --alpha is MLlib's implicit-ALS confidence (a SparkTuning value), not ials' training option of that name.
    const train = trainRequest(values, required(str(values.dataset), 'dataset'), ['alpha']);
    const spark = sparkOptionsOf(values);
    const result = await withServices(
      values,
      (services) => untilDone(services, services.trainSpark({ train, spark })),
      printSparkEvents(out),
    );
    out.result(result, sparkHuman(result));
  },
};

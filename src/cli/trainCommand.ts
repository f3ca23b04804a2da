// `ewb train` (every model's options as flags) and the helpers `demo` shares with it.
import type { EngineChoice, ImplicitLoss, ModelName, RunEvent, Schedule, TrainRequest, TrainResult } from '../shared';
import { CLASSIFIER_ENCODERS, ENGINES, MODELS } from '../shared';
import type { PadSide } from '../shared';
import { TRAIN_DEFAULTS } from '../core/config';
import { headlessServices } from '../core/headless';
import type { Services } from '../core/services';
import { intFlag, numFlag, required, str, UsageError } from './args';
import type { Command } from './commands';
import { INIT_HELP, INIT_OPTIONS, initFromFlags, initHuman } from './initFlags';
import { metricsLine, printRunEvent, type Output } from './output';

type Values = Parameters<Command['run']>[0];

export const TRAIN_OPTIONS: Command['options'] = {
  model: { type: 'string' },
  dim: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  threads: { type: 'string' },
  lr: { type: 'string' },
  schedule: { type: 'string' },
  patience: { type: 'string' },
  reg: { type: 'string' },
  'reg-bias': { type: 'string' },
  loss: { type: 'string' },
  k: { type: 'string', short: 'k' },
  threshold: { type: 'string' },
  window: { type: 'string' },
  negative: { type: 'string' },
  'ns-exponent': { type: 'string' },
  sample: { type: 'string' },
  'min-count': { type: 'string' },
  engine: { type: 'string' },
  'max-len': { type: 'string' },
  padding: { type: 'string' },
  truncating: { type: 'string' },
  encoder: { type: 'string' },
  units: { type: 'string' },
  filters: { type: 'string' },
  'kernel-size': { type: 'string' },
  hidden: { type: 'string' },
  dropout: { type: 'string' },
  'batch-size': { type: 'string' },
};

const d = TRAIN_DEFAULTS;
export const TRAIN_HELP = [
  `--model M          mf (explicit ratings), implicit (clicks, purchases; BPR or WARP), sgns or cbow (word2vec over sequences)`,
  `--dim N            vector size (mf ${d.mf.dim}, implicit ${d.implicit.dim}, sgns/cbow ${d.sgns.dim})`,
  `--epochs N         passes over the training split (mf ${d.mf.epochs}, implicit ${d.implicit.epochs}, sgns/cbow ${d.sgns.epochs})`,
  `--lr X             learning rate (mf ${d.mf.lr}, implicit ${d.implicit.lr}, sgns ${d.sgns.lr}, cbow ${d.cbow.lr} as word2vec's alpha)`,
  `--schedule S       mf: constant (default) or linear decay; implicit: adagrad (default) or linear; sgns/cbow: linear`,
  `--patience N       stop after N epochs without a better validation score (mf, implicit); the best epoch is kept`,
  `--seed N           seed of initialisation, shuffling and sampling (default ${d.mf.seed})`,
  `--threads N        worker threads (default: all cores); 1 with a seed is bit-for-bit reproducible`,
  `--reg X            L2 on factors (mf ${d.mf.reg}, implicit ${d.implicit.reg}); --reg-bias X on biases`,
  `--loss L           implicit: warp (default, ranks better) or bpr`,
  `-k N               implicit: the K of Recall/NDCG/MAP/HitRate@K (default ${d.implicit.k})`,
  `--threshold X      implicit: ratings ≥ X are positives (default: every interaction)`,
  `--window N         sgns/cbow: the largest context window (default ${d.sgns.window})`,
  `--negative N       sgns/cbow: negative samples per positive (default ${d.sgns.negative}); --ns-exponent X (0.75)`,
  `--sample X         sgns/cbow: subsampling of frequent tokens (default ${d.sgns.sample}); --min-count N (default 1)`,
  `--engine E         auto (default: tfjs only with a GPU through tfjs-node-gpu, else cpu), cpu, or tfjs (mf, implicit bpr, sgns);`,
  `                   the run stores the engine and backend used (--json: "engine", "backend")`,
  `classifier (labelled sequences; always the tfjs engine; docs/training.md):`,
  `--max-len N        tokens per sequence after padding/truncating (default ${d.classifier.maxLen})`,
  `--padding P        pre (default, as Keras) or post: where zeros go; --truncating pre|post: which end is cut`,
  `--encoder E        average (default, masked mean), flatten, gru, lstm or conv1d (+ global max pooling)`,
  `--units N          gru/lstm state size (default ${d.classifier.units}); --filters N, --kernel-size N for conv1d (${d.classifier.filters}, ${d.classifier.kernelSize})`,
  `--hidden L         ReLU Dense layer sizes before the output, e.g. 64,32, or none (default ${d.classifier.hidden!.join(',')})`,
  `--dropout X        dropout after the encoder and each hidden layer (default ${d.classifier.dropout})`,
  `--batch-size N     sequences per Adam step (default ${d.classifier.batchSize}); --lr is Adam's (default ${d.classifier.lr})`,
  `                   --patience N stops on validation loss (default ${d.classifier.patience}); ewb predict writes the predictions`,
];

/** `--hidden 64,32` → [64, 32]; `--hidden none` → [] (no hidden layer). */
function hiddenFlag(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'none' || value.trim() === '') return [];
  return value.split(',').map((v) => intFlag(v.trim(), 'hidden')!);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} is one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

/** The train request from the training flags; options a model does not have are refused by the core. */
export function trainRequest(values: Values, dataset: string): TrainRequest {
  const req: TrainRequest = {
    dataset,
    model: oneOf(str(values.model), MODELS, 'model') as ModelName | undefined,
    dim: intFlag(str(values.dim), 'dim'),
    epochs: intFlag(str(values.epochs), 'epochs'),
    seed: intFlag(str(values.seed), 'seed'),
    threads: intFlag(str(values.threads), 'threads'),
    lr: numFlag(str(values.lr), 'lr'),
    schedule: oneOf(str(values.schedule), ['constant', 'linear', 'adagrad'] as Schedule[], 'schedule'),
    patience: intFlag(str(values.patience), 'patience'),
    reg: numFlag(str(values.reg), 'reg'),
    regBias: numFlag(str(values['reg-bias']), 'reg-bias'),
    loss: oneOf(str(values.loss), ['bpr', 'warp'] as ImplicitLoss[], 'loss'),
    k: intFlag(str(values.k), 'k'),
    threshold: numFlag(str(values.threshold), 'threshold'),
    window: intFlag(str(values.window), 'window'),
    negative: intFlag(str(values.negative), 'negative'),
    nsExponent: numFlag(str(values['ns-exponent']), 'ns-exponent'),
    sample: numFlag(str(values.sample), 'sample'),
    minCount: intFlag(str(values['min-count']), 'min-count'),
    engine: oneOf(str(values.engine), ['auto', ...ENGINES] as EngineChoice[], 'engine'),
    maxLen: intFlag(str(values['max-len']), 'max-len'),
    padding: oneOf(str(values.padding), ['pre', 'post'] as PadSide[], 'padding'),
    truncating: oneOf(str(values.truncating), ['pre', 'post'] as PadSide[], 'truncating'),
    encoder: oneOf(str(values.encoder), CLASSIFIER_ENCODERS, 'encoder'),
    units: intFlag(str(values.units), 'units'),
    filters: intFlag(str(values.filters), 'filters'),
    kernelSize: intFlag(str(values['kernel-size']), 'kernel-size'),
    hidden: hiddenFlag(str(values.hidden)),
    dropout: numFlag(str(values.dropout), 'dropout'),
    batchSize: intFlag(str(values['batch-size']), 'batch-size'),
  };
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) as TrainRequest;
}

/** Services for a command that trains: the run's events are printed as they come. */
export function trainingServices(dbPath: string, out: Output): Services {
  let total = 0;
  return headlessServices(dbPath, (event, payload) => {
    if (event !== 'runs:progress') return;
    const e = payload as RunEvent;
    if (e.type === 'started') total = e.epochs;
    printRunEvent(out, e, total);
  });
}

export function trainHuman(r: TrainResult): string {
  const lines = [
    `run ${r.runId} (${r.model}, ${r.engine}${r.backend && r.backend !== 'cpu-engine' ? ` on ${r.backend}` : ''}) finished in ${r.seconds.toFixed(1)} s; best epoch ${r.bestEpoch} of ${r.epochs}`,
  ];
  for (const split of ['valid', 'test'] as const)
    if (Object.keys(r.metrics[split]).length) lines.push(`${split.padEnd(5)} ${metricsLine(r.metrics[split])}`);
  for (const [name, b] of Object.entries(r.baselines))
    if (Object.keys(b.test).length) lines.push(`baseline ${name}: test ${metricsLine(b.test)}`);
  lines.push(...initHuman(r));
  for (const note of r.engineNotes ?? []) lines.push(`engine: ${note}`);
  return lines.join('\n');
}

export const trainCommand: Command = {
  usage:
    'ewb train --db DB --dataset NAME --model mf|implicit|sgns|cbow|classifier [--dim N] [--epochs N] [--seed 42] [--threads N] [--engine auto|cpu|tfjs] [model options] [--json]',
  summary: 'train a model in its own process and store the run',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    dataset: { type: 'string' },
    ...TRAIN_OPTIONS,
    ...INIT_OPTIONS,
  },
  help: [...TRAIN_HELP, ...INIT_HELP],
  async run(values, _positionals, out) {
    const req = trainRequest(values, required(str(values.dataset), 'dataset'));
    const services = trainingServices(required(str(values.db), 'db'), out);
    try {
      const init = await initFromFlags(values, services);
      if (init) req.init = init;
      const result = await services.train(req).settled;
      out.result(result, trainHuman(result));
    } finally {
      services.close();
    }
  },
};

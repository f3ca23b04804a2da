// Training defaults per model and the validation of a requested config: one place for the UI, CLI and server.
import { availableParallelism } from 'node:os';
import type { ModelName, TrainConfig, TrainRequest } from '../shared';
import { CLASSIFIER_ENCODERS, MODELS, WorkbenchError } from '../shared';

type Defaults = Omit<TrainConfig, 'threads'>;
const COMMON = { seed: 42, patience: 0 };

/**
 * word2vec.c's and LightFM's defaults where they exist. mf: plain SGD; on MovieLens-100K-shaped data
 * (bench/mfTorch.ts) lr 0.025 with reg 0.08 reached test RMSE 0.873 where 0.01 with 0.05 reached 0.897.
 */
export const TRAIN_DEFAULTS: Record<ModelName, Defaults> = {
  mf: { ...COMMON, model: 'mf', dim: 64, epochs: 20, lr: 0.025, schedule: 'constant', reg: 0.08, regBias: 0.01 },
  implicit: {
    ...COMMON,
    model: 'implicit',
    dim: 32,
    epochs: 20,
    lr: 0.05,
    schedule: 'adagrad',
    loss: 'warp',
    k: 10,
    reg: 1e-4,
    regBias: 1e-4,
  },
  sgns: {
    ...COMMON,
    model: 'sgns',
    dim: 100,
    epochs: 5,
    lr: 0.025,
    schedule: 'linear',
    window: 5,
    negative: 5,
    nsExponent: 0.75,
    sample: 1e-3,
    minCount: 1,
  },
  cbow: {
    ...COMMON,
    model: 'cbow',
    dim: 100,
    epochs: 5,
    lr: 0.05,
    schedule: 'linear',
    window: 5,
    negative: 5,
    nsExponent: 0.75,
    sample: 1e-3,
    minCount: 1,
  },
  // Keras' defaults where they exist (Adam lr 1e-3, batch 32, pad/truncate `pre`); patience 2 on validation loss.
  classifier: {
    ...COMMON,
    model: 'classifier',
    dim: 32,
    epochs: 10,
    lr: 1e-3,
    schedule: 'constant',
    patience: 2,
    maxLen: 100,
    padding: 'pre',
    truncating: 'pre',
    encoder: 'average',
    units: 32,
    filters: 64,
    kernelSize: 5,
    hidden: [16],
    dropout: 0.2,
    batchSize: 32,
  },
};

/** The options each model reads; anything else in a request is refused, not silently ignored. */
const OWN: Record<ModelName, readonly (keyof TrainConfig)[]> = {
  mf: ['reg', 'regBias'],
  implicit: ['reg', 'regBias', 'loss', 'threshold', 'k'],
  sgns: ['window', 'negative', 'nsExponent', 'sample', 'minCount'],
  cbow: ['window', 'negative', 'nsExponent', 'sample', 'minCount'],
  classifier: [
    'maxLen',
    'padding',
    'truncating',
    'encoder',
    'units',
    'filters',
    'kernelSize',
    'hidden',
    'dropout',
    'batchSize',
  ],
};
const COMMON_KEYS: readonly (keyof TrainConfig)[] = [
  'model',
  'dim',
  'epochs',
  'lr',
  'schedule',
  'seed',
  'threads',
  'patience',
  // auto | cpu | tfjs (checkEngine below).
  'engine',
  // Pre-trained tables; checked against the project's runs in services (core/train/initTables.ts).
  'init',
];
const SCHEDULES: Record<ModelName, readonly string[]> = {
  mf: ['constant', 'linear'],
  implicit: ['adagrad', 'linear'],
  sgns: ['linear'],
  cbow: ['linear'],
  classifier: ['constant'],
};

function check(ok: boolean, message: string): void {
  if (!ok) throw new WorkbenchError('BadRequest', message);
}
const whole = (v: unknown, min: number, max: number): boolean =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const real = (v: unknown, min: number, max = Infinity): boolean =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

export function resolveTrainConfig(req: TrainRequest): TrainConfig {
  const model = req.model ?? 'mf';
  check(MODELS.includes(model), `model "${String(model)}" is not one of ${MODELS.join(', ')}`);
  const given = Object.fromEntries(
    Object.entries(req).filter(([k, v]) => k !== 'dataset' && v !== undefined),
  ) as Partial<TrainConfig>;
  for (const key of Object.keys(given) as (keyof TrainConfig)[]) {
    check(
      COMMON_KEYS.includes(key) || OWN[model].includes(key),
      `${model} has no option "${key}"; its options are ${[...COMMON_KEYS, ...OWN[model]].join(', ')}`,
    );
  }
  const c: TrainConfig = { ...TRAIN_DEFAULTS[model], threads: availableParallelism(), ...given, model };
  checkEngine(c, given);
  check(
    !((model === 'sgns' || model === 'cbow') && c.patience > 0),
    `patience needs a validation score; ${model} has none (use it with mf or implicit)`,
  );
  check(whole(c.dim, 1, 1024), `dim must be a whole number from 1 to 1024 (got ${c.dim})`);
  check(whole(c.epochs, 1, 10_000), `epochs must be a whole number from 1 to 10000 (got ${c.epochs})`);
  check(real(c.lr, 1e-12, 10) && c.lr > 0, `lr must be a number above 0 and below 10 (got ${c.lr})`);
  check(
    SCHEDULES[model].includes(c.schedule),
    `${model} trains with schedule ${SCHEDULES[model].join(' or ')} (got ${c.schedule})`,
  );
  check(whole(c.seed, 0, 0xffffffff), `seed must be a whole number from 0 to 4294967295 (got ${c.seed})`);
  check(whole(c.threads, 1, 256), `threads must be a whole number from 1 to 256 (got ${c.threads})`);
  check(whole(c.patience, 0, 10_000), `patience must be a whole number ≥ 0 (got ${c.patience})`);
  if (c.reg !== undefined) check(real(c.reg, 0), `reg must be a number ≥ 0 (got ${c.reg})`);
  if (c.regBias !== undefined) check(real(c.regBias, 0), `regBias must be a number ≥ 0 (got ${c.regBias})`);
  if (c.loss !== undefined) check(c.loss === 'bpr' || c.loss === 'warp', `loss is bpr or warp (got ${c.loss})`);
  if (c.k !== undefined) check(whole(c.k, 1, 1000), `k must be a whole number from 1 to 1000 (got ${c.k})`);
  if (c.threshold !== undefined) check(real(c.threshold, -Infinity), `threshold must be a number (got ${c.threshold})`);
  if (c.window !== undefined)
    check(whole(c.window, 1, 100), `window must be a whole number from 1 to 100 (got ${c.window})`);
  if (c.negative !== undefined)
    check(whole(c.negative, 1, 100), `negative must be a whole number from 1 to 100 (got ${c.negative})`);
  if (c.nsExponent !== undefined)
    check(real(c.nsExponent, 0, 2), `nsExponent must be a number from 0 to 2 (got ${c.nsExponent})`);
  if (c.sample !== undefined) check(real(c.sample, 0, 1), `sample must be a number from 0 to 1 (got ${c.sample})`);
  if (c.minCount !== undefined)
    check(whole(c.minCount, 1, 1e9), `minCount must be a whole number ≥ 1 (got ${c.minCount})`);
  if (model === 'classifier') checkClassifier(c);
  return c;
}

/**
 * The engine a request may use with its model. tfjs trains mf, implicit with BPR (WARP stays on the CPU
 * engine) and sgns; cbow is CPU-only; the classifier is tfjs-only. An implicit run asked on tfjs without a
 * loss gets bpr instead of the CPU engine's default warp.
 */
function checkEngine(c: TrainConfig, given: Partial<TrainConfig>): void {
  const engine = c.engine ?? 'auto';
  check(
    engine === 'auto' || engine === 'cpu' || engine === 'tfjs',
    `engine is auto, cpu or tfjs (got ${String(engine)})`,
  );
  if (engine === 'tfjs') {
    check(c.model !== 'cbow', 'cbow trains on the CPU engine only; use --engine cpu (or --model sgns on tfjs)');
    if (c.model === 'implicit') {
      if (given.loss === undefined) c.loss = 'bpr';
      check(
        c.loss === 'bpr',
        'the tfjs engine trains implicit with loss bpr only; use --loss bpr, or --engine cpu for warp',
      );
    }
  }
  if (engine === 'cpu')
    check(c.model !== 'classifier', 'the classifier trains on the tfjs engine only; use --engine tfjs or auto');
}

/** The classifier's own options (it always trains on the tfjs engine: Adam at a constant `lr`). */
function checkClassifier(c: TrainConfig): void {
  const side = (v: unknown): boolean => v === 'pre' || v === 'post';
  check(whole(c.maxLen, 1, 100_000), `maxLen must be a whole number from 1 to 100000 (got ${c.maxLen})`);
  check(side(c.padding), `padding is pre or post (got ${c.padding})`);
  check(side(c.truncating), `truncating is pre or post (got ${c.truncating})`);
  check(
    CLASSIFIER_ENCODERS.includes(c.encoder!),
    `encoder is one of ${CLASSIFIER_ENCODERS.join(', ')} (got ${c.encoder})`,
  );
  check(whole(c.units, 1, 4096), `units must be a whole number from 1 to 4096 (got ${c.units})`);
  check(whole(c.filters, 1, 4096), `filters must be a whole number from 1 to 4096 (got ${c.filters})`);
  check(whole(c.kernelSize, 1, 100), `kernelSize must be a whole number from 1 to 100 (got ${c.kernelSize})`);
  check(
    Array.isArray(c.hidden) && c.hidden.length <= 8 && c.hidden.every((h) => whole(h, 1, 4096)),
    `hidden is a list of up to 8 layer sizes from 1 to 4096, e.g. [64, 32], or [] for none (got ${JSON.stringify(c.hidden)})`,
  );
  check(real(c.dropout, 0, 0.95), `dropout must be a number from 0 to 0.95 (got ${c.dropout})`);
  check(whole(c.batchSize, 1, 65_536), `batchSize must be a whole number from 1 to 65536 (got ${c.batchSize})`);
  check(
    c.engine === undefined || c.engine === 'auto' || c.engine === 'tfjs',
    `the classifier trains on the tfjs engine only (got engine ${String(c.engine)}); leave engine unset or use tfjs`,
  );
}

// The Train form's fields: which belong to each model, what each means, and the ranges the backend accepts (pure).
import type { DatasetSummary, ImplicitLoss, ModelName, Schedule } from '../../../shared';
import { hasRatings } from './trainModels';

export type NumberKey =
  | 'dim'
  | 'epochs'
  | 'lr'
  | 'seed'
  | 'threads'
  | 'patience'
  | 'reg'
  | 'regBias'
  | 'k'
  | 'threshold'
  | 'window'
  | 'negative'
  | 'sample'
  | 'minCount'
  | 'nsExponent';

export interface NumberSpec {
  key: NumberKey;
  label: string;
  hint: string;
  integer: boolean;
  min: number;
  /** `min` itself is not allowed (a learning rate of 0 learns nothing). */
  aboveMin?: boolean;
  max?: number;
  /** Shown while empty; the field may stay empty (the backend then decides). */
  empty?: string;
}

// Ranges as src/core/config.ts checks them, so a typo is caught before it costs a run.
const SPECS: Record<NumberKey, NumberSpec> = {
  dim: {
    key: 'dim',
    label: 'dim',
    hint: 'Length of each vector. Larger captures finer structure but needs more data and time.',
    integer: true,
    min: 1,
    max: 1024,
  },
  epochs: {
    key: 'epochs',
    label: 'epochs',
    hint: 'Passes over the training data; the curve shows when more stop helping.',
    integer: true,
    min: 1,
    max: 10_000,
  },
  lr: {
    key: 'lr',
    label: 'learning rate',
    hint: 'Step size of each update. Too high and the loss becomes NaN; too low and it learns slowly.',
    integer: false,
    min: 0,
    aboveMin: true,
    max: 10,
  },
  seed: {
    key: 'seed',
    label: 'seed',
    hint: 'Random start and sampling. The same seed with 1 thread gives the same tables, bit for bit.',
    integer: true,
    min: 0,
    max: 0xffffffff,
  },
  threads: {
    key: 'threads',
    label: 'threads',
    hint: 'Worker threads updating the tables together (Hogwild). Empty: all cores; 1 is reproducible.',
    integer: true,
    min: 1,
    max: 256,
    empty: 'all cores',
  },
  patience: {
    key: 'patience',
    label: 'patience',
    hint: 'Stop after this many epochs without a better validation score; the best epoch is kept. 0: never stop.',
    integer: true,
    min: 0,
    max: 10_000,
  },
  reg: {
    key: 'reg',
    label: 'reg',
    hint: 'L2 penalty on the factors. Raise it when valid gets worse while train keeps improving.',
    integer: false,
    min: 0,
  },
  regBias: {
    key: 'regBias',
    label: 'reg (biases)',
    hint: 'L2 penalty on the per-user and per-item biases.',
    integer: false,
    min: 0,
  },
  k: {
    key: 'k',
    label: 'K',
    hint: 'Length of the recommended list scored by Recall@K, NDCG@K, MAP@K and HitRate@K.',
    integer: true,
    min: 1,
    max: 1000,
  },
  threshold: {
    key: 'threshold',
    label: 'positive from rating',
    hint: 'Ratings at or above this count as positives, the rest are dropped. Empty: every row is a positive.',
    integer: false,
    min: -Infinity,
    empty: 'every row',
  },
  window: {
    key: 'window',
    label: 'window',
    hint: 'Tokens on each side of a token that count as its context.',
    integer: true,
    min: 1,
    max: 100,
  },
  negative: {
    key: 'negative',
    label: 'negative',
    hint: 'Random tokens drawn as wrong answers for each true (token, context) pair.',
    integer: true,
    min: 1,
    max: 100,
  },
  sample: {
    key: 'sample',
    label: 'sample',
    hint: 'Skips some occurrences of very frequent tokens (word2vec: 1e-3). 0 keeps all: better with only a few dozen distinct tokens.',
    integer: false,
    min: 0,
    max: 1,
  },
  minCount: {
    key: 'minCount',
    label: 'minCount',
    hint: 'Tokens seen fewer times in the training sequences are skipped.',
    integer: true,
    min: 1,
  },
  nsExponent: {
    key: 'nsExponent',
    label: 'nsExponent',
    hint: 'Negatives are drawn in proportion to count^this: 0.75 as word2vec, 0 uniform, 1 by frequency.',
    integer: false,
    min: 0,
    max: 2,
  },
};

/**
 * The options every model has. word2vec has no validation score to be patient about (runWord2Vec never reads
 * `patience`), so it is not offered there.
 */
export function commonFields(model: ModelName): NumberSpec[] {
  const keys: NumberKey[] = ['dim', 'epochs', 'lr', 'seed', 'threads'];
  if (model === 'mf' || model === 'implicit' || model === 'classifier') keys.push('patience');
  return keys.map(spec);
}

const WORD2VEC_FIELDS: readonly NumberKey[] = ['window', 'negative', 'sample', 'minCount', 'nsExponent'];
/** The model's own number fields, in the order the form shows them. */
export const MODEL_FIELDS: Record<ModelName, readonly NumberKey[]> = {
  mf: ['reg', 'regBias'],
  implicit: ['k', 'threshold', 'reg', 'regBias'],
  sgns: WORD2VEC_FIELDS,
  cbow: WORD2VEC_FIELDS,
  // Its own options (encoder, padding, hidden layers …) are in ClassifierOptions.vue.
  classifier: [],
};

/** Learning-rate schedules each model trains with (config.ts refuses the others). */
export const SCHEDULES: Record<ModelName, readonly Schedule[]> = {
  mf: ['constant', 'linear'],
  implicit: ['adagrad', 'linear'],
  sgns: ['linear'],
  cbow: ['linear'],
  classifier: ['constant'],
};

export const SCHEDULE_HINTS: Record<Schedule, string> = {
  constant: 'constant: the same learning rate in every epoch.',
  linear: 'linear: decays from the learning rate to about 0 by the last epoch (word2vec style).',
  adagrad: 'adagrad: each parameter’s rate shrinks with the updates it has had; robust to the starting rate.',
};

export const LOSS_HINTS: Record<ImplicitLoss, string> = {
  bpr: 'BPR: pushes each positive above one random item; simple and steady.',
  warp: 'WARP: samples until an item outranks the positive and weights the update by rank; better at the top.',
};

export const spec = (key: NumberKey): NumberSpec => SPECS[key];

/** The number fields the form shows for a model on a dataset: a threshold only where there are ratings. */
export function fieldsFor(model: ModelName, dataset: DatasetSummary | undefined): NumberSpec[] {
  const own = MODEL_FIELDS[model].filter((k) => k !== 'threshold' || (dataset !== undefined && hasRatings(dataset)));
  return own.map(spec);
}

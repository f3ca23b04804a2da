// One declarative table of every training option: what it means, its range or choices, and how it is checked.
// core/config.ts validates requests by walking it, the CLI builds its flags and help from it, and the renderer
// builds the Train form from it: a new option is one entry here (and its field in config.ts).
import {
  CLASSIFIER_ENCODERS,
  ENGINE_CHOICES,
  FEATURE_USES,
  IMPLICIT_LOSSES,
  MF_SOLVERS,
  PAD_SIDES,
  SCHEDULES,
  TABULAR_OBJECTIVES,
  type AllOptions,
  type OptionKey,
} from './config';

interface Described {
  /** Short label for a form field (the option's name where users know it by that). */
  label: string;
  /** One or two sentences: what it does and when to change it (the form's description, the CLI's help). */
  hint: string;
}

export interface NumberRule extends Described {
  kind: 'number';
  integer: boolean;
  min: number;
  /** `min` itself is not allowed (a learning rate of 0 learns nothing). */
  aboveMin?: boolean;
  max?: number;
  /** The option may be left out; this says what happens then (`all cores`, `every row`): the form's placeholder
   * and the CLI help's "Empty: …". */
  empty?: string;
}

export interface ChoiceRule<V extends string = string> extends Described {
  kind: 'choice';
  values: readonly V[];
  /** One line per value, shown beside the choice. */
  valueHints?: Partial<Record<V, string>>;
}

export interface ListRule extends Described {
  kind: 'list';
  /** Each item is a whole number in [min, max]; at most maxItems of them; `[]` is written `none` on the CLI. */
  min: number;
  max: number;
  maxItems: number;
}

/** A whole number per name (`Country=8,StockCode=32`): per-column settings; empty is allowed (`empty` says what then). */
export interface KeyedRule extends Described {
  kind: 'keyed';
  min: number;
  max: number;
  empty: string;
}

export type OptionRule = NumberRule | ChoiceRule | ListRule | KeyedRule;
type RuleOf<V> = [V] extends [number]
  ? NumberRule
  : [V] extends [number[]]
    ? ListRule
    : [V] extends [Record<string, number>]
      ? KeyedRule
      : ChoiceRule<V & string>;
export type OptionRules = { [K in OptionKey]-?: RuleOf<NonNullable<AllOptions[K]>> };

const whole = (label: string, hint: string, min: number, max?: number): NumberRule => ({
  kind: 'number',
  integer: true,
  label,
  hint,
  min,
  max,
});
const real = (label: string, hint: string, min: number, max?: number): NumberRule => ({
  kind: 'number',
  integer: false,
  label,
  hint,
  min,
  max,
});
const PAD_HINTS = { pre: 'pre: at the start (Keras default)', post: 'post: at the end' };

export const OPTION_RULES: OptionRules = {
  dim: whole('dim', 'Length of each vector. Larger captures finer structure but needs more data and time.', 1, 1024),
  epochs: whole('epochs', 'Passes over the training data; the curve shows when more stop helping.', 1, 10_000),
  lr: {
    ...real(
      'learning rate',
      'Step size of each update. Too high and the loss becomes NaN; too low and it learns slowly.',
      0,
      10,
    ),
    aboveMin: true,
  },
  schedule: {
    kind: 'choice',
    label: 'schedule',
    hint: 'How the learning rate changes over the run.',
    values: SCHEDULES,
    valueHints: {
      constant: 'constant: the same learning rate in every epoch.',
      linear: 'linear: decays from the learning rate to about 0 by the last epoch (word2vec style).',
      adagrad: 'adagrad: each parameter’s rate shrinks with the updates it has had; robust to the starting rate.',
    },
  },
  seed: whole(
    'seed',
    'Random start and sampling. The same seed with 1 thread gives the same tables, bit for bit.',
    0,
    0xffffffff,
  ),
  threads: {
    ...whole('threads', 'Worker threads updating the tables together (Hogwild); 1 is reproducible.', 1, 256),
    empty: 'all cores',
  },
  patience: whole(
    'patience',
    'Stop after this many epochs without a better validation score; the best epoch is kept. 0: never stop.',
    0,
    10_000,
  ),
  engine: {
    kind: 'choice',
    label: 'engine',
    hint: 'Which engine trains: auto uses TensorFlow.js only with a GPU (tfjs-node-gpu), else the CPU engine.',
    values: ENGINE_CHOICES,
    valueHints: {
      auto: 'auto: TensorFlow.js on a GPU where there is one, else the CPU engine.',
      cpu: 'cpu: sparse updates on worker threads; the fastest without a GPU.',
      tfjs: 'tfjs: Keras-style TensorFlow.js models on the best backend found.',
    },
  },
  reg: real('reg', 'L2 penalty on the factors. Raise it when valid gets worse while train keeps improving.', 0),
  regBias: real('reg (biases)', 'L2 penalty on the per-user and per-item biases.', 0),
  regExponent: real(
    'reg exponent',
    'A row with n training ratings gets the penalty λ·n^this in all: 1 is the same penalty per rating (SGD, ALS-WR); lower holds frequent rows back less than rare ones.',
    0,
    2,
  ),
  solver: {
    kind: 'choice',
    label: 'solver',
    hint: 'How the factors are fitted.',
    values: MF_SOLVERS,
    valueHints: {
      sgd: 'SGD: one rating at a time with the learning rate; the fastest per epoch.',
      als: 'ALS: each user’s and each item’s row solved exactly in turn; no learning rate, few epochs.',
    },
  },
  holdout: real(
    'validation share',
    'When the dataset has no validation split, this share of each user’s training rows is held out as one, so that the best epoch is kept and patience works. 0: none.',
    0,
    0.5,
  ),
  alpha: real(
    'alpha',
    'Confidence of an interaction is 1 + alpha × its weight (the weight column, else 1): how much more an observed item counts than an unobserved one.',
    0,
  ),
  cgSteps: whole(
    'CG steps',
    'Conjugate-gradient steps per row and half-iteration, starting from the last solution; more is closer to the exact solve.',
    1,
    1024,
  ),
  features: {
    kind: 'choice',
    label: 'side features',
    hint: 'Metadata in the vectors: an item’s vector is its own plus the sum of its features’ (genres, tags), so items and users without interactions get one.',
    values: FEATURE_USES,
    valueHints: {
      none: 'none: ids only.',
      items: 'items: item features (genres, tags …) from the import.',
      users: 'users: user features (country …) from the import.',
      both: 'both: item and user features.',
    },
  },
  loss: {
    kind: 'choice',
    label: 'loss',
    hint: 'The ranking loss.',
    values: IMPLICIT_LOSSES,
    valueHints: {
      bpr: 'BPR: pushes each positive above one random item; simple and steady.',
      warp: 'WARP: samples until an item outranks the positive and weights the update by rank; better at the top.',
    },
  },
  k: whole('K', 'Length of the recommended list scored by Recall@K, NDCG@K, MAP@K and HitRate@K.', 1, 1000),
  threshold: {
    ...real('positive from rating', 'Ratings at or above this count as positives, the rest are dropped.', -Infinity),
    empty: 'every row',
  },
  window: whole('window', 'Tokens on each side of a token that count as its context.', 1, 100),
  negative: whole('negative', 'Random tokens drawn as wrong answers for each true (token, context) pair.', 1, 100),
  nsExponent: real(
    'nsExponent',
    'Negatives are drawn in proportion to count^this: 0.75 as word2vec, 0 uniform, 1 by frequency.',
    0,
    2,
  ),
  sample: real(
    'sample',
    'Skips some occurrences of very frequent tokens (word2vec: 1e-3). 0 keeps all: better with only a few dozen distinct tokens.',
    0,
    1,
  ),
  minCount: whole('minCount', 'Tokens seen fewer times in the training sequences are skipped.', 1, 1e9),
  maxLen: whole(
    'max length',
    'Tokens per sequence: shorter ones are padded with PAD (0), longer ones cut, as Keras pad_sequences.',
    1,
    100_000,
  ),
  padding: {
    kind: 'choice',
    label: 'padding',
    hint: 'Where PAD goes in short sequences.',
    values: PAD_SIDES,
    valueHints: PAD_HINTS,
  },
  truncating: {
    kind: 'choice',
    label: 'truncating',
    hint: 'Which end of a long sequence is cut: pre keeps the last tokens (Keras default), post the first.',
    values: PAD_SIDES,
    valueHints: PAD_HINTS,
  },
  encoder: {
    kind: 'choice',
    label: 'encoder',
    hint: 'How the embedded sequence becomes one vector.',
    values: CLASSIFIER_ENCODERS,
    valueHints: {
      average: 'average: the mean of the token vectors (PAD left out). Fast; ignores order.',
      flatten: 'flatten: all maxLen vectors side by side into the dense layers. Position-aware, many weights.',
      gru: 'gru: a GRU reads the sequence in order (PAD skipped). Learns order; slowest per sequence.',
      lstm: 'lstm: an LSTM reads the sequence in order (PAD skipped). Like GRU with a separate memory cell.',
      conv1d: 'conv1d: n-gram filters over the sequence, then the maximum of each over the real tokens.',
    },
  },
  units: whole('units', 'Size of the GRU/LSTM state: more remembers more of the sequence, trains slower.', 1, 4096),
  filters: whole('filters', 'Conv1D filters: how many n-gram detectors slide over the sequence.', 1, 4096),
  kernelSize: whole('kernel size', 'Conv1D window in tokens: the length of the patterns a filter sees.', 1, 100),
  hidden: {
    kind: 'list',
    label: 'hidden layers',
    hint: 'Sizes of the ReLU Dense layers before the output, e.g. 64, 32; none for no hidden layer.',
    min: 1,
    max: 4096,
    maxItems: 8,
  },
  dropout: real(
    'dropout',
    'Share of units dropped while training, after the encoder and each hidden layer: against overfitting.',
    0,
    0.95,
  ),
  batchSize: whole(
    'batch size',
    'Sequences (or rows) per Adam step: larger is faster per example, smaller often generalises better.',
    1,
    65_536,
  ),
  objective: {
    kind: 'choice',
    label: 'objective',
    hint: 'What the target is fitted with.',
    values: TABULAR_OBJECTIVES,
    valueHints: {
      auto: 'auto: cross-entropy when the target has classes (text, or at most 20 distinct numbers), else mse.',
      crossentropy: 'crossentropy: classes (sigmoid for two, softmax for more), judged by AUC and accuracy.',
      mse: 'mse: regression on squared error, judged by RMSE and MAE.',
      mae: 'mae: regression on absolute error (robust to outliers), judged by RMSE and MAE.',
    },
  },
  columnDims: {
    kind: 'keyed',
    label: 'embedding dims',
    hint: 'Vector length of some category columns, e.g. Country=8, StockCode=32; the others follow the rule of thumb min(dim, ⌈values/2⌉).',
    min: 1,
    max: 1024,
    empty: 'min(dim, ⌈values/2⌉) per column',
  },
};

export const OPTION_KEYS = Object.keys(OPTION_RULES) as OptionKey[];

/** What the value must be, in words: `a whole number from 1 to 1024`, `bpr or warp`. */
export function ruleText(rule: OptionRule): string {
  if (rule.kind === 'choice')
    return rule.values.length === 2 ? `${rule.values[0]} or ${rule.values[1]}` : `one of ${rule.values.join(', ')}`;
  if (rule.kind === 'list')
    return `a list of up to ${rule.maxItems} whole numbers from ${rule.min} to ${rule.max} (e.g. 64,32; none for an empty list)`;
  if (rule.kind === 'keyed') return `name=N pairs with whole numbers from ${rule.min} to ${rule.max} (e.g. Country=8)`;
  const what = rule.integer ? 'a whole number' : 'a number';
  if (rule.min === -Infinity) return what;
  if (rule.aboveMin)
    return rule.max === undefined ? `${what} above ${rule.min}` : `${what} above ${rule.min} and at most ${rule.max}`;
  return rule.max === undefined ? `${what} ≥ ${rule.min}` : `${what} from ${rule.min} to ${rule.max}`;
}

/** Whether `value` fits the rule (type included: requests cross process and network boundaries). */
export function fitsRule(rule: OptionRule, value: unknown): boolean {
  if (rule.kind === 'choice') return (rule.values as readonly unknown[]).includes(value);
  if (rule.kind === 'list')
    return (
      Array.isArray(value) &&
      value.length <= rule.maxItems &&
      value.every((v) => Number.isInteger(v) && v >= rule.min && v <= rule.max)
    );
  if (rule.kind === 'keyed')
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.entries(value).every(([k, v]) => k !== '' && Number.isInteger(v) && v >= rule.min && v <= rule.max)
    );
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.aboveMin ? value <= rule.min : value < rule.min) return false;
  return rule.max === undefined || value <= rule.max;
}

/** Why `value` does not fit option `key`, in one sentence; null when it fits. */
export function optionProblem(key: OptionKey, value: unknown): string | null {
  const rule: OptionRule = OPTION_RULES[key];
  if (fitsRule(rule, value)) return null;
  const verb = rule.kind === 'choice' ? 'is' : 'must be';
  return `${key} ${verb} ${ruleText(rule)} (got ${JSON.stringify(value)})`;
}

/** The CLI flag of an option: its name in kebab-case (`regBias` → `reg-bias`). */
export const flagOf = (key: OptionKey): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

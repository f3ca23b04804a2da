// One table of the models: what each is, the options it takes and their defaults, its schedules, the engines
// that train it, and the datasets it fits. A new model is one entry here plus its model file in core/train.
import type { DatasetSummary, Mapping } from '../datasets';
import { categoryGroups, categoryRole } from '../mapping';
import type {
  ClassifierEncoder,
  ConfigOf,
  EngineName,
  LocalEngine,
  MfSolver,
  ModelName,
  OptionKey,
  Schedule,
} from './config';
import { sparkOptions } from './spark';

/** Everything of a resolved config but what is decided per run: threads (the machine's cores) and init. */
export type ModelDefaults<M extends ModelName> = Omit<
  ConfigOf<M>,
  'model' | 'threads' | 'init' | 'threshold' | 'columnDims' | 'folds' | 'trainOnValid'
>;

export interface ModelRule<M extends ModelName = ModelName> {
  /** For a picker: `mf: matrix factorisation of ratings`. */
  label: string;
  /** One line: what it learns from and what it is good for. */
  summary: string;
  /** What `examplesPerSecond` counts for this model. */
  unit: string;
  /** Every option it takes, in the order a form shows them; anything else in a request is refused. */
  options: readonly OptionKey[];
  defaults: ModelDefaults<M>;
  /** Its learning-rate schedules; empty for a model solved by least squares (no `lr`, no `schedule`). */
  schedules: readonly Schedule[];
  /** Whether it has a validation score per epoch (best-epoch selection and patience). */
  validates: boolean;
  /** The engines that train it, each with why it cannot train a given config (null: it can). */
  engines: Partial<Record<LocalEngine, (c: ConfigOf<M>) => string | null>>;
  /**
   * Defaults that differ on an engine asked for explicitly (implicit on tfjs: bpr, as it has no warp), or on a
   * Spark run (mf: what MLlib's ALS is, core/spark/spec.ts).
   */
  engineDefaults?: Partial<Record<LocalEngine | 'spark', Partial<ModelDefaults<M>>>>;
  /**
   * Defaults that differ with the value of one of its choices, over the engine's (implicit: BPR learns at other
   * settings than WARP). A request's own values still win; `defaultsFor` (resolve.ts) applies them.
   */
  choiceDefaults?: Partial<Record<OptionKey, Record<string, Partial<ModelDefaults<M>>>>>;
  /** What it trains on: user × item interactions, token sequences, labelled sequences, or a table's rows. */
  data: 'interactions' | 'sequences' | 'labelled' | 'tabular';
  /**
   * The tables it trains, name → the vocabulary role of their rows, given the role of the dataset's sequences and
   * its mapping (a tabular model has one table per category column or group).
   */
  tables: (sequenceRole: string | null, mapping: Mapping) => Record<string, string>;
  /** Tables started from pre-trained vectors take the source's dim (tabular: dims are per column), not `dim`. */
  initKeepsSourceDim?: boolean;
  /** Why a dataset cannot train this model, or null when it can. */
  fits: (d: DatasetSummary) => string | null;
  /** Why options that are each valid cannot train together on any engine (mf: als with features), or null. */
  refuses?: (c: ConfigOf<M>) => string | null;
}

const COMMON = ['dim', 'epochs', 'lr', 'schedule', 'seed', 'threads', 'patience', 'engine'] as const;
/** What a least-squares model takes of COMMON: everything but the learning rate and its schedule. */
const SOLVED = COMMON.filter((k) => k !== 'lr' && k !== 'schedule');
const BASE = { seed: 42, patience: 0, engine: 'auto' } as const;
const yes = (): null => null;
/** Side features are summed into the vectors by the CPU engine's kernels only (core/train/featureSum.ts). */
const noFeatures = (c: { features: string }): string | null =>
  c.features === 'none' ? null : 'side features train on the cpu engine; use --engine cpu (or auto)';

const interactions = (what: string) => (d: DatasetSummary) =>
  d.kind === 'interactions' ? null : `needs ${what}; this is a ${d.kind} dataset`;
const sequences = (d: DatasetSummary): string | null =>
  d.sequences > 0 ? null : 'needs token sequences; import with a session column, user + timestamp, or a text column';

/**
 * mf with the per-rating penalty (ν = 1: Surprise's and LibMF's SGD, ALS-WR's weighted λ) at its own best λ,
 * measured like the defaults (docs/training.md): what the tfjs engine and MLlib's ALS (core/spark/spec.ts) train.
 */
export const MF_PER_RATING = { regExponent: 1, reg: 0.1, regBias: 0.05 } as const;
const USER_ITEM = () => ({ users: 'user', items: 'item' });
/** word2vec's input and context tables, named after the tokens' role (`words`, `items`, `events`). */
const inputAndContext = (role: string | null): Record<string, string> =>
  role ? { [`${role}s`]: role, [`${role}s.context`]: role } : {};

const WORD2VEC = {
  data: 'sequences',
  tables: inputAndContext,
  options: [...COMMON.filter((k) => k !== 'patience'), 'window', 'negative', 'sample', 'minCount', 'nsExponent'],
  schedules: ['linear'],
  validates: false,
  fits: sequences,
} as const;
const WORD2VEC_DEFAULTS = {
  ...BASE,
  dim: 100,
  epochs: 5,
  schedule: 'linear',
  window: 5,
  negative: 5,
  nsExponent: 0.75,
  sample: 1e-3,
  minCount: 1,
} as const;

export const MODEL_RULES: { [M in ModelName]: ModelRule<M> } = {
  mf: {
    label: 'mf: matrix factorisation of ratings',
    summary: 'Biased matrix factorisation of explicit ratings; judged by RMSE against global-mean and bias-only.',
    unit: 'ratings',
    options: [...COMMON, 'solver', 'reg', 'regBias', 'regExponent', 'holdout', 'features'],
    // Chosen on ml-latest-small (a seeded 80/20 split) by RMSE on validation rows carved from train, never by the
    // test split (docs/training.md, "Choosing the mf defaults"): SGD decaying linearly from 0.03 over 40 epochs;
    // the penalty λn^ν with ν = 0.5 beat the per-rating penalty (ν = 1, best λ 0.1) by 0.004 valid RMSE with
    // both solvers; a 5% hold-out lost less to the data it takes away than 10% (test 0.855 against 0.860).
    defaults: {
      ...BASE,
      dim: 64,
      epochs: 40,
      lr: 0.03,
      schedule: 'linear',
      solver: 'sgd',
      reg: 1.2,
      regBias: 0.6,
      regExponent: 0.5,
      holdout: 0.05,
      patience: 10,
      features: 'none',
    },
    schedules: ['constant', 'linear'],
    validates: true,
    engines: {
      cpu: yes,
      tfjs: (c) =>
        c.solver !== 'sgd'
          ? 'the tfjs engine trains mf with --solver sgd only; use --engine cpu for als'
          : c.regExponent !== 1
            ? 'the tfjs engine penalises every rating alike (--reg-exponent 1); use --engine cpu for other exponents'
            : noFeatures(c),
    },
    // The tfjs engine penalises every rating alike: ν = 1 with its own best λ (same measurement). MLlib's ALS is
    // ALS-WR (ν = 1) and keeps no validation split (docs/spark.md).
    engineDefaults: {
      tfjs: { solver: 'sgd', ...MF_PER_RATING },
      spark: { solver: 'als', ...MF_PER_RATING, holdout: 0 },
    },
    data: 'interactions',
    tables: USER_ITEM,
    fits: (d) =>
      d.kind !== 'interactions'
        ? `needs user × item ratings; this is a ${d.kind} dataset`
        : d.mapping.rating
          ? null
          : 'needs a rating column; this dataset was imported without one (try implicit)',
    // ALS solves each row from the other side alone; a feature row is shared by many rows and has no such solve.
    refuses: (c) =>
      c.solver === 'als' && c.features !== 'none'
        ? 'side features train by SGD (the composed vectors have no per-row least-squares solve); use --solver sgd'
        : null,
  },
  implicit: {
    label: 'implicit: ranking from clicks or purchases',
    summary: 'Ranks items per user from implicit feedback (BPR or WARP); judged by Recall@K against popularity.',
    unit: 'positives',
    options: [...COMMON, 'loss', 'nsExponent', 'k', 'threshold', 'reg', 'regBias', 'holdout', 'features'],
    // WARP at LightFM's defaults (Adagrad at 0.05, uniform negatives); BPR's own below.
    defaults: {
      ...BASE,
      dim: 32,
      epochs: 20,
      lr: 0.05,
      schedule: 'adagrad',
      loss: 'warp',
      nsExponent: 0,
      k: 10,
      reg: 1e-4,
      regBias: 1e-4,
      holdout: 0.1,
      features: 'none',
    },
    // BPR chosen on a dev split of ml-latest-small by held-out NDCG@10, never the test split (bench/bprSweep.ts,
    // docs/training.md "implicit defaults"): at WARP's penalty it barely beat popularity (1.05×); λ 0.01 gained
    // most, negatives drawn ∝ count^0.25 next (1.0 as `implicit` was worse, its 0.5–0.75 between), and its
    // curves stay at popularity's level for ~10 epochs before they rise, so 60 epochs without patience.
    choiceDefaults: { loss: { bpr: { epochs: 60, nsExponent: 0.25, reg: 0.01, regBias: 0.001 } } },
    schedules: ['adagrad', 'linear', 'constant'],
    validates: true,
    engines: {
      cpu: yes,
      tfjs: (c) =>
        c.loss !== 'bpr'
          ? 'the tfjs engine trains implicit with loss bpr only; use --loss bpr, or --engine cpu for warp'
          : noFeatures(c),
    },
    engineDefaults: { tfjs: { loss: 'bpr' } },
    data: 'interactions',
    tables: USER_ITEM,
    fits: interactions('user × item interactions'),
  },
  ials: {
    label: 'ials: implicit ALS (weighted least squares)',
    summary:
      'Implicit feedback as confidence-weighted least squares over every user × item (Hu, Koren & Volinsky 2008), solved by conjugate gradient; judged by Recall@K against popularity.',
    unit: 'positives',
    options: [...SOLVED, 'reg', 'alpha', 'cgSteps', 'k', 'threshold', 'holdout'],
    // `implicit`'s iterations and CG steps.
    defaults: { ...BASE, dim: 64, epochs: 15, reg: 0.01, alpha: 1, cgSteps: 3, k: 10, holdout: 0 },
    schedules: [],
    validates: true,
    engines: { cpu: yes },
    data: 'interactions',
    tables: USER_ITEM,
    fits: interactions('user × item interactions'),
  },
  // word2vec.c's defaults (its CBOW starts at α 0.05), but skip-gram at lr 0.05 with sample 1e-4 and min-count 5
  // (fastText's) rather than word2vec.c's 0.025, 1e-3 and gensim's 5: measured on the development corpus with
  // bench/word2vecSweep.ts, docs/training.md "word2vec defaults".
  sgns: {
    label: 'sgns: word2vec skip-gram',
    summary: 'Skip-gram with negative sampling over token sequences (words, or items per session: item2vec).',
    unit: 'tokens',
    ...WORD2VEC,
    defaults: { ...WORD2VEC_DEFAULTS, lr: 0.05, sample: 1e-4, minCount: 5 },
    engines: { cpu: yes, tfjs: yes },
  },
  cbow: {
    label: 'cbow: word2vec CBOW',
    summary: 'Continuous bag of words: predicts a token from the mean of its context; faster, smoother on rare tokens.',
    unit: 'tokens',
    ...WORD2VEC,
    defaults: { ...WORD2VEC_DEFAULTS, lr: 0.05 },
    engines: { cpu: yes },
  },
  classifier: {
    label: 'classifier: labelled sequences (Keras Embedding + encoder)',
    summary:
      'Predicts each sequence’s label (text or behaviour) through an embedding, an encoder and dense layers; judged by AUC or accuracy against the majority class.',
    unit: 'sequences',
    options: [
      ...COMMON,
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
    // Keras' defaults where they exist (Adam lr 1e-3, batch 32, pad/truncate `pre`); patience 2 on validation loss.
    defaults: {
      ...BASE,
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
    schedules: ['constant'],
    validates: true,
    engines: { tfjs: yes },
    data: 'labelled',
    // Its one Embedding, named after the tokens' role.
    tables: (role) => (role ? { [`${role}s`]: role } : {}),
    fits: (d) =>
      d.sequences === 0
        ? 'needs labelled sequences; import text or sessions with a label column'
        : d.mapping.label
          ? null
          : 'needs a label; import the file again with a label column mapped',
  },
  tabular: {
    label: 'tabular: a table’s columns → its target (entity embeddings)',
    summary:
      'Predicts a target column from category columns (an embedding table each) and numeric ones through dense layers; judged by RMSE, or AUC and accuracy, against the mean or the majority class.',
    unit: 'rows',
    options: [...COMMON, 'objective', 'columnDims', 'hidden', 'dropout', 'batchSize'],
    // Adam at Keras' 1e-3; dim 50 caps the rule of thumb min(50, ⌈values/2⌉) (fast.ai's tabular learner, Guo &
    // Berkhahn's entity embeddings); batch 256 as tabular data has many short rows.
    defaults: {
      ...BASE,
      dim: 50,
      epochs: 10,
      lr: 1e-3,
      schedule: 'constant',
      patience: 2,
      objective: 'auto',
      hidden: [64, 32],
      dropout: 0.1,
      batchSize: 256,
    },
    schedules: ['constant'],
    validates: true,
    engines: { tfjs: yes },
    data: 'tabular',
    tables: (_role, mapping) => Object.fromEntries(categoryGroups(mapping).map((g) => [g.name, categoryRole(g.name)])),
    initKeepsSourceDim: true,
    fits: (d) =>
      d.kind === 'tabular' ? null : 'needs a table with a target; import one with --map category=…,numeric=…,target=…',
  },
};

/** What decides, beyond model and engine, which options a form shows. */
export interface ShownContext {
  /** A rating threshold needs ratings to compare with; side features need a dataset imported with some. */
  dataset?: DatasetSummary;
  /** The classifier's encoder: units are read by gru/lstm only, filters and kernelSize by conv1d only. */
  encoder?: ClassifierEncoder;
  /** mf's solver: ALS has no learning rate or schedule. */
  solver?: MfSolver;
}

const ENCODER_OPTIONS: Partial<Record<OptionKey, readonly ClassifierEncoder[]>> = {
  units: ['gru', 'lstm'],
  filters: ['conv1d'],
  kernelSize: ['conv1d'],
};

/**
 * The options that matter for a model on an engine (tfjs schedules its own threads; Spark takes only what MLlib
 * has), on a dataset and with an encoder when given. The others are still accepted in a request, and ignored
 * (on Spark: refused).
 */
export function optionsShown(
  model: ModelName,
  engine: EngineName | 'auto',
  { dataset, encoder, solver }: ShownContext = {},
): readonly OptionKey[] {
  const onTfjs = engine === 'tfjs' || !MODEL_RULES[model].engines.cpu;
  const options = engine === 'spark' ? sparkOptions(model, MODEL_RULES[model].options) : MODEL_RULES[model].options;
  return options.filter((k) => {
    if (k === 'threads') return !onTfjs;
    if (k === 'solver') return !onTfjs;
    if ((k === 'lr' || k === 'schedule') && solver === 'als') return false;
    if (k === 'threshold') return !dataset || (dataset.kind === 'interactions' && !!dataset.mapping.rating);
    if (k === 'features') return !dataset || !!(dataset.itemFeatures || dataset.userFeatures);
    const encoders = ENCODER_OPTIONS[k];
    return !encoders || !encoder || encoders.includes(encoder);
  });
}

/** The role of a dataset's sequence tokens as the importer stores it: words of a text, else items, else events. */
export function sequenceRole(d: DatasetSummary): string | null {
  if (d.sequences === 0) return null;
  return d.kind === 'text' ? 'word' : d.mapping.item ? 'item' : 'event';
}

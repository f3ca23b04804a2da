// The shape of a training config: the names of every choice, the options of each model, and the resolved config
// as a discriminated union (every field present) that the trainers read without defaults of their own.

/**
 * - `mf`: explicit ratings, biased matrix factorisation (RMSE/MAE);
 * - `implicit`: implicit feedback ranked with sampled negatives, loss `bpr` or `warp` (Recall/NDCG/MAP/HitRate@K);
 * - `ials`: implicit feedback by weighted alternating least squares (Hu, Koren & Volinsky 2008), same metrics;
 * - `sgns`, `cbow`: word2vec over token sequences (words, events, items per session);
 * - `classifier`: labelled sequences (text or behaviour with a `label` column) → Embedding → encoder → Dense →
 *   sigmoid/softmax, on the tfjs engine (loss, accuracy, AUC for two labels);
 * - `tabular`: a table's category columns (one embedding each) and numeric columns → dense layers → its target
 *   (entity embeddings, Guo & Berkhahn 2016), on the tfjs engine (RMSE/MAE, or loss, accuracy and AUC).
 */
export const MODELS = ['mf', 'implicit', 'ials', 'sgns', 'cbow', 'classifier', 'tabular'] as const;
export type ModelName = (typeof MODELS)[number];
/** mf: `constant` SGD or `linear` decay to ~0 over all epochs; implicit: `adagrad` (default) or `linear`. */
export const SCHEDULES = ['constant', 'linear', 'adagrad'] as const;
export type Schedule = (typeof SCHEDULES)[number];
export const IMPLICIT_LOSSES = ['bpr', 'warp'] as const;
/**
 * mf and implicit: which side features take part (docs/features.md): an item's vector is its own row plus the
 * weighted sum of its features' rows (LightFM), so a cold item (or user) gets one from its metadata.
 */
export const FEATURE_USES = ['none', 'items', 'users', 'both'] as const;
export type FeatureUse = (typeof FEATURE_USES)[number];
export type ImplicitLoss = (typeof IMPLICIT_LOSSES)[number];
/** mf: `sgd` (stochastic gradient descent, one rating at a time) or `als` (alternating exact least squares). */
export const MF_SOLVERS = ['sgd', 'als'] as const;
export type MfSolver = (typeof MF_SOLVERS)[number];
/** `cpu`: the hand-written sparse SGD engine (src/core/train); `tfjs`: TensorFlow.js layers models (src/core/tfjs). */
export const LOCAL_ENGINES = ['cpu', 'tfjs'] as const;
/** What a run trained on: a local engine, or `spark` (MLlib on a Spark master, started apart: docs/spark.md). */
export const ENGINES = [...LOCAL_ENGINES, 'spark'] as const;
export type EngineName = (typeof ENGINES)[number];
export type LocalEngine = (typeof LOCAL_ENGINES)[number];
/** What a request may ask for: `auto` picks tfjs only when tfjs-node-gpu loads and sees a GPU, else cpu. */
export const ENGINE_CHOICES = ['auto', ...LOCAL_ENGINES] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];
/** Keras `pad_sequences`: `pre` pads (or cuts) at the start, `post` at the end. */
export const PAD_SIDES = ['pre', 'post'] as const;
export type PadSide = (typeof PAD_SIDES)[number];
/** classifier: how the embedded sequence becomes one vector (docs/training.md). */
export const CLASSIFIER_ENCODERS = ['flatten', 'average', 'gru', 'lstm', 'conv1d'] as const;
export type ClassifierEncoder = (typeof CLASSIFIER_ENCODERS)[number];
/**
 * tabular: what the target is fitted with. `auto`: cross-entropy when the target has classes (it is not a number,
 * or a number with at most 20 distinct values), else mse; `mse`/`mae` regress a numeric target.
 */
export const TABULAR_OBJECTIVES = ['auto', 'crossentropy', 'mse', 'mae'] as const;
export type TabularObjective = (typeof TABULAR_OBJECTIVES)[number];

/** Where a table's initial vectors come from: a table of an earlier run or of imported vectors (also a run). */
export interface TableInit {
  runId: number;
  /** The source run's table; default: the one of the same name, else the run's only table. */
  table?: string;
  /** false: the table is frozen (never updated, Keras `trainable: false`); default true (fine-tuned). */
  trainable?: boolean;
}

/** How rows are dealt into folds: each row on its own, or each user's rows spread evenly over the folds. */
export const FOLD_BY = ['row', 'user'] as const;
export type FoldBy = (typeof FOLD_BY)[number];

/**
 * Which fold of a seeded k-fold partition a run validates on (core/train/folds.ts). `by: 'user'` deals each
 * user's rows over the folds (every user keeps (k−1)/k of their rows in training, as per-user splits do);
 * sequences are dealt by sequence. The same k, by and seed give the same folds on the same dataset.
 */
export interface FoldSpec {
  k: number;
  /** 0 … k − 1. */
  fold: number;
  by: FoldBy;
  seed: number;
}

/** How much of a table a pre-trained source covered: `matched` of its `rows` real rows (PAD/OOV left out). */
export interface InitCoverage {
  runId: number;
  table: string;
  matched: number;
  /** Of `matched`, keys found only after the word2vec rule (whitespace → `_`). */
  matchedByRule: number;
  rows: number;
  /** matched / rows. */
  coverage: number;
  trainable: boolean;
}

export interface CommonOptions {
  dim: number;
  epochs: number;
  /** Learning rate (word2vec's alpha for sgns/cbow; Adam's for the classifier). */
  lr: number;
  schedule: Schedule;
  seed: number;
  /** Worker threads sharing the tables (Hogwild); 1 is bit-for-bit reproducible with a seed. */
  threads: number;
  /** Stop after this many epochs without a better validation score (the best epoch is kept); 0: never. */
  patience: number;
  /** Which engine trains (`auto`: tfjs only when tfjs-node-gpu loads and sees a GPU, else cpu). */
  engine: EngineChoice;
  /**
   * Pre-trained initialisation per table of the model (`users`, `items`, `words`, `words.context` …): rows whose
   * key the source has start from its vector, the others from the model's initializer (docs/training.md).
   */
  init?: Record<string, TableInit>;
  /** A Spark run's record: where it ran and the MLlib parameters it got (set by the app, never by a request). */
  spark?: SparkRunConfig;
  /**
   * k-fold cross-validation: this run trains on every fold but one of the dataset's train + valid rows and
   * validates on that one (the test rows stay test). Applied by the training process when it loads the data.
   */
  folds?: FoldSpec;
  /** The validation rows join the training rows (no validation split): a tuned config's final fit. */
  trainOnValid?: boolean;
}

/** What models that pick their best epoch on a validation split share. */
export interface HoldoutOptions {
  /**
   * Share of each user's training rows carved out as the validation split when the dataset has none (seeded by
   * `seed`; the dataset is unchanged); 0: none, and without validation rows the last epoch is kept.
   */
  holdout: number;
}

export interface MfOptions extends HoldoutOptions {
  /** L2 on factors and on biases (½λ‖row‖² per example). */
  reg: number;
  regBias: number;
  solver: MfSolver;
  /**
   * ν: a row with n training ratings is penalised λ·n^ν‖row‖² in all (1: the per-example penalty above; lower
   * holds frequent rows back less than rare ones).
   */
  regExponent: number;
  /** Side features of items and/or users in the vectors (the dataset's, from its import). */
  features: FeatureUse;
}

export interface RankingOptions extends HoldoutOptions {
  /** The cut-off of ranking metrics. */
  k: number;
  /** Ratings at or above count as positives; absent: every interaction is a positive. */
  threshold?: number;
}

export interface ImplicitOptions
  extends RankingOptions, Omit<MfOptions, 'solver' | 'regExponent'>, Pick<Word2VecOptions, 'nsExponent'> {
  loss: ImplicitLoss;
}

export interface IalsOptions extends RankingOptions {
  /** L2 on the factors (λ‖row‖² per row, as in Hu et al. and `implicit`). */
  reg: number;
  /** Confidence of an interaction: 1 + alpha · its weight (the `weight` column, else 1). */
  alpha: number;
  /** Conjugate-gradient steps per row and half-iteration (Takács et al. 2011), warm-started. */
  cgSteps: number;
}

export interface Word2VecOptions {
  window: number;
  negative: number;
  nsExponent: number;
  sample: number;
  /** Tokens seen fewer times in the training sequences are skipped. */
  minCount: number;
}

export interface ClassifierOptions {
  /** Sequences are padded/truncated to exactly this many tokens. */
  maxLen: number;
  /** Where padding goes (`pre`, Keras' default, or `post`) and which end is cut (`truncating`). */
  padding: PadSide;
  truncating: PadSide;
  encoder: ClassifierEncoder;
  /** GRU/LSTM state size; Conv1D `filters` and `kernelSize`. */
  units: number;
  filters: number;
  kernelSize: number;
  /** Sizes of the ReLU Dense layers before the output (empty: none). */
  hidden: number[];
  /** Dropout rate after the encoder and each hidden layer. */
  dropout: number;
  /** Sequences per gradient step (Adam). */
  batchSize: number;
}

export interface TabularOptions {
  objective: TabularObjective;
  /**
   * Embedding dims of some category columns (or groups, by name): over the rule of thumb min(dim, ⌈values/2⌉),
   * where `values` counts the column's real vocabulary (and `dim` caps it).
   */
  columnDims?: Record<string, number>;
  /** Sizes of the ReLU Dense layers on the concatenated embeddings and numeric columns. */
  hidden: number[];
  /** Dropout rate on the concatenated inputs and after each hidden layer. */
  dropout: number;
  /** Rows per Adam step. */
  batchSize: number;
}

export type MfConfig = { model: 'mf' } & CommonOptions & MfOptions;
export type ImplicitConfig = { model: 'implicit' } & CommonOptions & ImplicitOptions;
/** Solved by least squares: no learning rate, no schedule. */
export type IalsConfig = { model: 'ials' } & Omit<CommonOptions, 'lr' | 'schedule'> & IalsOptions;
export type Word2VecConfig = { model: 'sgns' | 'cbow' } & CommonOptions & Word2VecOptions;
export type ClassifierConfig = { model: 'classifier' } & CommonOptions & ClassifierOptions;
export type TabularConfig = { model: 'tabular' } & CommonOptions & TabularOptions;
/** A resolved config (core/config.ts): the model's options, every one present, nothing of other models. */
export type TrainConfig = MfConfig | ImplicitConfig | IalsConfig | Word2VecConfig | ClassifierConfig | TabularConfig;
interface ConfigByModel {
  mf: MfConfig;
  implicit: ImplicitConfig;
  ials: IalsConfig;
  sgns: Word2VecConfig;
  cbow: Word2VecConfig;
  classifier: ClassifierConfig;
  tabular: TabularConfig;
}
export type ConfigOf<M extends ModelName> = ConfigByModel[M];

/** Every option of every model. */
export type AllOptions = CommonOptions &
  MfOptions &
  ImplicitOptions &
  IalsOptions &
  Word2VecOptions &
  ClassifierOptions &
  TabularOptions;
/** The options a form or a flag sets (pre-trained `init` and the split overrides are set apart; `spark` is the app's record). */
export type OptionKey = Exclude<keyof AllOptions, 'init' | 'folds' | 'trainOnValid' | 'spark'>;

/** What a request may carry: any option of its model; the rest is filled from the model's defaults. */
export interface TrainRequest extends Partial<Omit<AllOptions, 'spark'>> {
  dataset: string;
  model?: ModelName;
}

// A Spark run's record lives here, not in spark.ts, because TrainConfig holds it and spark.ts reads the
// option names: one direction of import between the two.
/** MLlib's job for a model: `ALS` (explicit, or implicit with `implicitPrefs`) or `Word2Vec` (skip-gram). */
export type SparkJobKind = 'als' | 'word2vec';

/** What a Spark run's config records (`TrainConfig.spark`): where it ran and what MLlib was given. */
export interface SparkRunConfig {
  master: string;
  job: SparkJobKind;
  /** The MLlib parameters the job got, by their MLlib names (rank, maxIter, regParam, alpha, …). */
  params: Record<string, number | boolean>;
  /** `--conf` as given, with the values of credential-like keys (secret, password, token, key …) hidden. */
  conf: string[];
  /** The exchange location, when one was given (else a temporary folder of this machine). */
  stage?: string;
}

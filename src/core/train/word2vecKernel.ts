// The hot loops of word2vec (Mikolov et al. 2013) with negative sampling, as word2vec.c runs them: skip-gram
// windows (Ji et al. 2016's shared negatives) and CBOW steps on float32 tables, and one chunk of the corpus (subsampling, dynamic window, negatives).
// Shared by the in-process trainer (one thread) and the worker threads (Hogwild).

/** Sentences longer than this are cut, as gensim does (MAX_WORDS_IN_BATCH); windows never cross a cut. */
export const MAX_SENTENCE = 10000;

// word2vec.c's sigmoid table: σ(f) for f in [−MAX_EXP, MAX_EXP), finer than its 1000 bins (1.6e-5 error at
// most, so gradient checks pass), and −log σ(f) beside it for the loss; one spare entry at the top end.
// Outside the range σ is 0 or 1, as word2vec.c clips it: the gradient is 0 when the label agrees and ±α when
// not, and the loss is taken as 0 or |f| (off by less than log(1 + e⁻⁶) ≈ 0.0025 per pair).
export const MAX_EXP = 6;
const TABLE_SIZE = 1 << 14;
export const TABLE_SCALE = TABLE_SIZE / (2 * MAX_EXP);
export const SIGMOID_TABLE = new Float64Array(TABLE_SIZE + 1);
export const NEG_LOG_SIGMOID_TABLE = new Float64Array(TABLE_SIZE + 1);
for (let i = 0; i <= TABLE_SIZE; i++) {
  const x = ((i + 0.5) / TABLE_SIZE) * 2 * MAX_EXP - MAX_EXP;
  SIGMOID_TABLE[i] = 1 / (1 + Math.exp(-x));
  NEG_LOG_SIGMOID_TABLE[i] = softplus(-x);
}
const SIGMOID = SIGMOID_TABLE;
const NEG_LOG_SIGMOID = NEG_LOG_SIGMOID_TABLE;

/** log(1 + eˣ) without overflow: the binary cross-entropy of a logit x against label 0. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** The two tables: input (syn0) and context (syn1neg), rows × dim, row-major. */
export interface Word2VecTables {
  input: Float32Array;
  context: Float32Array;
  dim: number;
  /** Frozen tables (pre-trained, `trainable: false`): the steps never write them. */
  frozenInput?: boolean;
  frozenContext?: boolean;
}

/** Per-thread buffers reused for every pair: the hidden vector and its accumulated error. */
export interface StepScratch {
  hidden: Float64Array;
  error: Float64Array;
}

export function stepScratch(dim: number): StepScratch {
  return { hidden: new Float64Array(dim), error: new Float64Array(dim) };
}

/**
 * label − σ(f) with word2vec.c's clipping (0 or ±1 outside (−MAX_EXP, MAX_EXP)), and the pair's binary
 * cross-entropy before the update (0 or |f| outside the range).
 */
function logistic(f: number, label: number): { g: number; loss: number } {
  if (f >= MAX_EXP) return { g: label - 1, loss: label === 1 ? 0 : f };
  if (f < -MAX_EXP) return { g: label, loss: label === 1 ? -f : 0 };
  const idx = ((f + MAX_EXP) * TABLE_SCALE) | 0;
  // −log σ(−f) = −log σ(f) + f
  return { g: label - SIGMOID[idx]!, loss: label === 1 ? NEG_LOG_SIGMOID[idx]! : NEG_LOG_SIGMOID[idx]! + f };
}

/**
 * The negative-sampling update of a hidden vector h against targets[0] (label 1) and targets[1..count)
 * (label 0): for each target t, g = (label − σ(h·c_t))·α, error += g·c_t, c_t += g·h (word2vec.c order).
 * `scratch.hidden` holds h; `scratch.error` receives the summed error. Returns the summed binary
 * cross-entropy of the pairs before the update.
 */
function negativeSamplingUpdate(
  context: Float32Array,
  dim: number,
  targets: Int32Array,
  count: number,
  alpha: number,
  scratch: StepScratch,
  frozen = false,
): number {
  const h = scratch.hidden;
  const err = scratch.error;
  for (let k = 0; k < dim; k++) err[k] = 0;
  let loss = 0;
  for (let d = 0; d < count; d++) {
    const l2 = targets[d]! * dim;
    let f = 0;
    for (let k = 0; k < dim; k++) f += h[k]! * context[l2 + k]!;
    const step = logistic(f, d === 0 ? 1 : 0);
    loss += step.loss;
    const g = step.g * alpha;
    if (g === 0) continue;
    for (let k = 0; k < dim; k++) {
      const c = context[l2 + k]!;
      err[k] = err[k]! + g * c;
      if (!frozen) context[l2 + k] = c + g * h[k]!;
    }
  }
  return loss;
}

/** Buffers of one skip-gram window step: an error row and a gradient row per context word. */
export interface WindowScratch {
  /** rows × dim */
  error: Float64Array;
  /** rows × (negative + 1) */
  gradient: Float64Array;
}

export function windowScratch(dim: number, window: number, negative: number): WindowScratch {
  const rows = 2 * window;
  return { error: new Float64Array(rows * dim), gradient: new Float64Array(rows * (negative + 1)) };
}

/**
 * One skip-gram window with shared negatives (Ji et al., "Parallelizing Word2Vec in Shared and Distributed
 * Memory", 2016): the input rows of the n context words contextRows[0..n) each predict the centre word
 * targets[0] against the same negatives targets[1..count). The n × count logits form one small matrix
 * product; every gradient is taken at the step's starting point, then applied:
 * in_j += Σ_t g_jt·out_t and out_t += Σ_j g_jt·in_j with g_jt = (label_t − σ(in_j·out_t))·α.
 * With n = 1 it is word2vec.c's skip-gram pair. Returns the n × count pairs' summed loss.
 */
export function skipGramWindowStep(
  t: Word2VecTables,
  contextRows: Int32Array,
  n: number,
  targets: Int32Array,
  count: number,
  alpha: number,
  scratch: WindowScratch,
): number {
  const { input, context, dim } = t;
  const { error, gradient } = scratch;
  let loss = 0;
  for (let j = 0; j < n; j++) {
    const l1 = contextRows[j]! * dim;
    for (let d = 0; d < count; d++) {
      const l2 = targets[d]! * dim;
      let f = 0;
      for (let k = 0; k < dim; k++) f += input[l1 + k]! * context[l2 + k]!;
      const step = logistic(f, d === 0 ? 1 : 0);
      loss += step.loss;
      gradient[j * count + d] = step.g * alpha;
    }
  }
  // Input errors from the context rows as they were, before those rows move.
  if (t.frozenInput !== true) {
    for (let j = 0; j < n; j++) {
      const e = j * dim;
      for (let k = 0; k < dim; k++) error[e + k] = 0;
      for (let d = 0; d < count; d++) {
        const g = gradient[j * count + d]!;
        if (g === 0) continue;
        const l2 = targets[d]! * dim;
        for (let k = 0; k < dim; k++) error[e + k] = error[e + k]! + g * context[l2 + k]!;
      }
    }
  }
  if (t.frozenContext !== true) {
    for (let d = 0; d < count; d++) {
      const l2 = targets[d]! * dim;
      for (let j = 0; j < n; j++) {
        const g = gradient[j * count + d]!;
        if (g === 0) continue;
        const l1 = contextRows[j]! * dim;
        for (let k = 0; k < dim; k++) context[l2 + k] = context[l2 + k]! + g * input[l1 + k]!;
      }
    }
  }
  if (t.frozenInput !== true) {
    for (let j = 0; j < n; j++) {
      const l1 = contextRows[j]! * dim;
      for (let k = 0; k < dim; k++) input[l1 + k] = input[l1 + k]! + error[j * dim + k]!;
    }
  }
  return loss;
}

/**
 * One CBOW step (word2vec.c with cbow_mean): h = the mean of the input vectors of contextRows[0..n) predicts
 * targets[0]. Like word2vec.c (and gensim), every context vector then receives the whole error, not error/n.
 */
export function cbowStep(
  t: Word2VecTables,
  contextRows: Int32Array,
  n: number,
  targets: Int32Array,
  count: number,
  alpha: number,
  scratch: StepScratch,
): number {
  const { input, dim } = t;
  const h = scratch.hidden;
  for (let k = 0; k < dim; k++) h[k] = 0;
  for (let c = 0; c < n; c++) {
    const l1 = contextRows[c]! * dim;
    for (let k = 0; k < dim; k++) h[k] = h[k]! + input[l1 + k]!;
  }
  const inv = 1 / n;
  for (let k = 0; k < dim; k++) h[k] = h[k]! * inv;
  const loss = negativeSamplingUpdate(t.context, dim, targets, count, alpha, scratch, t.frozenContext === true);
  if (t.frozenInput === true) return loss;
  const err = scratch.error;
  for (let c = 0; c < n; c++) {
    const l1 = contextRows[c]! * dim;
    for (let k = 0; k < dim; k++) input[l1 + k] = input[l1 + k]! + err[k]!;
  }
  return loss;
}

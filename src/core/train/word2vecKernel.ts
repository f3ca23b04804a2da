// The hot loops of word2vec (Mikolov et al. 2013) with negative sampling, as word2vec.c runs them: skip-gram
// and CBOW steps on float32 tables, and one chunk of the corpus (subsampling, dynamic window, negatives).
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
    const label = d === 0 ? 1 : 0;
    let g: number;
    if (f >= MAX_EXP) {
      g = (label - 1) * alpha;
      loss += label === 1 ? 0 : f;
    } else if (f < -MAX_EXP) {
      g = label * alpha;
      loss += label === 1 ? -f : 0;
    } else {
      const idx = ((f + MAX_EXP) * TABLE_SCALE) | 0;
      g = (label - SIGMOID[idx]!) * alpha;
      // −log σ(−f) = −log σ(f) + f
      loss += label === 1 ? NEG_LOG_SIGMOID[idx]! : NEG_LOG_SIGMOID[idx]! + f;
    }
    if (g === 0) continue;
    if (frozen) {
      for (let k = 0; k < dim; k++) err[k] = err[k]! + g * context[l2 + k]!;
      continue;
    }
    for (let k = 0; k < dim; k++) {
      const c = context[l2 + k]!;
      err[k] = err[k]! + g * c;
      context[l2 + k] = c + g * h[k]!;
    }
  }
  return loss;
}

/**
 * One skip-gram pair as word2vec.c trains it: the input vector of the context word `inputRow` predicts the
 * centre word targets[0] against the negatives targets[1..count). Returns the pairs' summed loss.
 */
export function skipGramStep(
  t: Word2VecTables,
  inputRow: number,
  targets: Int32Array,
  count: number,
  alpha: number,
  scratch: StepScratch,
): number {
  const { input, dim } = t;
  const l1 = inputRow * dim;
  const h = scratch.hidden;
  for (let k = 0; k < dim; k++) h[k] = input[l1 + k]!;
  const loss = negativeSamplingUpdate(t.context, dim, targets, count, alpha, scratch, t.frozenContext === true);
  if (t.frozenInput === true) return loss;
  const err = scratch.error;
  for (let k = 0; k < dim; k++) input[l1 + k] = input[l1 + k]! + err[k]!;
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

// Side features in factor models, LightFM's formulation (Kula 2015, "Metadata Embeddings for User and Item
// Cold-start Recommendations"): an entity's vector is its own row plus the weighted sum of its features' rows,
//   q_i = E[i] + Σ_f w_if · F[f],   b_i = b[i] + Σ_f w_if · c[f],
// so an item with no interactions still has a vector from its metadata. These kernels compose a vector and take
// one descent step on every part of it, given the gradient of the loss with respect to the composed vector:
// E[i] gets g, F[f] gets w_if · g, each plus its own L2 term; SGD, or Adagrad with a squared-gradient sum per
// parameter (what the plain kernels do to a row).
import type { FeatureCsr } from '../ingest/features';

/** One side's feature rows (features × dim), their biases (items only) and Adagrad sums where Adagrad runs. */
export interface FeatureTable {
  csr: FeatureCsr;
  vectors: Float32Array;
  biases: Float32Array | null;
  ada: { vectors: Float32Array; biases: Float32Array | null } | null;
  /** Frozen own rows (pre-trained, `trainable: false`); the feature rows still train. */
  frozenOwn?: boolean;
  /**
   * 1 for the entities without a training positive: their own row and bias never move from 0, so such an item is
   * its features alone — as an item that arrives after training is (featureTables.ts).
   */
  untrained?: Uint8Array;
  /**
   * Per feature row, the factor on reg and regBias at each touch (mf's frequency-scaled penalty n^(ν−1), n the
   * training ratings behind the feature: mfFeatures.ts); absent: 1.
   */
  regScale?: Float32Array;
}

/** The feature tables of both sides of a factor model (null: that side has no features). */
export interface SideFeatures {
  users: FeatureTable | null;
  items: FeatureTable | null;
}

/** The side's table with its own rows frozen as the model's flag says (pre-trained, `trainable: false`). */
export function withFrozenOwn(t: FeatureTable | null, frozenOwn: boolean | undefined): FeatureTable | null {
  return t && frozenOwn === true ? { ...t, frozenOwn: true } : t;
}

/** How one parameter moves: lr·g (SGD) or lr·g/√G with G += g² (Adagrad); tiny values flushed to 0. */
export interface Step {
  lr: number;
  reg: number;
  regBias: number;
}

// float32 denormals make later reads 10–100× slower and V8 cannot flush them (as in implicitKernel.ts).
const TINY = 1e-30;
const flush = (x: number): number => (x > TINY || x < -TINY ? x : 0);

/** out[0..dim) = own[e] + Σ_f w_ef · F[f]. */
export function composeVector(
  out: Float32Array,
  own: Float32Array,
  e: number,
  t: FeatureTable | null,
  dim: number,
): void {
  // A loop rather than set(subarray): no view allocated per call in the training step.
  for (let k = 0, o = e * dim; k < dim; k++) out[k] = own[o + k]!;
  if (!t) return;
  const { indptr, features, weights } = t.csr;
  if (e + 1 >= indptr.length) return;
  for (let n = indptr[e]!; n < indptr[e + 1]!; n++) {
    const w = weights[n]!;
    for (let k = 0, o = features[n]! * dim; k < dim; k++) out[k] = out[k]! + w * t.vectors[o + k]!;
  }
}

/** b[e] + Σ_f w_ef · c[f]. */
export function composeBias(own: Float32Array, e: number, t: FeatureTable | null): number {
  let b = own[e]!;
  if (!t?.biases || e + 1 >= t.csr.indptr.length) return b;
  const { indptr, features, weights } = t.csr;
  for (let n = indptr[e]!; n < indptr[e + 1]!; n++) b += weights[n]! * t.biases[features[n]!]!;
  return b;
}

/**
 * One step on params[at .. at + dim) for gradient scale·g + reg·params (its own L2 term); returns ‖row‖² before
 * the step (the L2 term of the loss, read where the step reads the row anyway).
 */
function stepRow(
  params: Float32Array,
  ada: Float32Array | null,
  at: number,
  g: Float32Array,
  scale: number,
  dim: number,
  lr: number,
  reg: number,
): number {
  let sq = 0;
  // Two loops rather than a branch per element: the SGD one is the hot path of mf with features.
  if (ada)
    for (let k = 0; k < dim; k++) {
      const p = params[at + k]!;
      sq += p * p;
      const grad = scale * g[k]! + reg * p;
      const G = (ada[at + k] = ada[at + k]! + grad * grad);
      params[at + k] = flush(p - (lr * grad) / Math.sqrt(G));
    }
  else {
    let after = 0;
    for (let k = 0; k < dim; k++) {
      const p = params[at + k]!;
      sq += p * p;
      const next = p - lr * (scale * g[k]! + reg * p);
      after += next * next;
      params[at + k] = next;
    }
    // SGD's rows decay toward denormals only as a whole (L2 steps with nothing behind them): cleared once per row
    // as they get there, where a test per value made mf's step half as fast again.
    if (after < TINY) params.fill(0, at, at + dim);
  }
  return sq;
}

/** One step on params[at] for gradient grad + regBias·params[at]; returns params[at]² before the step. */
function stepOne(
  params: Float32Array,
  ada: Float32Array | null,
  at: number,
  grad: number,
  lr: number,
  regBias: number,
): number {
  const p = params[at]!;
  const full = grad + regBias * p;
  if (ada) {
    const G = (ada[at] = ada[at]! + full * full);
    params[at] = flush(p - (lr * full) / Math.sqrt(G));
  } else params[at] = flush(p - lr * full);
  return p * p;
}

/**
 * Descends the composed vector of entity e by gScale·g (∂loss/∂q_e, dim values; mf passes the other side's
 * vector and the error rather than their product, saving a pass): own[e] (unless frozen) and each of its
 * features' rows. `ownAda` is the Adagrad sums of `own`, or null for SGD; `ownScale` the factor on reg for the own
 * row (mf's n^(ν−1)), t.regScale the feature rows'. Returns Σ scale·‖row‖² over the rows stepped, before the
 * step: the example's L2 term is ½·reg times it.
 */
export function descendVector(
  own: Float32Array,
  ownAda: Float32Array | null,
  e: number,
  t: FeatureTable | null,
  g: Float32Array,
  dim: number,
  s: Step,
  ownScale = 1,
  gScale = 1,
): number {
  let l2 = 0;
  if (!t?.frozenOwn && t?.untrained?.[e] !== 1)
    l2 += ownScale * stepRow(own, ownAda, e * dim, g, gScale, dim, s.lr, s.reg * ownScale);
  if (!t || e + 1 >= t.csr.indptr.length) return l2;
  const { indptr, features, weights } = t.csr;
  const scales = t.regScale;
  for (let n = indptr[e]!; n < indptr[e + 1]!; n++) {
    const f = features[n]!;
    const c = scales ? scales[f]! : 1;
    l2 += c * stepRow(t.vectors, t.ada?.vectors ?? null, f * dim, g, gScale * weights[n]!, dim, s.lr, s.reg * c);
  }
  return l2;
}

/**
 * Descends the composed bias of entity e by g (∂loss/∂b_e): own[e] and each of its features' biases, with the
 * penalty scales of descendVector. Returns Σ scale·b² over the biases stepped, before the step.
 */
export function descendBias(
  own: Float32Array,
  ownAda: Float32Array | null,
  e: number,
  t: FeatureTable | null,
  g: number,
  s: Step,
  ownScale = 1,
): number {
  let l2 = 0;
  if (t?.untrained?.[e] !== 1) l2 += ownScale * stepOne(own, ownAda, e, g, s.lr, s.regBias * ownScale);
  if (!t?.biases || e + 1 >= t.csr.indptr.length) return l2;
  const { indptr, features, weights } = t.csr;
  const scales = t.regScale;
  for (let n = indptr[e]!; n < indptr[e + 1]!; n++) {
    const f = features[n]!;
    const c = scales ? scales[f]! : 1;
    l2 += c * stepOne(t.biases, t.ada?.biases ?? null, f, weights[n]! * g, s.lr, s.regBias * c);
  }
  return l2;
}

/** Every entity's composed vector (rows × dim) and bias: the table a run stores and evaluates. */
export function composeTable(
  own: Float32Array,
  ownBias: Float32Array | null,
  t: FeatureTable | null,
  rows: number,
  dim: number,
): { vectors: Float32Array; biases: Float32Array | null } {
  const vectors = new Float32Array(rows * dim);
  const row = new Float32Array(dim);
  for (let e = 0; e < rows; e++) {
    composeVector(row, own, e, t, dim);
    vectors.set(row, e * dim);
  }
  const biases = ownBias ? Float32Array.from({ length: rows }, (_, e) => composeBias(ownBias, e, t)) : null;
  return { vectors, biases };
}

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
   * its features alone — as an item that arrives after training is (implicitFeatureTables.ts).
   */
  untrained?: Uint8Array;
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
  out.set(own.subarray(e * dim, (e + 1) * dim));
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

/** One step on params[at .. at + dim) for gradient scale·g + reg·params (its own L2 term). */
function stepRow(
  params: Float32Array,
  ada: Float32Array | null,
  at: number,
  g: Float32Array,
  scale: number,
  dim: number,
  s: Step,
): void {
  for (let k = 0; k < dim; k++) {
    const p = params[at + k]!;
    const grad = scale * g[k]! + s.reg * p;
    if (ada) {
      const G = (ada[at + k] = ada[at + k]! + grad * grad);
      params[at + k] = flush(p - (s.lr * grad) / Math.sqrt(G));
    } else params[at + k] = flush(p - s.lr * grad);
  }
}

function stepOne(params: Float32Array, ada: Float32Array | null, at: number, grad: number, s: Step): void {
  const p = params[at]!;
  const full = grad + s.regBias * p;
  if (ada) {
    const G = (ada[at] = ada[at]! + full * full);
    params[at] = flush(p - (s.lr * full) / Math.sqrt(G));
  } else params[at] = flush(p - s.lr * full);
}

/**
 * Descends the composed vector of entity e by g (∂loss/∂q_e, dim values): own[e] (unless frozen) and each of
 * its features' rows. `ownAda` is the Adagrad sums of `own`, or null for SGD.
 */
export function descendVector(
  own: Float32Array,
  ownAda: Float32Array | null,
  e: number,
  t: FeatureTable | null,
  g: Float32Array,
  dim: number,
  s: Step,
): void {
  if (!t?.frozenOwn && t?.untrained?.[e] !== 1) stepRow(own, ownAda, e * dim, g, 1, dim, s);
  if (!t || e + 1 >= t.csr.indptr.length) return;
  const { indptr, features, weights } = t.csr;
  for (let n = indptr[e]!; n < indptr[e + 1]!; n++)
    stepRow(t.vectors, t.ada?.vectors ?? null, features[n]! * dim, g, weights[n]!, dim, s);
}

/** Descends the composed bias of entity e by g (∂loss/∂b_e): own[e] and each of its features' biases. */
export function descendBias(
  own: Float32Array,
  ownAda: Float32Array | null,
  e: number,
  t: FeatureTable | null,
  g: number,
  s: Step,
): void {
  if (t?.untrained?.[e] !== 1) stepOne(own, ownAda, e, g, s);
  if (!t?.biases || e + 1 >= t.csr.indptr.length) return;
  const { indptr, features, weights } = t.csr;
  for (let n = indptr[e]!; n < indptr[e + 1]!; n++)
    stepOne(t.biases, t.ada?.biases ?? null, features[n]!, weights[n]! * g, s);
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

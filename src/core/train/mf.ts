// Biased matrix factorisation (Koren, Bell & Volinsky 2009): r̂ = μ + b_u + b_i + p_u · q_i,
// trained by SGD on the per-example loss ½(r̂ − r)² + ½λ(s_u‖p_u‖² + s_i‖q_i‖²) + ½λ_b(s_u b_u² + s_i b_i²).
// s_u = n_u^(ν−1) for a user of n_u training ratings (1 when ν = 1, the usual per-example penalty), so that over
// an epoch a row's penalty is λ n^ν‖p‖²: frequency-scaled regularisation (ν = regExponent, as Rendle et al.
// scale iALS's penalty), the objective mfAls.ts solves exactly.
// Only the two rows an example touches are read and written (sparse updates, LibMF/Surprise style).
import { createRng, gaussian } from '../random';

export interface MfParams {
  dim: number;
  /** Global mean of the training ratings, fixed. */
  mu: number;
  /** users × dim and items × dim, row-major; rows 0 (PAD) and 1 (OOV) stay zero. */
  P: Float32Array;
  Q: Float32Array;
  bu: Float32Array;
  bi: Float32Array;
  /** Frozen factor tables (pre-trained, `trainable: false`): SGD never writes them; biases still train. */
  frozenUsers?: boolean;
  frozenItems?: boolean;
}

export interface MfHyper {
  lr: number;
  reg: number;
  regBias: number;
}

export interface RatingData {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

const INIT_STD = 0.1;

/** Allocates the tables (shared when worker threads will train them) with N(0, 0.1²) factors, zero biases. */
export function initMf(
  numUsers: number,
  numItems: number,
  dim: number,
  mu: number,
  seed: number,
  shared: boolean,
): MfParams {
  const alloc = (n: number): Float32Array =>
    new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  const rng = createRng(seed);
  const P = alloc(numUsers * dim);
  const Q = alloc(numItems * dim);
  for (let k = 2 * dim; k < P.length; k++) P[k] = gaussian(rng) * INIT_STD;
  for (let k = 2 * dim; k < Q.length; k++) Q[k] = gaussian(rng) * INIT_STD;
  return { dim, mu, P, Q, bu: alloc(numUsers), bi: alloc(numItems) };
}

export function predict(p: MfParams, u: number, i: number): number {
  const { dim, P, Q } = p;
  let dot = 0;
  for (let k = 0, a = u * dim, b = i * dim; k < dim; k++) dot += P[a + k]! * Q[b + k]!;
  return p.mu + p.bu[u]! + p.bi[i]! + dot;
}

/** The regularised loss of one example, as SGD sees it (`su`, `si`: the rows' penalty scales). */
export function exampleLoss(p: MfParams, u: number, i: number, r: number, h: MfHyper, su = 1, si = 1): number {
  const e = predict(p, u, i) - r;
  let normP = 0;
  let normQ = 0;
  for (let k = 0; k < p.dim; k++) {
    normP += p.P[u * p.dim + k]! ** 2;
    normQ += p.Q[i * p.dim + k]! ** 2;
  }
  return (
    0.5 * e * e + 0.5 * h.reg * (su * normP + si * normQ) + 0.5 * h.regBias * (su * p.bu[u]! ** 2 + si * p.bi[i]! ** 2)
  );
}

/**
 * One SGD step on one example: θ ← θ − lr·∂L/∂θ for b_u, b_i, p_u, q_i. Returns the example's loss before
 * the step (the running training loss). ∂L/∂p_u = e·q_i + λs_u p_u and ∂L/∂q_i = e·p_u + λs_i q_i use the old
 * values.
 */
export function sgdStep(p: MfParams, u: number, i: number, r: number, h: MfHyper, su = 1, si = 1): number {
  const { dim, P, Q, bu, bi } = p;
  const a = u * dim;
  const b = i * dim;
  let dot = 0;
  let normP = 0;
  let normQ = 0;
  for (let k = 0; k < dim; k++) {
    const pu = P[a + k]!;
    const qi = Q[b + k]!;
    dot += pu * qi;
    normP += pu * pu;
    normQ += qi * qi;
  }
  const bU = bu[u]!;
  const bI = bi[i]!;
  const e = p.mu + bU + bI + dot - r;
  const { lr, reg, regBias } = h;
  const loss = 0.5 * e * e + 0.5 * reg * (su * normP + si * normQ) + 0.5 * regBias * (su * bU * bU + si * bI * bI);
  bu[u] = bU - lr * (e + regBias * su * bU);
  bi[i] = bI - lr * (e + regBias * si * bI);
  const trainP = p.frozenUsers !== true;
  const trainQ = p.frozenItems !== true;
  const regP = reg * su;
  const regQ = reg * si;
  for (let k = 0; k < dim; k++) {
    const pu = P[a + k]!;
    const qi = Q[b + k]!;
    if (trainP) P[a + k] = pu - lr * (e * qi + regP * pu);
    if (trainQ) Q[b + k] = qi - lr * (e * pu + regQ * qi);
  }
  return loss;
}

/** Per-row penalty scales s = n^(ν−1) by user and by item (regExponent ν ≠ 1); absent: 1 for every row. */
export interface RowScales {
  users: Float32Array;
  items: Float32Array;
}

export interface ErrorStats {
  rmse: number;
  mae: number;
  n: number;
}

/** RMSE and MAE over the examples in `rows`, with `predictFn` clamped to [min, max]. NaN when `rows` is empty. */
export function errorStats(
  data: RatingData,
  rows: Int32Array,
  predictFn: (u: number, i: number) => number,
  min: number,
  max: number,
): ErrorStats {
  let se = 0;
  let ae = 0;
  for (let n = 0; n < rows.length; n++) {
    const x = rows[n]!;
    const yhat = Math.min(max, Math.max(min, predictFn(data.users[x]!, data.items[x]!)));
    const e = yhat - data.ratings[x]!;
    se += e * e;
    ae += Math.abs(e);
  }
  const n = rows.length;
  return { rmse: n ? Math.sqrt(se / n) : NaN, mae: n ? ae / n : NaN, n };
}

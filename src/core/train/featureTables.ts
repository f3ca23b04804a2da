// The side-feature tables of a factor model (featureSum.ts), for mf and implicit alike: how they start (or come
// back from a checkpoint), how a snapshot copies them, their training support, and the tables a run stores —
// `item_features` / `user_features` beside the composed `users` and `items`, which neighbours, recommendations and
// exports read like any other (docs/features.md).
import type { TableTransfer } from '../../shared';
import type { Features } from '../store/features';
import type { FeatureTable, SideFeatures } from './featureSum';
import type { InitialRows } from './initialRows';
import { featureSupport, withFeatureSupport } from './support';

/** A model's own rows: users × dim and items × dim, and their biases where it has them. */
export interface OwnTables {
  dim: number;
  users: Float32Array;
  items: Float32Array;
  userBias: Float32Array | null;
  itemBias: Float32Array | null;
}

export interface FeatureSetup {
  /** Adagrad sums beside the rows (implicit's default schedule). */
  adagrad: boolean;
  /** SharedArrayBuffer tables, for Hogwild worker threads. */
  shared: boolean;
  /** A resumed run's checkpoint: `item_features` / `user_features` rows to start from (process.ts). */
  initial?: Partial<Record<string, InitialRows>>;
  /** mf's ν: each feature row's penalty scaled by n^(ν−1), n its training ratings (as own rows are); absent: 1. */
  regExponent?: number;
}

type Alloc = (n: number, fill?: number) => Float32Array;

function table(f: Features, dim: number, biases: boolean, adagrad: boolean, alloc: Alloc): FeatureTable {
  return {
    csr: f,
    // Zero: a feature no training row reaches adds nothing to a cold item, rather than noise.
    vectors: alloc(f.size * dim),
    biases: biases ? alloc(f.size) : null,
    ada: adagrad ? { vectors: alloc(f.size * dim, 1), biases: biases ? alloc(f.size, 1) : null } : null,
  };
}

/**
 * A checkpoint stores each entity composed (own + features): with the feature rows restored, the own rows are
 * the composed ones less the features' weighted sum, so the run goes on from the very split it had.
 */
function restore(t: FeatureTable, init: InitialRows, own: Float32Array, ownBias: Float32Array | null, dim: number) {
  t.vectors.set(init.data.subarray(0, Math.min(init.data.length, t.vectors.length)));
  if (t.biases && init.bias) t.biases.set(init.bias.subarray(0, Math.min(init.bias.length, t.biases.length)));
  const { indptr, features, weights } = t.csr;
  const rows = Math.min(indptr.length - 1, own.length / dim);
  for (let e = 0; e < rows; e++)
    for (let n = indptr[e]!; n < indptr[e + 1]!; n++) {
      const w = weights[n]!;
      const f = features[n]!;
      for (let k = 0; k < dim; k++) own[e * dim + k] = own[e * dim + k]! - w * t.vectors[f * dim + k]!;
      if (ownBias && t.biases) ownBias[e] = ownBias[e]! - w * t.biases[f]!;
    }
}

/**
 * The feature tables of the sides that have features, and the own rows (and biases) of entities without a
 * training example (`support` 0) set to zero and kept there: such an item's (or user's) vector is its features'
 * alone, not a random start nor what being sampled as a negative taught it. A side's feature rows have biases
 * when its own rows do (items always; users in mf).
 */
export function initSideFeatures(
  own: OwnTables,
  features: { item: Features | null; user: Features | null } | undefined,
  support: { users: Int32Array; items: Int32Array },
  o: FeatureSetup,
): SideFeatures | null {
  if (!features || (!features.item && !features.user)) return null;
  const alloc: Alloc = (n, fill = 0) =>
    new Float32Array(o.shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4)).fill(fill);
  const { dim } = own;
  const side = (f: Features | null, owner: 'user' | 'item'): FeatureTable | null => {
    if (!f) return null;
    const rows = owner === 'user' ? own.users : own.items;
    const bias = owner === 'user' ? own.userBias : own.itemBias;
    const counts = owner === 'user' ? support.users : support.items;
    const t = table(f, dim, owner === 'item' || bias !== null, o.adagrad, alloc);
    const init = o.initial?.[`${owner}_features`];
    if (init) restore(t, init, rows, bias, dim);
    // Untrained entities are never positives; as negatives (BPR) only their features learn (featureSum.ts).
    const untrained = Uint8Array.from(counts, (n) => (n > 0 ? 0 : 1));
    untrained.forEach((c, e) => {
      if (!c) return;
      rows.fill(0, e * dim, (e + 1) * dim);
      if (bias) bias[e] = 0;
    });
    const exponent = o.regExponent ?? 1;
    const regScale =
      exponent === 1
        ? undefined
        : Float32Array.from(featureSupport(counts, f, f.size), (n) => (n > 0 ? n ** (exponent - 1) : 1));
    return { ...t, untrained, ...(regScale ? { regScale } : {}) };
  };
  return { items: side(features.item, 'item'), users: side(features.user, 'user') };
}

/** A plain copy of the feature rows (a snapshot that later updates do not touch); the CSR is shared. */
export function copyFeatures(f: SideFeatures | null): SideFeatures | null {
  if (!f) return null;
  const copy = (t: FeatureTable | null): FeatureTable | null =>
    t && { ...t, vectors: Float32Array.from(t.vectors), biases: t.biases && Float32Array.from(t.biases), ada: null };
  return { items: copy(f.items), users: copy(f.users) };
}

/**
 * The counts of the `users` and `items` tables with features (support.ts: an entity without training examples
 * counts its features' training) and of the feature tables (the training examples of the entities carrying each).
 */
export function supportWithFeatures(
  f: SideFeatures | null,
  own: { users: Int32Array; items: Int32Array },
  dim: number,
): { users: Int32Array; items: Int32Array; userFeatures: Int32Array | null; itemFeatures: Int32Array | null } {
  const side = (t: FeatureTable | null | undefined, counts: Int32Array) =>
    t
      ? {
          counts: withFeatureSupport(counts, t.csr, t.vectors.length / dim),
          features: featureSupport(counts, t.csr, t.vectors.length / dim),
        }
      : { counts, features: null };
  const users = side(f?.users, own.users);
  const items = side(f?.items, own.items);
  return { users: users.counts, items: items.counts, userFeatures: users.features, itemFeatures: items.features };
}

/** The feature tables as stored: `item_features` and `user_features` with their biases, rows as their vocabularies. */
export function featureTransfers(
  f: SideFeatures | null,
  dim: number,
  support: { userFeatures: Int32Array | null; itemFeatures: Int32Array | null },
): TableTransfer[] {
  const out: TableTransfer[] = [];
  const push = (t: FeatureTable | null | undefined, owner: 'item' | 'user', counts: Int32Array | null) => {
    if (t)
      out.push({
        name: `${owner}_features`,
        role: `${owner}_feature`,
        rows: t.vectors.length / dim,
        dim,
        data: t.vectors,
        bias: t.biases,
        counts,
      });
  };
  push(f?.items, 'item', support.itemFeatures);
  push(f?.users, 'user', support.userFeatures);
  return out;
}

// The side-feature tables of an implicit run (featureSum.ts): how they start, how a snapshot copies them, and the
// tables a run stores — `users` and `items` composed (own row + weighted features), so that neighbours,
// recommendations and exports read them like any other, and `item_features` / `user_features` themselves.
import type { TableTransfer } from '../../shared';
import type { Features } from '../store/features';
import { composeTable, type FeatureTable } from './featureSum';
import type { UserItems } from './implicitChunk';
import type { ImplicitTables } from './implicitData';
import type { ImplicitFeatures } from './implicitFeatures';
import type { ImplicitModel } from './implicitKernel';
import { featureSupport, withFeatureSupport } from './support';

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
 * The feature tables of the sides that have features, and the own rows of entities without a training positive
 * set to zero — and, for items, kept there: such an item's (or user's) vector is its features' alone, not a random
 * start nor what being sampled as a negative taught it.
 */
export function initFeatureTables(
  model: ImplicitModel,
  features: { item: Features | null; user: Features | null } | undefined,
  positives: UserItems,
  adagrad: boolean,
  shared: boolean,
): ImplicitFeatures | null {
  if (!features || (!features.item && !features.user)) return null;
  const alloc: Alloc = (n, fill = 0) =>
    new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4)).fill(fill);
  const { dim } = model;
  let items: FeatureTable | null = null;
  if (features.item) {
    // Untrained items are never positives; as negatives (BPR) only their features learn (featureSum.ts).
    const untrained = new Uint8Array(model.numItems).fill(1);
    for (const i of positives.items) untrained[i] = 0;
    untrained.forEach((c, i) => c && model.items.fill(0, i * dim, (i + 1) * dim));
    items = { ...table(features.item, dim, true, adagrad, alloc), untrained };
  }
  if (features.user)
    for (let u = 0; u < model.numUsers; u++)
      if (positives.indptr[u] === positives.indptr[u + 1]) model.users.fill(0, u * dim, (u + 1) * dim);
  return { items, users: features.user ? table(features.user, dim, false, adagrad, alloc) : null };
}

/** A plain copy of the feature rows (a snapshot that later updates do not touch); the CSR is shared. */
export function copyFeatures(f: ImplicitFeatures | null): ImplicitFeatures | null {
  if (!f) return null;
  const copy = (t: FeatureTable | null): FeatureTable | null =>
    t && { ...t, vectors: Float32Array.from(t.vectors), biases: t.biases && Float32Array.from(t.biases), ada: null };
  return { items: copy(f.items), users: copy(f.users) };
}

/** The vectors the model scores with: composed from own rows and features (the own tables without features). */
export function composedTables(m: ImplicitModel, f: ImplicitFeatures | null): ImplicitTables {
  if (!f) return m;
  const items = composeTable(m.items, m.itemBias, f.items, m.numItems, m.dim);
  return {
    dim: m.dim,
    users: f.users ? composeTable(m.users, null, f.users, m.numUsers, m.dim).vectors : m.users,
    items: items.vectors,
    itemBias: items.biases!,
  };
}

/**
 * The counts of the `users` and `items` tables with features (support.ts: an entity without training positives
 * counts its features' training) and of the feature tables (the training positives of the entities carrying each).
 */
export function supportWithFeatures(
  f: ImplicitFeatures | null,
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

/** The feature tables as stored: `item_features` (with biases) and `user_features`, rows as their vocabularies. */
export function featureTransfers(
  f: ImplicitFeatures | null,
  dim: number,
  support: { userFeatures: Int32Array | null; itemFeatures: Int32Array | null },
): TableTransfer[] {
  const out: TableTransfer[] = [];
  if (f?.items)
    out.push({
      name: 'item_features',
      role: 'item_feature',
      rows: f.items.vectors.length / dim,
      dim,
      data: f.items.vectors,
      bias: f.items.biases,
      counts: support.itemFeatures,
    });
  if (f?.users)
    out.push({
      name: 'user_features',
      role: 'user_feature',
      rows: f.users.vectors.length / dim,
      dim,
      data: f.users.vectors,
      bias: null,
      counts: support.userFeatures,
    });
  return out;
}

// The side-feature tables of an implicit run (featureTables.ts holds what mf shares): how they start from the
// training positives, and the vectors the model scores with — `users` and `items` composed (own row + weighted
// features), as the run stores them beside `item_features` / `user_features`.
import type { Features } from '../store/features';
import { composeTable } from './featureSum';
import { initSideFeatures, type FeatureSetup } from './featureTables';
import type { UserItems } from './implicitChunk';
import type { ImplicitTables } from './implicitData';
import type { ImplicitFeatures } from './implicitFeatures';
import type { ImplicitModel } from './implicitKernel';
import { countIds } from './support';

export { copyFeatures, featureTransfers, supportWithFeatures } from './featureTables';

/**
 * The feature tables of the sides that have features, and the own rows of entities without a training positive
 * set to zero and kept there (featureTables.ts, initSideFeatures); `initial`: a resumed run's checkpoint.
 */
export function initFeatureTables(
  model: ImplicitModel,
  features: { item: Features | null; user: Features | null } | undefined,
  positives: UserItems,
  adagrad: boolean,
  shared: boolean,
  initial?: FeatureSetup['initial'],
): ImplicitFeatures | null {
  const users = Int32Array.from({ length: model.numUsers }, (_, u) =>
    u + 1 < positives.indptr.length ? positives.indptr[u + 1]! - positives.indptr[u]! : 0,
  );
  const own = { dim: model.dim, users: model.users, items: model.items, userBias: null, itemBias: model.itemBias };
  const support = { users, items: countIds(positives.items, model.numItems) };
  return initSideFeatures(own, features, support, { adagrad, shared, initial });
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

// The tables of implicit-feedback training and its positives: LightFM's initialisation, Adagrad's state, and each
// user's positive items sorted and deduplicated (the kernels in implicitKernel.ts / implicitChunk.ts train them).
import { createRng } from '../random';
import type { NegativeTable, UserItems } from './implicitChunk';
import type { AdagradState, ImplicitModel } from './implicitKernel';
import { aliasTable } from './sampling';

export interface ImplicitData extends UserItems {
  /** Rows of the tables (vocabulary sizes including PAD and OOV). */
  numUsers: number;
  numItems: number;
}

/** Factors uniform in (−0.5/dim, 0.5/dim) as LightFM, biases 0; PAD and OOV rows zero. */
export function initImplicit(numUsers: number, numItems: number, dim: number, seed: number, shared: boolean) {
  const alloc = (n: number, fill = 0): Float32Array =>
    new Float32Array(shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4)).fill(fill);
  const rng = createRng(seed);
  const model: ImplicitModel = {
    dim,
    numUsers,
    numItems,
    users: alloc(numUsers * dim),
    items: alloc(numItems * dim),
    itemBias: alloc(numItems),
  };
  for (let k = 2 * dim; k < model.users.length; k++) model.users[k] = (rng() - 0.5) / dim;
  for (let k = 2 * dim; k < model.items.length; k++) model.items[k] = (rng() - 0.5) / dim;
  const adagrad = (): AdagradState => ({
    users: alloc(numUsers * dim, 1),
    items: alloc(numItems * dim, 1),
    itemBias: alloc(numItems, 1),
  });
  return { model, adagrad };
}

/** A copy with each user's items sorted and deduplicated, dropping PAD/OOV users and items. */
export function normalizePositives(data: ImplicitData): UserItems {
  const indptr = new Int32Array(data.numUsers + 1);
  const out: number[] = [];
  for (let u = 0; u < data.numUsers; u++) {
    indptr[u] = out.length;
    if (u >= 2 && u + 1 < data.indptr.length) {
      const row = Array.from(data.items.subarray(data.indptr[u]!, data.indptr[u + 1]!)).filter(
        (i) => i >= 2 && i < data.numItems,
      );
      row.sort((a, b) => a - b);
      for (let n = 0; n < row.length; n++) if (n === 0 || row[n] !== row[n - 1]) out.push(row[n]!);
    }
  }
  indptr[data.numUsers] = out.length;
  return { indptr, items: Int32Array.from(out) };
}

/**
 * What negatives are drawn from: each item with weight (count + 1)^exponent, count its training positives — 0
 * uniform (LightFM), 1 about in proportion to popularity (`implicit`'s BPR draws the item of a random training
 * pair), word2vec's 0.75 between. Drawing popular items more often teaches the model to rank a user's items above
 * what everyone likes, not only above the long tail nobody saw; measured on a dev split of ml-latest-small
 * (bench/bprSweep.ts, docs/training.md "implicit defaults"). The + 1 (Laplace's) keeps items without a training
 * positive in BPR's draws at any exponent: its small steps on them teach side features what unpopular items look
 * like, which ranks cold items better (bench/features.ts --dev, docs/features.md).
 *
 * WARP never draws items without a training positive (new, or held out entirely by a cold-items split): its search
 * for a violator would find them often and weight them most, so their own rows (and with side features their
 * features' rows) would learn "never liked here" — an artefact of the split, not anyone's taste.
 */
export function negativeTable(
  positives: UserItems,
  numItems: number,
  loss: 'bpr' | 'warp',
  exponent: number,
): NegativeTable {
  const counts = new Float64Array(numItems);
  for (const i of positives.items) counts[i]!++;
  const items: number[] = [];
  const weights: number[] = [];
  for (let i = 2; i < numItems; i++) {
    const w = loss === 'warp' && counts[i] === 0 ? 0 : Math.pow(counts[i]! + 1, exponent);
    if (w > 0) {
      items.push(i);
      weights.push(w);
    }
  }
  const { prob, alias } = aliasTable(Float64Array.from(weights));
  return { items: Int32Array.from(items), prob, alias };
}

/** A copy of `a` in shared memory, for worker threads. */
export function sharedCopy<T extends Int32Array | Float64Array>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The table in shared memory. */
export const sharedNegatives = (t: NegativeTable): NegativeTable => ({
  items: sharedCopy(t.items),
  prob: sharedCopy(t.prob),
  alias: sharedCopy(t.alias),
});

/** A plain copy of the tables (a snapshot that later updates do not touch). */
export function copyModel(m: ImplicitModel): ImplicitModel {
  return {
    ...m,
    users: Float32Array.from(m.users),
    items: Float32Array.from(m.items),
    itemBias: Float32Array.from(m.itemBias),
  };
}

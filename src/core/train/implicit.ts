// The tables of implicit-feedback training and its positives: LightFM's initialisation, Adagrad's state, and each
// user's positive items sorted and deduplicated (the kernels in implicitKernel.ts / implicitChunk.ts train them).
import { createRng } from '../random';
import type { UserItems } from './implicitChunk';
import type { AdagradState, ImplicitModel } from './implicitKernel';

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
 * The items a negative is drawn from. WARP: those with at least one training positive, ascending. An item without
 * one (new, or held out entirely by a cold-items split) would otherwise be trained only as a negative, and WARP's
 * search for a violator finds such items often and weights them most: its own row and bias, and with side features
 * its features' rows, would learn "never liked here" — an artefact of the split, not anyone's taste — and cold
 * items would be ranked by that noise. BPR: every item (its small, uniform steps on such items teach the feature
 * rows what unpopular items look like, which ranks cold items better). Measured on a dev split of ml-latest-small
 * (bench/features.ts --dev, docs/features.md).
 */
export function negativePool(positives: UserItems, numItems: number, loss: 'bpr' | 'warp'): Int32Array {
  if (loss === 'bpr') return Int32Array.from({ length: Math.max(0, numItems - 2) }, (_, k) => k + 2);
  const seen = new Uint8Array(numItems);
  for (const i of positives.items) seen[i] = 1;
  const out: number[] = [];
  seen.forEach((s, i) => s && out.push(i));
  return Int32Array.from(out);
}

/** A copy of `a` in shared memory, for worker threads. */
export function sharedCopy(a: Int32Array): Int32Array {
  const out = new Int32Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** A plain copy of the tables (a snapshot that later updates do not touch). */
export function copyModel(m: ImplicitModel): ImplicitModel {
  return {
    ...m,
    users: Float32Array.from(m.users),
    items: Float32Array.from(m.items),
    itemBias: Float32Array.from(m.itemBias),
  };
}

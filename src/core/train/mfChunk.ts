// One chunk of an mf epoch, the unit a worker thread runs (mfWorker.ts) and the inline pool calls: SGD over a range
// of the shuffled training ratings, each step plain (mf.ts) or on vectors composed with side features
// (mfFeatures.ts). Apart from mf.ts so that mf.ts and mfFeatures.ts do not import each other.
import { sgdStep, type MfHyper, type MfParams, type RatingData, type RowScales } from './mf';
import { featureSgdStep, newMfScratch, type MfFeatures } from './mfFeatures';

/**
 * SGD over order[start, end) (indices into data); returns the summed loss. The unit a worker thread runs. With
 * side features each step is on the composed vectors (mfFeatures.ts).
 */
export function sgdRange(
  p: MfParams,
  data: RatingData,
  order: Int32Array,
  start: number,
  end: number,
  h: MfHyper,
  scales?: RowScales,
  features?: MfFeatures | null,
): number {
  const scratch = features ? newMfScratch(p.dim) : null;
  let sum = 0;
  for (let n = start; n < end; n++) {
    const x = order[n]!;
    const u = data.users[x]!;
    const i = data.items[x]!;
    const su = scales ? scales.users[u]! : 1;
    const si = scales ? scales.items[i]! : 1;
    sum += features
      ? featureSgdStep(p, features, u, i, data.ratings[x]!, h, scratch!, su, si)
      : sgdStep(p, u, i, data.ratings[x]!, h, su, si);
  }
  return sum;
}

/**
 * What the threads of an mf run share: the tables, the ratings, the epoch's shuffled order, the penalty scales,
 * and the side-feature tables (shared memory too) when the run has features (mfFeatures.ts).
 */
export interface MfShared {
  params: MfParams;
  data: RatingData;
  order: Int32Array;
  scales?: RowScales;
  features?: MfFeatures | null;
}
/** One chunk of an epoch: order[start, end) at these hyper-parameters. */
export interface MfChunk {
  start: number;
  end: number;
  hyper: MfHyper;
}

export const runMfChunk = (s: MfShared, c: MfChunk): number =>
  sgdRange(s.params, s.data, s.order, c.start, c.end, c.hyper, s.scales, s.features);

// t-SNE's input affinities over the k-nearest-neighbour graph: each row's Gaussian calibrated to the
// perplexity asked (van der Maaten & Hinton 2008, §2), then symmetrised to p_ij = (p_j|i + p_i|j) / 2n, as
// Barnes–Hut t-SNE (van der Maaten 2014, §4.1) and openTSNE do with k = 3 · perplexity neighbours.
import { stopPoint, type LayoutContext } from './context';
import type { KnnGraph } from './knn';
import { PERPLEXITY_CHUNK } from './perplexity';
import { symmetrise, type Csr } from './sparse';

/** The symmetric P of t-SNE (CSR, summing to 1) from the neighbour graph. */
export async function tsneAffinities(knn: KnnGraph, perplexity: number, ctx: LayoutContext): Promise<Csr> {
  const { n, k } = knn;
  const condP = ctx.alloc.f32('conditional affinities', n * k);
  ctx.pool.share({ knnDist: knn.distances, condP });
  await ctx.pool.run('perplexity', Math.ceil(n / PERPLEXITY_CHUNK), { n, k, perplexity });
  ctx.progress('affinities', 0.6);
  await stopPoint(ctx);
  const p = symmetrise(knn.indices, condP, n, k, 'mean', ctx.alloc);
  ctx.progress('affinities', 1);
  return p;
}

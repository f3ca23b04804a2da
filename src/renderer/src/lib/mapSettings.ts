// The Map panel's settings as a request, and a running map's progress in words (pure, unit-tested): the
// defaults come from the contract, the same ones the core and `ewb project` use.
import type {
  LayoutInit,
  MapSettings,
  ProjectRequest,
  ProjectResult,
  ProjectionMethod,
  ProjectionProgress,
  ProjectionStage,
  TsneGradientMethod,
} from '../../../shared';
import { PROJECTION_DEFAULTS } from '../../../shared';
import { formatEta } from './importProgress';

/** The settings' type is the contract's: a map bookmark keeps them as they are. */
export type { MapSettings } from '../../../shared';

export function defaultMapSettings(): MapSettings {
  const d = PROJECTION_DEFAULTS;
  return {
    method: 'pca',
    seed: d.seed,
    perplexity: d.perplexity,
    theta: d.theta,
    exaggeration: d.exaggeration,
    iterations: d.iterations,
    gradient: d.gradient,
    init: d.init,
    neighbors: d.neighbors,
    minDist: d.minDist,
    includeSpecial: false,
  };
}

export const METHOD_LABELS: Record<ProjectionMethod, string> = { pca: 'PCA', umap: 'UMAP', tsne: 't-SNE' };
export const INIT_LABELS: Record<LayoutInit, string> = { pca: 'PCA', random: 'random' };
export const GRADIENT_LABELS: Record<TsneGradientMethod, string> = {
  auto: 'auto',
  bh: 'Barnes–Hut',
  fft: 'FFT',
  exact: 'exact',
};

/** The request for these settings: only the chosen method's options; t-SNE and UMAP send snapshots. */
export function mapRequest(
  s: MapSettings,
  target: { runId: number; table: string; projectionId: string; minCount?: number },
  cache = true,
): ProjectRequest {
  const req: ProjectRequest = { ...target, method: s.method, seed: s.seed, includeSpecial: s.includeSpecial };
  if (s.limit !== undefined) req.limit = s.limit;
  if (!cache) req.cache = false;
  if (s.method === 'tsne') {
    const { perplexity, theta, exaggeration, iterations, gradient, init } = s;
    Object.assign(req, { perplexity, theta, exaggeration, iterations, gradient, init, snapshots: true });
  }
  if (s.method === 'umap')
    Object.assign(req, { neighbors: s.neighbors, minDist: s.minDist, init: s.init, snapshots: true });
  return req;
}

const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** `PC1 (18.2%)` for a finished PCA map, else `UMAP 1`; empty before any map. */
export function mapAxisNames(
  method: ProjectionMethod | undefined,
  finished: Pick<ProjectResult, 'explainedVariance'> | null,
): [string, string] {
  if (!method) return ['', ''];
  const ev = finished?.explainedVariance;
  if (ev) return [`PC1 (${percent(ev[0] ?? 0)})`, `PC2 (${percent(ev[1] ?? 0)})`];
  return [`${METHOD_LABELS[method]} 1`, `${METHOD_LABELS[method]} 2`];
}

export const STAGE_LABELS: Record<ProjectionStage, string> = {
  init: 'starting layout',
  neighbours: 'neighbour graph',
  affinities: 'affinities',
  graph: 'fuzzy graph',
  layout: 'layout',
};

/** `t-SNE of 20,000 rows: layout, iteration 320 of 750 (54%) · about 12 s left`, or paused. */
export function progressText(p: ProjectionProgress | null): string {
  if (!p) return 'Starting…';
  const rows = `${METHOD_LABELS[p.method]} of ${p.points.toLocaleString('en')} rows`;
  const step =
    p.iteration !== null && p.iterations !== null
      ? `, ${p.method === 'umap' ? 'epoch' : 'iteration'} ${p.iteration} of ${p.iterations}`
      : '';
  const stage = p.method === 'pca' ? '' : `: ${STAGE_LABELS[p.stage]}${step}`;
  const percent = ` (${Math.floor(p.fraction * 100)}%)`;
  if (p.paused) return `${rows}${stage}${percent} · paused`;
  const eta = formatEta(p.etaSeconds);
  return `${rows}${stage}${percent}${eta ? ` · ${eta}` : ''}`;
}

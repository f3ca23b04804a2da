// The options a map request means once defaults are filled in, and the key a finished map is cached under:
// everything its coordinates depend on (method, options, the layout code's version, the rows' values).
import type { ProjectRequest, ProjectResult } from '../../shared';
import { PROJECTION_DEFAULTS, PROJECTION_METHODS, WorkbenchError } from '../../shared';
import { EXACT_TSNE_MAX_ROWS, tsneGradientFor } from './project';
import { TSNE_DEFAULTS } from './layout/tsne';
import { defaultEpochs, UMAP_DEFAULTS } from './layout/umap';

/**
 * Bumped whenever a change to the layout code changes the coordinates a request gives: maps cached by an
 * older version are then computed anew rather than shown.
 */
export const LAYOUT_VERSION = 3;

export type MapOptions = ProjectResult['options'];

/** The options in effect for `req` over `points` rows (defaults filled in, `auto` resolved). */
export function mapOptions(req: ProjectRequest, points: number): MapOptions {
  if (!PROJECTION_METHODS.includes(req.method))
    throw new WorkbenchError(
      'BadRequest',
      `method is one of ${PROJECTION_METHODS.join(', ')} (got ${String(req.method)})`,
    );
  const seed = req.seed ?? PROJECTION_DEFAULTS.seed;
  if (!Number.isInteger(seed)) throw new WorkbenchError('BadRequest', `seed must be a whole number (got ${seed})`);
  const options: MapOptions = { seed, limit: req.limit ?? null, includeSpecial: req.includeSpecial === true };
  if (req.method === 'tsne') {
    const gradient = tsneGradientFor(req.gradient ?? PROJECTION_DEFAULTS.gradient, points);
    if (gradient === 'exact' && (req.limit ?? points) > EXACT_TSNE_MAX_ROWS)
      throw new WorkbenchError(
        'BadRequest',
        `exact t-SNE maps at most ${EXACT_TSNE_MAX_ROWS.toLocaleString('en')} rows (limit ${(req.limit ?? points).toLocaleString('en')}): lower the limit, or use gradient auto (Barnes–Hut or FFT)`,
      );
    Object.assign(options, {
      perplexity: req.perplexity ?? TSNE_DEFAULTS.perplexity,
      theta: req.theta ?? TSNE_DEFAULTS.theta,
      exaggeration: req.exaggeration ?? TSNE_DEFAULTS.exaggeration,
      iterations: req.iterations ?? TSNE_DEFAULTS.iterations,
      gradient,
      init: req.init ?? TSNE_DEFAULTS.init,
    });
  }
  if (req.method === 'umap') {
    Object.assign(options, {
      neighbors: req.neighbors ?? UMAP_DEFAULTS.neighbors,
      minDist: req.minDist ?? UMAP_DEFAULTS.minDist,
      epochs: req.epochs ?? defaultEpochs(points),
      init: req.init ?? UMAP_DEFAULTS.init,
    });
  }
  return options;
}

/** FNV-1a over the 32-bit words of the rows mapped: a cached map is only reused for the same values. */
export function tableHash(data: Float32Array): string {
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ words.length;
  for (let i = 0; i < words.length; i++) {
    h1 = Math.imul(h1 ^ words[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ (words[i]! >>> 7), 0x5bd1e995);
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}:${words.length}`;
}

/** The cache key's settings: canonical JSON (sorted keys) of the options, layout version and rows' hash. */
export function settingsKey(options: MapOptions, hash: string): string {
  const entries = Object.entries({ ...options, version: LAYOUT_VERSION, rows: hash }).sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  return JSON.stringify(Object.fromEntries(entries));
}

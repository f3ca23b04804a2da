// `ewb project`: a 2-D map of a run's table (PCA, UMAP or t-SNE) on a worker thread, written as CSV.
import type { ProjectionMethod, ProjectionProgress, ProjectRequest, ProjectResult } from '../shared';
import { DEFAULT_MIN_COUNT, LAYOUT_INITS, PROJECTION_METHODS, TSNE_GRADIENTS } from '../shared';
import { writeProjectionCsv } from '../core/explore/projectCsv';
import { intFlag, numFlag, oneOf, required, str, UsageError } from './args';
import { filterLine, filterOf } from './filterFlags';
import type { Command, Values } from './command';
import { withServices } from './services';
import type { Output } from './output';

/** Progress lines at most this often within a stage (the core sends up to ten a second). */
const PROGRESS_EVERY_MS = 1000;

export function projectRequest(values: Values): ProjectRequest {
  const method = str(values.method) ?? 'pca';
  if (!(PROJECTION_METHODS as readonly string[]).includes(method))
    throw new UsageError(`--method is one of ${PROJECTION_METHODS.join(', ')} (got "${method}")`);
  return {
    runId: intFlag(required(str(values.run), 'run'), 'run')!,
    table: str(values.table) ?? 'items',
    method: method as ProjectionMethod,
    limit: intFlag(str(values.limit), 'limit'),
    seed: intFlag(str(values.seed), 'seed'),
    perplexity: numFlag(str(values.perplexity), 'perplexity'),
    theta: numFlag(str(values.theta), 'theta'),
    exaggeration: numFlag(str(values.exaggeration), 'exaggeration'),
    iterations: intFlag(str(values.iterations), 'iterations'),
    gradient: oneOf(str(values.gradient), TSNE_GRADIENTS, 'gradient'),
    init: oneOf(str(values.init), LAYOUT_INITS, 'init'),
    neighbors: intFlag(str(values.neighbors), 'neighbors'),
    minDist: numFlag(str(values['min-dist']), 'min-dist'),
    epochs: intFlag(str(values.epochs), 'epochs'),
    threads: intFlag(str(values.threads), 'threads'),
    includeSpecial: values['include-special'] === true,
    minCount: filterOf(values)?.minCount,
    cache: values['no-cache'] !== true,
  };
}

const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;

export function projectHuman(r: ProjectResult, out: string | null): string {
  const variance = r.explainedVariance
    ? ` (explained variance ${percent(r.explainedVariance[0] ?? 0)} + ${percent(r.explainedVariance[1] ?? 0)})`
    : '';
  const how = r.cached
    ? ` from the cache (computed in ${r.computeSeconds.toFixed(1)} s)`
    : ` in ${r.seconds.toFixed(1)} s${r.layoutIterations === null ? '' : ` (${r.layoutIterations} ${r.method === 'umap' ? 'epochs' : 'iterations'})`}`;
  const lines = [
    `mapped ${r.keys.length} rows of ${r.table} (dim ${r.dim}) by ${r.method}${variance}${how}`,
    filterLine(r.filter),
  ];
  if (out) lines.push(`wrote ${out}`);
  else {
    const shown = Math.min(10, r.keys.length);
    lines.push('key\tx\ty', ...r.keys.slice(0, shown).map((k, i) => `${k}\t${r.x[i]}\t${r.y[i]}`));
    if (r.keys.length > shown) lines.push(`… ${r.keys.length - shown} more: --out FILE writes them all as CSV`);
  }
  return lines.join('\n');
}

const STAGE_NAMES = {
  init: 'start layout',
  neighbours: 'neighbour graph',
  affinities: 'affinities',
  graph: 'fuzzy graph',
  layout: 'layout',
} as const;

function printProgress(out: Output, p: ProjectionProgress): void {
  const eta = p.etaSeconds === null || p.fraction >= 1 ? '' : `, about ${Math.ceil(p.etaSeconds)} s left`;
  const step = p.iterations === null ? '' : ` ${p.iteration}/${p.iterations}`;
  out.progress(
    { type: 'progress', event: 'projection', ...p },
    `${p.method}: ${Math.floor(p.fraction * 100)}% of ${p.points} rows (${STAGE_NAMES[p.stage]}${step})${eta}`,
  );
}

/**
 * Writes `key,x,y,count,title,genres` (genres `|`-separated) and then the item metadata file's other columns,
 * coordinates exact float32 (docs/explore.md).
 */
export async function writeCoordinates(path: string, r: ProjectResult): Promise<{ path: string; rows: number }> {
  const n = r.keys.length;
  return writeProjectionCsv(
    path,
    { rows: Int32Array.from({ length: n }, (_, i) => i), x: Float32Array.from(r.x), y: Float32Array.from(r.y) },
    (i) => r.keys[i]!,
    [
      { name: 'count', value: (i) => r.counts[i] },
      { name: 'title', value: (i) => r.titles[i] },
      { name: 'genres', value: (i) => r.genres[i]!.join('|') },
      ...r.columns.map((c) => ({ name: c.name, value: (i: number) => c.values[i] })),
    ],
  );
}

export const projectCommand: Command = {
  usage:
    'ewb project --db DB --run RUN --table T --method pca|umap|tsne [--out coords.csv] [--limit N] [--min-count N] [--seed S] [--theta X] [--exaggeration X] [--init pca|random] [--json]',
  summary: 'a 2-D map of a table (PCA with explained variance, UMAP, t-SNE), as CSV of key, x, y',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    run: { type: 'string' },
    table: { type: 'string' },
    method: { type: 'string' },
    out: { type: 'string' },
    limit: { type: 'string' },
    'min-count': { type: 'string' },
    seed: { type: 'string' },
    perplexity: { type: 'string' },
    theta: { type: 'string' },
    exaggeration: { type: 'string' },
    iterations: { type: 'string' },
    gradient: { type: 'string' },
    init: { type: 'string' },
    neighbors: { type: 'string' },
    'min-dist': { type: 'string' },
    epochs: { type: 'string' },
    threads: { type: 'string' },
    'include-special': { type: 'boolean' },
    'no-cache': { type: 'boolean' },
  },
  help: [
    '--table T          users, items, events, words or a .context table (default items)',
    '--method M         pca (default; exact, with explained variance), umap, or tsne',
    '--out FILE         write key,x,y,count,title,genres and the item metadata columns as CSV',
    '--limit N          only the N most frequent rows (default all; exact t-SNE at most 5,000)',
    `--min-count N      only rows with at least N training interactions/occurrences (default ${DEFAULT_MIN_COUNT});`,
    '                   rows never trained are never mapped',
    '--seed S           seed of every random choice (default 1)',
    '--perplexity X     t-SNE perplexity (default 30); --iterations N (default 750)',
    '--theta X          t-SNE Barnes–Hut accuracy (default 0.5; 0 is exact)',
    '--exaggeration X   t-SNE exaggeration after the early phase (default 1; the early phase uses max(12, X))',
    '--gradient G       t-SNE repulsion: auto (default: Barnes–Hut below 7,500 rows, else FFT), bh, fft, exact',
    '--init I           t-SNE and UMAP start: pca (default) or random',
    '--neighbors N      UMAP neighbourhood size (default 15); --min-dist X (default 0.1); --epochs N',
    '--threads N        threads for t-SNE and UMAP (default: by size, up to 4; the map is the same)',
    '--include-special  also map the PAD and OOV rows (<pad>, <oov>)',
    '--no-cache         compute the map anew instead of reading a stored one (it is stored again)',
  ],
  async run(values, _positionals, out) {
    const req = projectRequest(values);
    const path = str(values.out) ?? null;
    let last = 0;
    let stage = '';
    const result = await withServices(
      values,
      (s) => s.handlers['embeddings:project'](req),
      (event, payload) => {
        if (event !== 'projections:progress') return;
        const p = payload as ProjectionProgress;
        const now = Date.now();
        // Every stage's start is printed; within a stage, a line a second.
        if (p.fraction > 0 && p.fraction < 1 && p.stage === stage && now - last < PROGRESS_EVERY_MS) return;
        last = now;
        stage = p.stage;
        printProgress(out, p);
      },
    );
    const written = path ? await writeCoordinates(path, result) : null;
    out.result(written ? { ...result, out: written } : result, projectHuman(result, path));
  },
};

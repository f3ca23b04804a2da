// Approximate nearest neighbours for tables too large for interactive exact search: an HNSW graph
// (Malkov & Yashunin 2018, through hnswlib-node) built lazily per table and metric, kept beside the exact
// TableIndex for as long as the table's data lives, with its recall@10 against exact search measured once
// on a seeded sample of rows when it is built. Scores of the rows it returns are recomputed exactly.
import { createRequire } from 'node:module';
import type { HierarchicalNSW, SpaceName } from 'hnswlib-node';
import type { AnnIndexInfo, Metric } from '../../shared';
import { WorkbenchError } from '../../shared';
import { createRng } from '../random';
import { neighborsOfRow, type RowScore } from './neighbors';
import type { VectorTable } from '../../shared';

/**
 * HNSW parameters. M: links per node (layer 0 has 2M); efConstruction: candidate list while inserting;
 * efSearch: candidate list while searching (raised to k when k is larger), or `auto`: tuned when the index
 * is built — from 64, doubled until the measured recall@10 on the seeded sample reaches `targetRecall`
 * (at most 2048). Easy tables (trained embeddings, low intrinsic dimension) stop at 64 or 128; the bench's
 * 100,000 × 100 Gaussian rows, about the hardest case there is, needed M 32 / efConstruction 200 /
 * efSearch 800 for 0.99 (M 16 reached only 0.966 at efSearch 800). docs/neighbours.md has the figures.
 */
export interface HnswParams {
  m: number;
  efConstruction: number;
  efSearch: number | 'auto';
  /** What `auto` aims for. */
  targetRecall: number;
  /** hnswlib's level-assignment seed: the same seed and insertion order give the same graph. */
  seed: number;
}

export const HNSW_DEFAULTS: HnswParams = {
  m: 32,
  efConstruction: 200,
  efSearch: 'auto',
  targetRecall: 0.99,
  seed: 100,
};
const EF_START = 64;
const EF_MAX = 2048;
/** efSearch when `auto` has no sample to tune on (recallQueries 0). */
const EF_UNTUNED = 200;

/** Rows from which `embeddings:neighbors` uses the approximate index unless told otherwise. */
export const DEFAULT_ANN_MIN_ROWS = 1_000_000;

/** The threshold, overridable with EWB_ANN_MIN_ROWS (a whole number of rows). */
export function annMinRows(env: Record<string, string | undefined> = process.env): number {
  const raw = env.EWB_ANN_MIN_ROWS;
  if (raw === undefined || raw === '') return DEFAULT_ANN_MIN_ROWS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new WorkbenchError('BadRequest', `EWB_ANN_MIN_ROWS must be a whole number of rows (got "${raw}")`);
  return n;
}

/** What a response says about the index that answered it (the contract's AnnIndexInfo). */
export type AnnInfo = AnnIndexInfo;

export interface AnnBuildOptions {
  params?: Partial<HnswParams>;
  /** Leading rows that are not ids (PAD, OOV): never indexed. Default 2. */
  reservedRows?: number;
  /** Sample rows for the recall measurement and efSearch tuning (default 200; 0 skips it, recall NaN). */
  recallQueries?: number;
  recallSeed?: number;
}

const SPACES: Record<Metric, SpaceName> = { cosine: 'cosine', dot: 'ip', euclidean: 'l2' };
/** Rows inserted between yields to the event loop: a build of a million rows must not freeze the app. */
const YIELD_EVERY = 2048;

type HnswModule = typeof import('hnswlib-node');
let hnswModule: HnswModule | null = null;

/** Loads the native addon on first use, so that exact search never depends on it. */
function hnsw(): HnswModule {
  if (hnswModule) return hnswModule;
  try {
    hnswModule = createRequire(import.meta.url)('hnswlib-node') as HnswModule;
    return hnswModule;
  } catch (err) {
    throw new WorkbenchError(
      'Internal',
      `the approximate index needs the native module hnswlib-node, which did not load (${err instanceof Error ? err.message : String(err)}); run npm ci, or search exactly (approximate: false)`,
    );
  }
}

const yieldToLoop = (): Promise<void> => new Promise((ok) => setImmediate(ok));

/** Bumped by cancelAnnBuilds: builds started before stop at their next yield. */
let generation = 0;

/** Stops every index build in progress (services.close: a CLI process must not stay alive building one). */
export function cancelAnnBuilds(): void {
  generation++;
}
const rowArray = (t: VectorTable, r: number): number[] => Array.from(t.data.subarray(r * t.dim, (r + 1) * t.dim));

export interface AnnSearchOptions {
  k: number;
  /** Rows never returned (the query row for row queries). */
  exclude?: Iterable<number>;
  /** Only rows passing this are returned; hnswlib calls it while walking the graph. */
  filter?: (row: number) => boolean;
}

export class AnnIndex {
  private constructor(
    readonly table: VectorTable,
    readonly metric: Metric,
    private readonly graph: HierarchicalNSW,
    private readonly reservedRows: number,
    private ef: number,
    private info_: AnnInfo,
  ) {}

  get info(): AnnInfo {
    return this.info_;
  }

  /** Writes the graph in hnswlib's own format (hnswlib's Python `load_index` reads it too). */
  save(path: string): void {
    this.graph.writeIndexSync(path);
  }

  /** Builds the graph (yielding to the event loop as it goes), then measures its recall@10. */
  static async build(table: VectorTable, metric: Metric, options: AnnBuildOptions = {}): Promise<AnnIndex> {
    const params = { ...HNSW_DEFAULTS, ...options.params };
    const reserved = options.reservedRows ?? 2;
    const count = table.rows - reserved;
    if (count < 1) throw new WorkbenchError('BadRequest', `the table has no rows to index (${table.rows} rows)`);
    const started = performance.now();
    const myGeneration = generation;
    const checkCancelled = (): void => {
      if (generation !== myGeneration)
        throw new WorkbenchError('Cancelled', 'the approximate index build was stopped (the services closed)');
    };
    const graph = new (hnsw().HierarchicalNSW)(SPACES[metric], table.dim);
    graph.initIndex({
      maxElements: count,
      m: params.m,
      efConstruction: params.efConstruction,
      randomSeed: params.seed,
    });
    for (let r = reserved; r < table.rows; r++) {
      graph.addPoint(rowArray(table, r), r);
      if ((r - reserved) % YIELD_EVERY === YIELD_EVERY - 1) {
        await yieldToLoop();
        checkCancelled();
      }
    }
    const buildSeconds = (performance.now() - started) / 1000;
    const fixed = params.efSearch === 'auto' ? null : params.efSearch;
    const index = new AnnIndex(table, metric, graph, reserved, fixed ?? EF_UNTUNED, {
      kind: 'hnsw',
      metric,
      m: params.m,
      efConstruction: params.efConstruction,
      efSearch: fixed ?? EF_UNTUNED,
      rows: count,
      recallAt10: Number.NaN,
      recallQueries: 0,
      buildSeconds,
    });
    const queries = Math.min(options.recallQueries ?? 200, count);
    if (queries > 0) {
      const sample = await index.exactSample(queries, options.recallSeed ?? 2026);
      checkCancelled();
      let ef = fixed ?? EF_START;
      let recall = index.recallAt(sample, ef);
      while (fixed === null && recall < params.targetRecall && ef < EF_MAX) {
        ef *= 2;
        recall = index.recallAt(sample, ef);
        await yieldToLoop();
      }
      index.ef = ef;
      index.info_ = { ...index.info_, efSearch: ef, recallAt10: recall, recallQueries: sample.length };
    }
    return index;
  }

  /** The exact top-10 of `n` seeded sample rows (each its own query), to measure recall against. */
  async exactSample(n: number, seed: number): Promise<{ row: number; exact: number[] }[]> {
    const count = this.table.rows - this.reservedRows;
    const k = Math.min(10, count - 1);
    if (k < 1) return [];
    const rng = createRng(seed);
    const picked = new Set<number>();
    while (picked.size < Math.min(n, count)) picked.add(this.reservedRows + Math.floor(rng() * count));
    const out: { row: number; exact: number[] }[] = [];
    for (const row of picked) {
      const exact = neighborsOfRow(this.table, row, { k, metric: this.metric, reservedRows: this.reservedRows });
      out.push({ row, exact: exact.map((x) => x.row) });
      if (out.length % 20 === 0) await yieldToLoop();
    }
    return out;
  }

  /** Mean |approximate ∩ exact| / |exact| over the sample when searching with this efSearch. */
  recallAt(sample: readonly { row: number; exact: number[] }[], ef: number): number {
    if (sample.length === 0) return 1;
    const saved = this.ef;
    this.ef = ef;
    let sum = 0;
    for (const { row, exact } of sample) {
      const approx = new Set(this.searchRow(row, { k: exact.length }).map((x) => x.row));
      sum += exact.filter((r) => approx.has(r)).length / exact.length;
    }
    this.ef = saved;
    return sum / sample.length;
  }

  /** Approximate neighbours of row `row` (never itself). */
  searchRow(row: number, options: AnnSearchOptions): RowScore[] {
    if (!Number.isInteger(row) || row < 0 || row >= this.table.rows)
      throw new WorkbenchError('BadRequest', `row ${row} is outside the table (${this.table.rows} rows)`);
    const q = this.table.data.subarray(row * this.table.dim, (row + 1) * this.table.dim);
    return this.search(q, { ...options, exclude: [row, ...(options.exclude ?? [])] });
  }

  /** Approximate neighbours of a vector, best first, with exact scores (cosine, dot, or Euclidean distance). */
  search(vector: ArrayLike<number>, options: AnnSearchOptions): RowScore[] {
    const { dim } = this.table;
    if (vector.length !== dim)
      throw new WorkbenchError('BadRequest', `the query has ${vector.length} values; the table has dim ${dim}`);
    const k = options.k;
    if (!Number.isInteger(k) || k < 1)
      throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
    const excluded = new Set(options.exclude ?? []);
    // Excluded rows are asked for on top and dropped after: a JS filter callback per visited node costs more.
    const want = Math.min(this.info_.rows, k + excluded.size);
    this.graph.setEf(Math.max(this.ef, want));
    const filter = options.filter;
    const found = filter
      ? this.graph.searchKnn(Array.from(vector), want, (label) => filter(label))
      : this.graph.searchKnn(Array.from(vector), want);
    const scored = found.neighbors
      .filter((r) => !excluded.has(r))
      .map((row) => ({ row, score: this.exactScore(row, vector) }));
    const lowerFirst = this.metric === 'euclidean';
    scored.sort((a, b) => (lowerFirst ? a.score - b.score : b.score - a.score) || a.row - b.row);
    return scored.slice(0, k);
  }

  private exactScore(r: number, q: ArrayLike<number>): number {
    const { data, dim } = this.table;
    let xq = 0;
    let xx = 0;
    let qq = 0;
    let dd = 0;
    for (let d = 0, o = r * dim; d < dim; d++) {
      const x = data[o + d]!;
      const y = q[d]!;
      xq += x * y;
      xx += x * x;
      qq += y * y;
      dd += (x - y) * (x - y);
    }
    if (this.metric === 'dot') return xq;
    if (this.metric === 'euclidean') return Math.sqrt(dd);
    return xx > 0 && qq > 0 ? xq / Math.sqrt(xx * qq) : 0;
  }
}

// One index per (table data, metric, parameters), built once: concurrent requests share the build.
interface CacheEntry {
  building: Promise<AnnIndex>;
  ready: AnnIndex | null;
}
const cache = new WeakMap<Float32Array, Map<string, CacheEntry>>();

function entryOf(table: VectorTable, metric: Metric, options: AnnBuildOptions): CacheEntry {
  const params = { ...HNSW_DEFAULTS, ...options.params };
  const key = [
    metric,
    `${table.rows}x${table.dim}`,
    params.m,
    params.efConstruction,
    params.efSearch,
    params.targetRecall,
    params.seed,
    options.reservedRows ?? 2,
    options.recallQueries ?? 200,
  ].join('/');
  let perTable = cache.get(table.data);
  if (!perTable) cache.set(table.data, (perTable = new Map()));
  const hit = perTable.get(key);
  if (hit) return hit;
  const entry: CacheEntry = { building: AnnIndex.build(table, metric, options), ready: null };
  perTable.set(key, entry);
  entry.building.then(
    (index) => (entry.ready = index),
    // A failed build is not cached: the next request tries again.
    () => perTable.delete(key),
  );
  return entry;
}

/** The approximate index of a table for a metric, built on first use and cached with the table. */
export function annIndexOf(table: VectorTable, metric: Metric, options: AnnBuildOptions = {}): Promise<AnnIndex> {
  return entryOf(table, metric, options).building;
}

export interface NeighborSearch {
  k: number;
  metric: Metric;
  filter?: (row: number) => boolean;
  /**
   * true: wait for the approximate index (building it if need be); false: exact search; undefined: the
   * approximate index for tables of at least `minRows` rows once it is built — until then the answer is exact
   * while the index builds in the background (a first query should not wait minutes).
   */
  approximate?: boolean;
  minRows?: number;
  /** Build options of the index (tests and the bench); defaults otherwise. */
  build?: AnnBuildOptions;
}

export interface NeighborAnswer {
  found: RowScore[];
  approximate: boolean;
  index?: AnnInfo;
  /** The approximate index is being built in the background; this answer is exact. */
  indexBuilding?: boolean;
}

/** Neighbours of a table row, by the approximate index or exact search as asked (or by the table's size). */
export async function searchNeighbors(
  table: VectorTable,
  row: number,
  search: NeighborSearch,
): Promise<NeighborAnswer> {
  const exact = (): RowScore[] =>
    neighborsOfRow(table, row, { k: search.k, metric: search.metric, filter: search.filter });
  if (search.approximate === false) return { found: exact(), approximate: false };
  if (search.approximate === undefined && table.rows < (search.minRows ?? annMinRows()))
    return { found: exact(), approximate: false };
  const entry = entryOf(table, search.metric, search.build ?? {});
  if (search.approximate === undefined && entry.ready === null) {
    // The build's failure is reported to whoever waits for it; here it only means "answer exactly".
    entry.building.catch(() => undefined);
    return { found: exact(), approximate: false, indexBuilding: true };
  }
  const ann = entry.ready ?? (await entry.building);
  return { found: ann.searchRow(row, { k: search.k, filter: search.filter }), approximate: true, index: ann.info };
}

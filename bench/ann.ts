// Top-10 cosine neighbours over a random 100,000 × 100 table, one query at a time as an interactive user asks:
//   exact:  ours (bfloat16 SIMD scan + exact rescoring)      vs NumPy brute force (Debian python3-numpy)
//   approx: ours (HNSW through hnswlib-node, annIndex.ts)    vs hnswlib's Python binding (Debian python3-hnswlib)
// at the same M / efConstruction / efSearch (efSearch as our index tuned it for recall@10 ≥ 0.99), both built
// single-threaded, recall@10 of both measured against the exact answer on the same queries; Python also
// searches our saved graph, which compares the bindings alone. Timings are the best of 3 passes (the machine
// is shared). Prints build times, ms/query, recall and ratios. Not part of CI. python3-hnswlib is installed
// with apt-get if missing.
// Usage: node --import tsx bench/ann.ts [--rows 100000] [--dim 100] [--queries 300] [--k 10] [--m 32]
//          [--ef-construction 200] [--ef-search auto|N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { npyHeader } from '../src/core/tables/npy';
import { AnnIndex } from '../src/core/explore/annIndex';
import { neighborsOfRow } from '../src/core/explore/neighbors';
import { TableIndex } from '../src/core/explore/tableIndex';
import { createRng, gaussian } from '../src/core/random';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    dim: { type: 'string' },
    queries: { type: 'string' },
    k: { type: 'string' },
    m: { type: 'string' },
    'ef-construction': { type: 'string' },
    'ef-search': { type: 'string' },
  },
});
const rows = Number(values.rows ?? 100_000);
const dim = Number(values.dim ?? 100);
const nQueries = Number(values.queries ?? 300);
const k = Number(values.k ?? 10);
const m = Number(values.m ?? 32);
const efConstruction = Number(values['ef-construction'] ?? 200);
const efArg = values['ef-search'] ?? 'auto';
const PYTHON = '/usr/bin/python3'; // Debian's, with its packages (the PATH python3 may be a pyenv without them)

function ensurePythonHnswlib(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import hnswlib, numpy'], { encoding: 'utf8' });
  if (probe.status === 0) return;
  console.log('python3-hnswlib (or numpy) missing: apt-get install -y python3-hnswlib python3-numpy');
  const apt = spawnSync('apt-get', ['install', '-y', 'python3-hnswlib', 'python3-numpy'], { stdio: 'inherit' });
  if (apt.status !== 0) {
    console.error('could not install python3-hnswlib; run as root: apt-get install -y python3-hnswlib');
    process.exit(1);
  }
}
ensurePythonHnswlib();

const rng = createRng(2026);
const data = new Float32Array(rows * dim);
for (let i = 0; i < data.length; i++) data[i] = gaussian(rng);
const table = { rows, dim, data };
const queries = Array.from({ length: nQueries }, () => 2 + Math.floor(rng() * (rows - 2)));

console.log(`top-${k} cosine neighbours, ${rows.toLocaleString()} × ${dim} float32 Gaussian, ${nQueries} queries`);
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

// Exact, ours: index (norms + bfloat16 copy) built once, like NumPy's normalised copy.
let t = performance.now();
TableIndex.of(table);
const exactBuildMs = performance.now() - t;
/** The machine is shared: every timing is the best of ROUNDS passes over the queries. */
const ROUNDS = 3;
function bestOf<T>(fn: () => T): { value: T; ms: number } {
  let ms = Infinity;
  let value: T | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const s = performance.now();
    value = fn();
    ms = Math.min(ms, (performance.now() - s) / nQueries);
  }
  return { value: value!, ms };
}
for (const q of queries.slice(0, 20)) neighborsOfRow(table, q, { k });
const { value: exact, ms: exactMs } = bestOf(() =>
  queries.map((q) => neighborsOfRow(table, q, { k }).map((n) => n.row)),
);

// HNSW, ours: graph build, then efSearch tuned on 200 sample rows (not the bench queries) unless given.
t = performance.now();
const ann = await AnnIndex.build(table, 'cosine', {
  params: { m, efConstruction, efSearch: efArg === 'auto' ? 'auto' : Number(efArg) },
});
const annTotalS = (performance.now() - t) / 1000;
const ef = ann.info.efSearch;
for (const q of queries.slice(0, 20)) ann.searchRow(q, { k });
const { value: approx, ms: annMs } = bestOf(() => queries.map((q) => ann.searchRow(q, { k }).map((n) => n.row)));
const recallOf = (found: number[][]): number =>
  found.reduce((s, f, i) => s + f.filter((r) => exact[i]!.includes(r)).length, 0) / (k * nQueries);
const annRecall = recallOf(approx);

const dir = mkdtempSync(join(tmpdir(), 'ewb-bench-ann-'));
const npyPath = join(dir, 'table.npy');
writeFileSync(npyPath, Buffer.concat([npyHeader([rows, dim]), Buffer.from(data.buffer)]));
writeFileSync(join(dir, 'queries.json'), JSON.stringify(queries));
// Our graph as hnswlib saves it, so that Python can also search the very same graph (binding against binding).
const graphPath = join(dir, 'ours.hnsw');
ann.save(graphPath);

// NumPy brute force and hnswlib, the same queries, rows 0 and 1 (PAD, OOV) left out as ours does.
const script = `
import json, sys, time, numpy as np, hnswlib
X = np.load(sys.argv[1]); qs = json.load(open(sys.argv[2])); k, M, efc, ef = map(int, sys.argv[3:7]); ours = sys.argv[7]
def best_of(fn):
    best, out = float('inf'), None
    for _ in range(3):
        t = time.perf_counter(); out = [fn(q) for q in qs]; best = min(best, (time.perf_counter() - t) * 1000 / len(qs))
    return out, best
t = time.perf_counter(); Xn = X / np.linalg.norm(X, axis=1, keepdims=True); norm_ms = (time.perf_counter() - t) * 1000
def top(q):
    s = Xn @ Xn[q]; s[:2] = -np.inf; s[q] = -np.inf
    idx = np.argpartition(-s, k)[:k]
    return idx[np.argsort(-s[idx], kind='stable')].tolist()
for q in qs[:20]: top(q)
exact, exact_ms = best_of(top)
p = hnswlib.Index(space='cosine', dim=X.shape[1])
p.init_index(max_elements=X.shape[0] - 2, M=M, ef_construction=efc, random_seed=100)
t = time.perf_counter(); p.add_items(X[2:], np.arange(2, X.shape[0]), num_threads=1); build_s = time.perf_counter() - t
p.set_ef(ef)
def searcher(index):
    def ann(q):
        labels, _ = index.knn_query(X[q:q + 1], k=k + 1, num_threads=1)
        return [int(x) for x in labels[0] if x != q][:k]
    return ann
for q in qs[:20]: searcher(p)(q)
approx, ann_ms = best_of(searcher(p))
o = hnswlib.Index(space='cosine', dim=X.shape[1]); o.load_index(ours, max_elements=X.shape[0] - 2); o.set_ef(ef)
for q in qs[:20]: searcher(o)(q)
on_ours, on_ours_ms = best_of(searcher(o))
print(json.dumps({'exact_ms': exact_ms, 'norm_ms': norm_ms, 'exact': exact, 'ann_ms': ann_ms, 'build_s': build_s,
                  'approx': approx, 'on_ours': on_ours, 'on_ours_ms': on_ours_ms, 'numpy': np.__version__}))
`;
const py = spawnSync(
  PYTHON,
  [
    '-c',
    script,
    npyPath,
    join(dir, 'queries.json'),
    String(k),
    String(m),
    String(efConstruction),
    String(ef),
    graphPath,
  ],
  { encoding: 'utf8', maxBuffer: 256 << 20 },
);
rmSync(dir, { recursive: true, force: true });
if (py.status !== 0) {
  console.error(`${PYTHON} with numpy and hnswlib failed:\n${py.stderr || py.error?.message}`);
  process.exit(1);
}
const p = JSON.parse(py.stdout) as {
  exact_ms: number;
  norm_ms: number;
  exact: number[][];
  ann_ms: number;
  build_s: number;
  approx: number[][];
  on_ours: number[][];
  on_ours_ms: number;
  numpy: string;
};
const pyRecall = recallOf(p.approx);
const agree = recallOf(p.exact);

const fmt = (ms: number): string => `${ms.toFixed(3).padStart(7)} ms/query (${(1000 / ms).toFixed(0).padStart(5)}/s)`;
console.log('\nexact top-10');
console.log(`  ours  bfloat16 SIMD scan + rescoring: ${fmt(exactMs)}, index ${exactBuildMs.toFixed(0)} ms`);
console.log(`  numpy ${p.numpy} Xn @ q + argpartition:  ${fmt(p.exact_ms)}, normalise ${p.norm_ms.toFixed(0)} ms`);
console.log(
  `  ours/numpy speed: ${(p.exact_ms / exactMs).toFixed(2)}× (top-10 sets agree ${(100 * agree).toFixed(2)}%)`,
);
console.log(
  `\nHNSW, M ${m}, efConstruction ${efConstruction}, efSearch ${ef} (${efArg === 'auto' ? 'tuned' : 'given'})`,
);
console.log(
  `  ours  hnswlib-node 3.0.0: ${fmt(annMs)}, recall@10 ${annRecall.toFixed(4)}, graph built in ${ann.info.buildSeconds.toFixed(1)} s (1 thread)` +
    `, + tuning/recall ${(annTotalS - ann.info.buildSeconds).toFixed(1)} s (own sample recall ${ann.info.recallAt10.toFixed(4)})`,
);
console.log(
  `  python hnswlib 0.6.2 (Debian): ${fmt(p.ann_ms)}, recall@10 ${pyRecall.toFixed(4)}, built in ${p.build_s.toFixed(1)} s (num_threads=1)`,
);
console.log(`  python searching our graph:  ${fmt(p.on_ours_ms)}, recall@10 ${recallOf(p.on_ours).toFixed(4)}`);
console.log(
  `  ours/python query speed: ${(p.ann_ms / annMs).toFixed(2)}× (on the same graph ${(p.on_ours_ms / annMs).toFixed(2)}×); build speed ${(p.build_s / ann.info.buildSeconds).toFixed(2)}×`,
);
console.log(`  HNSW ours vs exact ours: ${(exactMs / annMs).toFixed(2)}× the queries per second`);
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

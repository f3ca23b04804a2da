// Top-10 cosine neighbours over a random 100,000 × 100 table: our exact search (bfloat16 SIMD scan with
// exact rescoring) against NumPy brute force (Debian python3-numpy, `Xn @ q` + argpartition) on the same data
// and the same queries, in the same run. Prints queries/s for both and the ratio. Not part of CI.
// Usage: node --import tsx bench/neighbors.ts [--rows 100000] [--dim 100] [--queries 300] [--k 10]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { npyHeader } from '../src/core/tables/npy';
import { neighborsOfRow } from '../src/core/explore/neighbors';
import { TableIndex } from '../src/core/explore/tableIndex';
import { createRng, gaussian } from '../src/core/random';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    dim: { type: 'string' },
    queries: { type: 'string' },
    k: { type: 'string' },
  },
});
const rows = Number(values.rows ?? 100_000);
const dim = Number(values.dim ?? 100);
const nQueries = Number(values.queries ?? 300);
const k = Number(values.k ?? 10);
const PYTHON = '/usr/bin/python3';

const rng = createRng(2026);
const data = new Float32Array(rows * dim);
for (let i = 0; i < data.length; i++) data[i] = gaussian(rng);
const table = { rows, dim, data };
const queries = Array.from({ length: nQueries }, () => 2 + Math.floor(rng() * (rows - 2)));

const dir = mkdtempSync(join(tmpdir(), 'ewb-bench-'));
const npyPath = join(dir, 'table.npy');
writeFileSync(npyPath, Buffer.concat([npyHeader([rows, dim]), Buffer.from(data.buffer)]));
writeFileSync(join(dir, 'queries.json'), JSON.stringify(queries));

console.log(`top-${k} cosine neighbours, ${rows.toLocaleString()} × ${dim} float32, ${nQueries} queries`);
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

// Ours: the index (norms + bfloat16 copy) is built once per table, like NumPy's normalised copy below.
let t = performance.now();
const index = TableIndex.of(table);
const buildMs = performance.now() - t;
for (const q of queries.slice(0, 20)) neighborsOfRow(table, q, { k });
t = performance.now();
const ours = queries.map((q) => neighborsOfRow(table, q, { k }).map((n) => n.row));
const oursMs = (performance.now() - t) / nQueries;

// NumPy brute force: the usual exact search, one query at a time as an interactive user asks.
const script = `
import json, sys, time, numpy as np
X = np.load(sys.argv[1])
qs = json.load(open(sys.argv[2]))
k = int(sys.argv[3])
t = time.perf_counter()
Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
build = time.perf_counter() - t
def top(q):
    s = Xn @ Xn[q]
    s[:2] = -np.inf
    s[q] = -np.inf
    idx = np.argpartition(-s, k)[:k]
    return idx[np.argsort(-s[idx], kind='stable')].tolist()
for q in qs[:20]: top(q)
t = time.perf_counter()
res = [top(q) for q in qs]
ms = (time.perf_counter() - t) * 1000 / len(qs)
print(json.dumps({'ms': ms, 'build': build * 1000, 'res': res, 'numpy': np.__version__}))
`;
const py = spawnSync(PYTHON, ['-c', script, npyPath, join(dir, 'queries.json'), String(k)], {
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
rmSync(dir, { recursive: true, force: true });
if (py.status !== 0) {
  console.error(`${PYTHON} with numpy failed (apt-get install -y python3-numpy):\n${py.stderr || py.error?.message}`);
  process.exit(1);
}
const np = JSON.parse(py.stdout) as { ms: number; build: number; res: number[][]; numpy: string };

let agree = 0;
ours.forEach((o, i) => (agree += o.filter((r) => np.res[i]!.includes(r)).length));
const fmt = (ms: number): string => `${(1000 / ms).toFixed(0).padStart(5)} queries/s (${ms.toFixed(3)} ms/query)`;
console.log(
  `ours  (WASM SIMD bfloat16 scan + exact rescoring): ${fmt(oursMs)}, index built in ${buildMs.toFixed(0)} ms`,
);
console.log(
  `numpy ${np.numpy} (Xn @ q + argpartition):          ${fmt(np.ms)}, normalised in ${np.build.toFixed(0)} ms`,
);
console.log(`ratio ours/numpy: ${(np.ms / oursMs).toFixed(2)}× the queries per second`);
console.log(
  `agreement of top-${k} sets: ${((100 * agree) / (k * nQueries)).toFixed(2)}% (kernel on: ${index.hasKernel})`,
);

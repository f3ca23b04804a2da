// 2-D maps beside the tools analysts compare with, in one run: our t-SNE and UMAP against scikit-learn's
// Barnes–Hut TSNE (Debian's python3), openTSNE and umap-learn (the bench's virtual environment), on 100,000 × 64
// rows in 20 planted clusters and on a real table (item vectors of an mf run on ml-latest-small). Each map in a
// process of its own: wall seconds, peak RSS, and quality on the same probes (10-NN preservation: the share of
// each point's 10 nearest rows that are among its 10 nearest map points; cluster agreement: the share whose
// nearest map point shares its planted cluster or first genre). Not part of CI; bench/README.md says how to run.
// Usage: node --import tsx bench/project.ts [--rows 100000] [--dim 64] [--threads N] [--only tsne,umap]
//        [--refs sklearn-tsne,opentsne,umap-learn] [--tables planted,movies]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { clusterAgreement, preservation, tableNeighbours } from '../src/core/explore/layout/quality';
import { createRng, gaussian } from '../src/core/random';
import { benchPython } from './python';
import { movieItemVectors } from './projectTables';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    dim: { type: 'string' },
    threads: { type: 'string' },
    only: { type: 'string' },
    refs: { type: 'string' },
    tables: { type: 'string' },
  },
});
const rows = Number(values.rows ?? 100_000);
const dim = Number(values.dim ?? 64);
/** Threads for our maps: as the core picks by size (up to 4) unless given; the references get as many cores. */
const threads = values.threads ?? 'auto';
const refThreads = values.threads ?? String(Math.min(4, availableParallelism()));
const ours = (values.only ?? 'tsne,umap').split(',');
const refs = (values.refs ?? 'sklearn-tsne,opentsne,umap-learn').split(',');
const tables = (values.tables ?? 'planted,movies').split(',');
const SEED = 1;
/** scikit-learn comes from Debian's python3 (python3-sklearn); openTSNE and umap-learn from the bench's venv. */
const DEBIAN_PYTHON = '/usr/bin/python3';
const venvPython = refs.some((r) => r !== 'sklearn-tsne') ? benchPython(['openTSNE', 'umap']) : null;

interface Table {
  name: string;
  rows: number;
  dim: number;
  data: Float32Array;
  /** Cluster or first genre per row; −1 unlabelled. */
  labels: Int32Array;
}

function planted(): Table {
  const rng = createRng(7);
  const centres = Array.from({ length: 20 }, () => Float32Array.from({ length: dim }, () => gaussian(rng) * 3));
  const data = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dim; d++) data[r * dim + d] = centres[r % 20]![d]! + gaussian(rng);
  return {
    name: `planted ${rows.toLocaleString('en')} × ${dim}`,
    rows,
    dim,
    data,
    labels: Int32Array.from({ length: rows }, (_, r) => r % 20),
  };
}

interface Run {
  seconds: number;
  peakMB: number;
  x: Float32Array;
  y: Float32Array;
  note: string;
}

const dir = mkdtempSync(join(tmpdir(), 'ewb-bench-project-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function readCoords(path: string, n: number): { x: Float32Array; y: Float32Array } {
  const b = readFileSync(path);
  const c = new Float32Array(b.buffer, b.byteOffset, n * 2);
  return {
    x: Float32Array.from({ length: n }, (_, i) => c[2 * i]!),
    y: Float32Array.from({ length: n }, (_, i) => c[2 * i + 1]!),
  };
}

/**
 * Runs one map in a child process (`command` with the common arguments ROWS.f32 N DIM OUT.f32 THREADS SEED
 * after `args`); null, with its last error line, when it fails. The child prints one JSON line last.
 */
function child<T>(
  command: string,
  args: string[],
  t: Table,
  input: string,
  threadsArg: string,
): (T & { out: string }) | null {
  const out = join(dir, 'map.f32');
  const all = [...args, input, String(t.rows), String(t.dim), out, threadsArg, String(SEED)];
  const p = spawnSync(command, all, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (p.status !== 0) {
    console.log(`  ${args.at(-1)}: failed (${command}): ${p.stderr.trim().split('\n').at(-1)}`);
    return null;
  }
  return { ...(JSON.parse(p.stdout.trim().split('\n').at(-1)!) as T), out };
}

interface OurFigures {
  seconds: number;
  cpuSeconds: number;
  peakMB: number;
  arraysMB: number;
  stages: Record<string, number>;
  gradient: string | null;
}

function runOurs(method: string, t: Table, input: string): Run | null {
  const r = child<OurFigures>(process.execPath, ['--import', 'tsx', 'bench/projectOne.ts', method], t, input, threads);
  if (!r) return null;
  const stages = Object.entries(r.stages)
    .map(([s, v]) => `${s} ${v.toFixed(1)}`)
    .join(', ');
  const how = `${r.gradient ? `${r.gradient}, ` : ''}CPU ${r.cpuSeconds.toFixed(0)} s, arrays ${r.arraysMB.toFixed(0)} MB`;
  return { seconds: r.seconds, peakMB: r.peakMB, ...readCoords(r.out, t.rows), note: `${how}; ${stages}` };
}

function runRef(method: string, t: Table, input: string): Run | null {
  const python = method === 'sklearn-tsne' ? DEBIAN_PYTHON : venvPython;
  if (!python) return null;
  const r = child<{ seconds: number; peakMB: number; version: string }>(
    python,
    ['bench/projectRefs.py', method],
    t,
    input,
    refThreads,
  );
  return r && { seconds: r.seconds, peakMB: r.peakMB, ...readCoords(r.out, t.rows), note: `${method} ${r.version}` };
}

function idleShare(): string {
  const lines = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
  const head = lines[1]!.trim().split(/\s+/);
  const last = lines.at(-1)!.trim().split(/\s+/);
  return `${last[head.indexOf('id')]}%`;
}

console.log(
  `our maps on ${threads} threads, references with n_jobs=${refThreads}; vmstat idle at start ${idleShare()}`,
);
const chosen: Table[] = [];
if (tables.includes('planted')) chosen.push(planted());
if (tables.includes('movies')) {
  const movies = await movieItemVectors(dim, dir);
  if (movies) chosen.push(movies);
}
for (const t of chosen) {
  const input = join(dir, 'rows.f32');
  writeFileSync(input, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  const high = tableNeighbours(t, 10, 1000);
  console.log(
    `\n${t.name} (quality on 1,000 probes; labels: ${t.name.startsWith('planted') ? '20 clusters' : 'first genre'})`,
  );
  const results: { who: string; method: string; run: Run }[] = [];
  for (const method of ours) {
    const run = runOurs(method, t, input);
    if (run) results.push({ who: `ours ${method}`, method, run });
  }
  for (const ref of refs) {
    const run = runRef(ref, t, input);
    if (run) results.push({ who: ref, method: ref.includes('tsne') ? 'tsne' : 'umap', run });
  }
  for (const { who, method, run } of results) {
    const mine = results.find((r) => r.who === `ours ${method}`)?.run;
    const ratio = mine && !who.startsWith('ours') ? `  (ours ${(run.seconds / mine.seconds).toFixed(2)}× as fast)` : '';
    console.log(
      `  ${who.padEnd(13)} ${run.seconds.toFixed(1).padStart(7)} s  peak ${run.peakMB.toFixed(0).padStart(5)} MB  ` +
        `10-NN ${preservation(high, run.x, run.y).toFixed(3)}  cluster ${clusterAgreement(t.labels, run.x, run.y).toFixed(3)}${ratio}`,
    );
    console.log(`  ${''.padEnd(13)} ${run.note}`);
  }
}

// One of our maps for bench/project.ts, in a process of its own so its peak memory is its own: reads float32
// rows, maps them with projectTable, writes the coordinates, prints one JSON line (seconds, CPU seconds, peak
// RSS, the most bytes of arrays held at once, the time by stage).
// Usage: node --import tsx bench/projectOne.ts tsne|umap ROWS.f32 N DIM OUT.f32 THREADS SEED
import { readFileSync, writeFileSync } from 'node:fs';
import { projectTable, type ProjectionMethod } from '../src/core/explore/project';
import { createAllocator } from '../src/core/explore/layout/memory';

const [method, path, n, dim, out, threads, seed] = process.argv.slice(2) as [string, string, ...string[]];
const rows = Number(n);
const bytes = readFileSync(path);
const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const alloc = createAllocator();
const stages: Record<string, number> = {};
let stage = '';
let stageStart = performance.now();
const start = performance.now();
const cpu = process.cpuUsage();
const p = await projectTable(
  { rows, dim: Number(dim), data },
  {
    method: method as ProjectionMethod,
    rows: Int32Array.from({ length: rows }, (_, i) => i),
    threads: threads === 'auto' ? undefined : Number(threads),
    seed: Number(seed),
    allocator: alloc,
    onProgress: (_f, s) => {
      if (s.stage === stage) return;
      const now = performance.now();
      if (stage) stages[stage] = (now - stageStart) / 1000;
      stage = s.stage;
      stageStart = now;
    },
  },
);
const seconds = (performance.now() - start) / 1000;
stages[stage] = (performance.now() - stageStart) / 1000;
const used = process.cpuUsage(cpu);
const coords = new Float32Array(rows * 2);
for (let i = 0; i < rows; i++) {
  coords[2 * i] = p.x[i]!;
  coords[2 * i + 1] = p.y[i]!;
}
writeFileSync(out!, Buffer.from(coords.buffer));
// ru_maxrss of this process: its helper threads share it; the table read is part of it, as for Python.
console.log(
  JSON.stringify({
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakMB: process.resourceUsage().maxRSS / 1024,
    arraysMB: alloc.peak / 2 ** 20,
    stages,
    gradient: p.gradient ?? null,
  }),
);

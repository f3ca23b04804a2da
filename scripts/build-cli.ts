// `npm run build:cli` (and `npm ci`, through `prepare`): the CLI and the entries it starts, bundled to out/cli so
// that `ewb` and its training processes run compiled JavaScript instead of compiling TypeScript through tsx in
// every process and thread (measured in docs/architecture.md: less memory per process, faster start). bin/ewb.js
// runs this build only while it is newer than the sources, so an edit never runs stale code.
import { build } from 'esbuild';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_ENTRIES } from './nodeEntries';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'out', 'cli');
const next = `${out}.next`;

// The layout of src/core below out/cli (src/core/train/process.ts → out/cli/train/process.js), because the code
// finds its sibling entries relative to the entry it runs in (core/runtime.ts, nodeEntry).
const entryPoints = [
  { in: join(root, 'src/cli/main.ts'), out: 'main' },
  ...Object.values(NODE_ENTRIES).map((path) => ({
    in: join(root, path),
    out: path.replace(/^src\/core\//, '').replace(/\.ts$/, ''),
  })),
];

rmSync(next, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: next,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies load from node_modules as they are (native ones cannot be bundled).
  packages: 'external',
  logLevel: 'warning',
});
// The stamp bin/ewb.js compares with the sources' times; written last, so a half-made build is never used.
writeFileSync(join(next, 'built'), new Date().toISOString());
rmSync(out, { recursive: true, force: true });
renameSync(next, out);

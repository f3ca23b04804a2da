#!/usr/bin/env node
// `npx ewb`: the CLI from its build (out/cli, made by `npm ci` / `npm run build:cli`) while the build is newer than
// every source file, else from the TypeScript sources through tsx's loader: an edit never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The latest modification time in a folder tree (folders too: a deleted file changes its folder's time). */
function newest(dir) {
  let latest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function builtIsCurrent() {
  try {
    const built = statSync(join(root, 'out', 'cli', 'built')).mtimeMs;
    const sources = ['cli', 'core', 'server', 'shared'].map((d) => newest(join(root, 'src', d)));
    return Math.max(...sources, statSync(join(root, 'package-lock.json')).mtimeMs) < built;
  } catch {
    return false; // no build (or no sources beside it)
  }
}

if (!process.env.EWB_FROM_SOURCE && builtIsCurrent()) {
  await import('../out/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}

// Where to find a sibling entry point (training process, worker) both from source (tsx) and from a build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The folder of the nearest package.json above `callerUrl`: the project's root both from source (src/core/…) and
 * from the CLI's build (out/cli/…), whose files sit at other depths.
 */
export function packageRoot(callerUrl: string): string {
  for (let dir = dirname(fileURLToPath(callerUrl)); ;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(callerUrl)}`);
    dir = up;
  }
}

export interface NodeEntry {
  path: string;
  execArgv: string[];
}

/**
 * `callerUrl` is the `import.meta.url` of an entry module (not of a bundled chunk) and `relative` the other
 * entry's path from it, without extension. From source the other entry is a .ts file run through tsx's
 * loader; in a build electron-vite emits it as a .js entry.
 */
export function nodeEntry(callerUrl: string, relative: string): NodeEntry {
  const here = fileURLToPath(callerUrl);
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx')).href;
    return { path: join(dirname(here), `${relative}.ts`), execArgv: ['--import', tsx] };
  }
  return { path: join(dirname(here), `${relative}.js`), execArgv: [] };
}

/**
 * A worker thread on `entry`. Node 20 does not apply `--import` loaders inside workers, so from source the
 * worker starts as a tiny script that registers tsx for its own thread and then imports the .ts entry.
 */
export function startWorker(entry: NodeEntry, workerData: unknown): Worker {
  if (!entry.path.endsWith('.ts')) return new Worker(entry.path, { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry.path).href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * A young-generation collection on demand, for a thread that reads many rows from SQLite: each arrives as a new
 * Buffer, dead at once, which V8's own scavenges left to be freed late, and the freed memory of the thread's
 * malloc arena stayed resident (35 MB after reading 17M tokens on a thread, 7 MB with a collection every 2 MB).
 * The flag set at run time exposes `gc` to contexts made after it.
 */
export function youngCollection(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
  return () => gc({ type: 'minor' });
}

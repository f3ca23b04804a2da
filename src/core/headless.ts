// The core services as the CLI and `serve` use them (from source or the CLI's build), with forked training processes.
// (Electron's main builds its own, with utilityProcess and the app's paths.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventSink } from '../shared';
import { nodeEntry, packageRoot } from './runtime';
import { createServices, type Services } from './services';
import { forkTrainer } from './train/supervisor';

export const ROOT = packageRoot(import.meta.url);
export const RESOURCES = join(ROOT, 'resources');
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export function headlessServices(dbPath: string, emit: EventSink): Services {
  return createServices({
    dbPath,
    resourcesDir: RESOURCES,
    mode: 'browser',
    version: VERSION,
    spawnTrainer: forkTrainer(nodeEntry(import.meta.url, 'train/process')),
    projectWorker: nodeEntry(import.meta.url, 'explore/projectWorker'),
    emit,
  });
}

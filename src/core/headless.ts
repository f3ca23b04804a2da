// The core services as the CLI and `serve` use them: from source, with forked training processes.
// (Electron's main builds its own, with utilityProcess and the app's paths.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventSink } from '../shared';
import { nodeEntry } from './runtime';
import { createServices, type Services } from './services';
import { forkTrainer } from './train/supervisor';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RESOURCES = fileURLToPath(new URL('../../resources', import.meta.url));
export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

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

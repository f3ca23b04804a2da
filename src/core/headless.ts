// The core services as the CLI and `serve` use them (from source or the CLI's build): runs train in forked
// processes, or (the CLI's choice) in a thread of this process. (Electron's main builds its own, with
// utilityProcess and the app's paths.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventSink } from '../shared';
import { nodeEntry, packageRoot } from './runtime';
import { createServices, type Services } from './services';
import { forkTrainer } from './train/supervisor';
import { threadOrProcess, threadTrainer } from './train/threadTrainer';

export const ROOT = packageRoot(import.meta.url);
export const RESOURCES = join(ROOT, 'resources');
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Where runs train: `process` (a forked Node process per run: a server, whose runs must not take it down) or
 * `thread` (a worker thread per run, Spark runs still forked: the CLI, one command's runs, less memory).
 */
export type Trainers = 'process' | 'thread';

export function headlessServices(dbPath: string, emit: EventSink, trainers: Trainers = 'process'): Services {
  const entry = nodeEntry(import.meta.url, 'train/process');
  const processes = forkTrainer(entry);
  return createServices({
    dbPath,
    resourcesDir: RESOURCES,
    mode: 'browser',
    version: VERSION,
    spawnTrainer: trainers === 'thread' ? threadOrProcess(threadTrainer(entry), processes) : processes,
    projectWorker: nodeEntry(import.meta.url, 'explore/projectWorker'),
    emit,
  });
}

// The one way a command gets the core services: opened on `--db`, closed again whatever happens (the database,
// and any training process or projection still running).
import type { EventSink } from '../shared';
import { headlessServices, type Trainers } from '../core/headless';
import type { Services } from '../core/services';
import { required, str } from './args';
import type { Values } from './command';

/**
 * The CLI trains in a thread of its own process (less memory: one Node heap, no table files); EWB_TRAINER=process
 * gives each run a process of its own instead, as `ewb serve` does (docs/architecture.md, "Where training runs").
 */
const TRAINERS: Trainers = process.env.EWB_TRAINER === 'process' ? 'process' : 'thread';

export async function withServices<T>(
  values: Values,
  fn: (s: Services) => Promise<T>,
  onEvent: EventSink = () => undefined,
): Promise<T> {
  const services = headlessServices(required(str(values.db), 'db'), onEvent, TRAINERS);
  try {
    return await fn(services);
  } finally {
    services.close();
  }
}

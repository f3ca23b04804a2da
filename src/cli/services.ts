// The one way a command gets the core services: opened on `--db`, closed again whatever happens (the database,
// and any training process or projection still running).
import type { EventSink } from '../shared';
import { headlessServices } from '../core/headless';
import type { Services } from '../core/services';
import { required, str } from './args';
import type { Values } from './command';

export async function withServices<T>(
  values: Values,
  fn: (s: Services) => Promise<T>,
  onEvent: EventSink = () => undefined,
): Promise<T> {
  const services = headlessServices(required(str(values.db), 'db'), onEvent);
  try {
    return await fn(services);
  } finally {
    services.close();
  }
}

// Naming what a management command acts on: `--run N` or `--dataset NAME` (exactly one).
import type { Services } from '../core/services';
import { intFlag, str, UsageError } from './args';
import type { Values } from './command';

export type Target = { runId: number; datasetId?: undefined } | { datasetId: number; runId?: undefined; name: string };

export const TARGET_OPTIONS = { run: { type: 'string' }, dataset: { type: 'string' } } as const;

export async function targetOf(values: Values, s: Services): Promise<Target> {
  const run = str(values.run);
  const dataset = str(values.dataset);
  if ((run === undefined) === (dataset === undefined)) throw new UsageError('name either --run N or --dataset NAME');
  if (run !== undefined) return { runId: intFlag(run, 'run')! };
  const found = (await s.handlers['datasets:list']()).find((d) => d.name === dataset);
  if (!found) {
    const names = (await s.handlers['datasets:list']()).map((d) => d.name);
    throw new UsageError(`no dataset "${dataset}"${names.length ? `; datasets: ${names.join(', ')}` : ''}`);
  }
  return { datasetId: found.id, name: found.name };
}

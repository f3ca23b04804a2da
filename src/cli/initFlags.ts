// `ewb train --init TABLE=SOURCE … --freeze TABLE,…`: pre-trained tables from an earlier run or imported vectors.
import type { TableInit, TrainResult } from '../shared';
import type { Services } from '../core/services';
import { UsageError } from './args';

import type { Values } from './command';

export const INIT_OPTIONS = {
  init: { type: 'string', multiple: true },
  freeze: { type: 'string', multiple: true },
} as const;

export const INIT_HELP = [
  '--init T=SOURCE    start table T (users, items, words, words.context …) from pre-trained vectors; repeatable.',
  '                   SOURCE: run:ID/TABLE (a table of an earlier run), run:ID (its table of the same name),',
  '                   vectors:NAME or vectors:ID (a table imported with ewb import-vectors). Keys are matched',
  '                   through the vocabulary; other rows get the usual initializer; --dim defaults to the source’s',
  '--freeze T,...     keep these initialised tables frozen (never updated); the others are fine-tuned',
];

const strings = (v: Values[string]): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** `run:12/words` → { runId: 12, table: 'words' }; `vectors:glove` → the imported run named glove. */
async function source(spec: string, target: string, services: Services): Promise<TableInit> {
  const run = /^run:(\d+)(?:\/(.+))?$/.exec(spec);
  if (run) return run[2] ? { runId: Number(run[1]), table: run[2] } : { runId: Number(run[1]) };
  const vectors = /^vectors:(.+)$/.exec(spec);
  if (vectors) {
    const name = vectors[1]!;
    const imported = (await services.handlers['runs:list']()).filter((r) => r.model === 'imported');
    const hit = /^\d+$/.test(name)
      ? imported.find((r) => r.id === Number(name))
      : imported.find((r) => r.dataset === name);
    if (!hit)
      throw new UsageError(
        `--init ${target}=${spec}: no imported vectors "${name}"` +
          (imported.length
            ? `; imported: ${imported.map((r) => `${r.dataset} (run ${r.id})`).join(', ')}`
            : '; import some with ewb import-vectors FILE'),
      );
    return { runId: hit.id, table: 'vectors' };
  }
  throw new UsageError(`--init ${target}=${spec}: the source is run:ID/TABLE, run:ID, vectors:NAME or vectors:ID`);
}

/** The request's `init` from --init and --freeze; undefined when neither is given. */
export async function initFromFlags(
  values: Values,
  services: Services,
): Promise<Record<string, TableInit> | undefined> {
  const inits = strings(values.init);
  const frozen = strings(values.freeze).flatMap((f) => f.split(',').map((t) => t.trim()));
  if (inits.length === 0) {
    if (frozen.length)
      throw new UsageError('--freeze names tables given with --init (e.g. --init words=run:3 --freeze words)');
    return undefined;
  }
  const out: Record<string, TableInit> = {};
  for (const pair of inits) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--init takes TABLE=SOURCE, e.g. items=run:12/items (got "${pair}")`);
    const target = pair.slice(0, eq).trim();
    if (out[target]) throw new UsageError(`--init ${target} is given twice`);
    out[target] = await source(pair.slice(eq + 1).trim(), target, services);
  }
  for (const t of frozen) {
    if (!out[t]) throw new UsageError(`--freeze ${t}: initialise it first with --init ${t}=SOURCE`);
    out[t]!.trainable = false;
  }
  return out;
}

/** `items: 1800 of 1800 rows from run 3/items (100.0%), frozen` per initialised table. */
export function initHuman(r: TrainResult): string[] {
  return Object.entries(r.init ?? {}).map(
    ([name, c]) =>
      `init ${name}: ${c.matched} of ${c.rows} rows from run ${c.runId}/${c.table} (${(100 * c.coverage).toFixed(1)}%), ${c.trainable ? 'fine-tuned' : 'frozen'}`,
  );
}

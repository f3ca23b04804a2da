// What the batch forms of `recommend`, `neighbors` and `predict` share: the output flags, progress (every event
// with --json, a line every two seconds otherwise), Ctrl-C cancelling cleanly (no file left), the result line.
import type { BatchOutput, BatchProgress, BatchResult, EventSink } from '../shared';
import { BATCH_FORMATS } from '../shared';
import type { Services } from '../core/services';
import { oneOf, required, str } from './args';
import type { Command, Values } from './command';
import type { Output } from './output';
import { withServices } from './services';

export const BATCH_OPTIONS: Command['options'] = {
  all: { type: 'boolean' },
  out: { type: 'string' },
  format: { type: 'string' },
  force: { type: 'boolean' },
};

export const BATCH_HELP = [
  '--out FILE        with --all: the file to write (streamed; never over an existing file without --force)',
  `--format F        ${BATCH_FORMATS.join(' or ')} (default: from --out's extension, else csv)`,
  '--force           replace --out if it exists',
];

export function batchOutput(values: Values): BatchOutput {
  return {
    out: required(str(values.out), 'out'),
    format: oneOf(str(values.format), BATCH_FORMATS, 'format'),
    overwrite: values.force === true,
    batchId: `cli-${process.pid}-${Date.now()}`,
  };
}

const UNITS = { recommendations: 'users', neighbors: 'rows', predictions: 'sequences' } as const;

function progressLine(p: BatchProgress): string {
  const eta = p.etaSeconds === null ? '' : `, about ${Math.ceil(p.etaSeconds)} s left`;
  return `${p.kind}: ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} ${UNITS[p.kind]}${eta}`;
}

/** Runs one batch handler with progress and Ctrl-C; prints and returns its result. */
export async function runBatch(
  values: Values,
  out: Output,
  batchId: string,
  call: (s: Services) => Promise<BatchResult>,
  extra: (r: BatchResult) => string[] = () => [],
): Promise<BatchResult> {
  let last = 0;
  const onEvent: EventSink = (name, payload) => {
    if (name !== 'batch:progress') return;
    const p = payload as BatchProgress;
    if (p.batchId !== batchId) return;
    const now = Date.now();
    if (!out.json && now - last < 2000 && p.done < p.total) return;
    last = now;
    out.progress({ type: 'progress', event: 'batch', ...p }, progressLine(p));
  };
  const result = await withServices(
    values,
    async (s) => {
      const cancel = (): void => void s.handlers['batch:cancel']({ batchId });
      process.once('SIGINT', cancel);
      try {
        return await call(s);
      } finally {
        process.off('SIGINT', cancel);
      }
    },
    onEvent,
  );
  out.result(
    result,
    [
      `wrote ${result.rows.toLocaleString('en-US')} rows for ${result.queries.toLocaleString('en-US')} ${UNITS[result.kind]} to ${result.out} (${result.format}, ${result.seconds.toFixed(1)} s)`,
      ...extra(result),
    ].join('\n'),
  );
  return result;
}

// `ewb train` (every model's options as flags) and the helpers `demo` shares with it.
import type { EventSink, RunEvent, TrainResult } from '../shared';
import { WorkbenchError } from '../shared';
import type { Services } from '../core/services';
import type { RunStart } from '../core/runStarts';
import { intFlag, required, str, UsageError } from './args';
import type { Command, Values } from './command';
import { INIT_HELP, INIT_OPTIONS, initFromFlags, initHuman } from './initFlags';
import { metricsLine, printRunEvent, type Output } from './output';
import { withServices } from './services';
import { cancelOnSignals } from './signals';
import { TRAIN_HELP, TRAIN_OPTIONS, trainRequest } from './trainFlags';

/** For a command that trains: the run's events printed as they come. */
export function printRunEvents(out: Output): EventSink {
  let total = 0;
  return (event, payload) => {
    if (event !== 'runs:progress') return;
    const e = payload as RunEvent;
    if (e.type === 'started') total = e.epochs;
    printRunEvent(out, e, total);
  };
}

export function trainHuman(r: TrainResult): string {
  const lines = [
    `run ${r.runId} (${r.model}, ${r.engine}${r.backend && r.backend !== 'cpu-engine' ? ` on ${r.backend}` : ''}) finished in ${r.seconds.toFixed(1)} s; best epoch ${r.bestEpoch} of ${r.epochs}`,
  ];
  for (const split of ['valid', 'test'] as const)
    if (Object.keys(r.metrics[split]).length) lines.push(`${split.padEnd(5)} ${metricsLine(r.metrics[split])}`);
  for (const [name, b] of Object.entries(r.baselines))
    if (Object.keys(b.test).length) lines.push(`baseline ${name}: test ${metricsLine(b.test)}`);
  const cold = Object.entries(r.cold ?? {}).map(([split, n]) => `${n} ${split}`);
  const scored = Object.values(r.metrics).some((m) => Object.keys(m).some((k) => k.startsWith('cold:')));
  if (cold.length)
    lines.push(
      `left out of the metrics: ${cold.join(', ')} rows whose user or item was never trained (cold)` +
        (scored ? '; the cold: metrics score those of trained users on items never trained' : ''),
    );
  lines.push(...initHuman(r));
  for (const note of r.engineNotes ?? []) lines.push(`engine: ${note}`);
  return lines.join('\n');
}

/**
 * Waits for a run; Ctrl-C (SIGINT) or SIGTERM cancels it cleanly instead of leaving it running: it is stored as
 * cancelled with the epochs (and the tables of the last one) it finished, and the message says how to resume.
 */
export async function untilDone(services: Services, start: RunStart): Promise<TrainResult> {
  return cancelOnSignals(
    () => services.cancel(start.runId),
    async (signal) => {
      try {
        return await start.settled;
      } catch (err) {
        const received = signal();
        if (received === null) throw err;
        const run = await services.handlers['runs:get']({ runId: start.runId });
        const epoch = run.checkpointEpoch;
        throw new WorkbenchError(
          'Cancelled',
          `run ${start.runId} cancelled (${received})` +
            (run.engine === 'spark'
              ? '; its Spark driver was stopped'
              : epoch === null
                ? '; it had not finished an epoch'
                : `; its tables after epoch ${epoch} are kept: continue with ewb train --resume ${start.runId}`),
        );
      }
    },
  );
}

/** `--resume RUN` continues a stopped run as it was configured: other training flags would change it. */
function resumeOnly(values: Values): number | undefined {
  const runId = intFlag(str(values.resume), 'resume');
  if (runId === undefined) return undefined;
  const other = Object.keys(values).filter((k) => !['db', 'json', 'resume'].includes(k) && values[k] !== undefined);
  if (other.length > 0)
    throw new UsageError(`--resume continues a run as it was configured; leave out --${other.join(', --')}`);
  return runId;
}

export const trainCommand: Command = {
  usage:
    'ewb train --db DB --dataset NAME --model mf|implicit|sgns|cbow|classifier|tabular [--dim N] [--epochs N] [--seed 42] [--threads N] [--engine auto|cpu|tfjs] [model options] [--json]\n       ewb train --db DB --resume RUN [--json]',
  summary: 'train a model in its own process and store the run (Ctrl-C cancels it cleanly; --resume continues it)',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    dataset: { type: 'string' },
    resume: { type: 'string' },
    'train-on-valid': { type: 'boolean' },
    ...TRAIN_OPTIONS,
    ...INIT_OPTIONS,
  },
  help: [
    '--resume RUN       continue a cancelled, interrupted or failed run from the tables it stored after its last finished epoch',
    '--train-on-valid   a final fit: the validation rows join training and none is carved (no split is left to pick',
    '                   the best epoch or stop early: give --epochs, e.g. a study’s best epoch, and --patience 0)',
    ...TRAIN_HELP,
    ...INIT_HELP,
  ],
  async run(values, _positionals, out) {
    const resume = resumeOnly(values);
    const req = resume === undefined ? trainRequest(values, required(str(values.dataset), 'dataset')) : null;
    const result = await withServices(
      values,
      async (services) => {
        if (req === null) return untilDone(services, services.resume(resume!));
        const init = await initFromFlags(values, services);
        if (init) req.init = init;
        if (values['train-on-valid']) req.trainOnValid = true;
        return untilDone(services, services.train(req));
      },
      printRunEvents(out),
    );
    out.result(result, trainHuman(result));
  },
};

// `ewb tune`: a hyper-parameter study (trials are runs), optionally followed by k-fold cross-validation of the
// defaults and the best configs with a paired comparison; `--resume` continues a stopped study.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { TrainOptions, TuneRequest, TuneResult } from '../shared';
import {
  DEFAULT_SPACES,
  DIRECTIONS,
  FOLD_BY,
  formatSpace,
  MODELS,
  parseSpace,
  PRUNERS,
  SAMPLERS,
  SPACE_SYNTAX,
  WorkbenchError,
} from '../shared';
import type { Services } from '../core/services';
import type { StudyStart } from '../core/tune/studies';
import { studyDetail, tuneResult } from '../core/tune/studyView';
import { intFlag, numFlag, oneOf, required, str, UsageError } from './args';
import type { Command, Values } from './command';
import { withServices } from './services';
import { cancelOnSignals } from './signals';
import { TRAIN_OPTIONS, trainRequest } from './trainFlags';
import { printStudyEvents, studyLines } from './tuneOutput';

const OWN = [
  'db',
  'json',
  'dataset',
  'model',
  'resume',
  'trials',
  'minutes',
  'objective',
  'direction',
  'sampler',
  'pruner',
  'space',
  'folds',
  'by',
  'cv-top',
  'against',
  'parallel',
  'seed',
  'analogies',
  'no-defaults-trial',
];
const BOOLEAN = ['json', 'no-defaults-trial'];

/** `--space` is a file (text or JSON) when one exists at that path, else the spec itself. */
function spaceOf(model: TuneRequest['model'], spec: string) {
  const text = existsSync(spec) && statSync(spec).isFile() ? readFileSync(spec, 'utf8') : spec;
  try {
    return parseSpace(model, text);
  } catch (err) {
    throw new UsageError(`--space: ${(err as Error).message}`);
  }
}

/** The study request from the flags; the training flags become the options every trial holds. */
export function tuneRequest(values: Values): TuneRequest {
  const dataset = required(str(values.dataset), 'dataset');
  const model = oneOf(str(values.model), MODELS, 'model') ?? 'mf';
  // The training flags but --seed (the study's seed, which seeds each trial's training too) are held fixed.
  const fixed: Record<string, unknown> = { ...trainRequest(values, dataset) };
  for (const key of ['dataset', 'model', 'seed']) delete fixed[key];
  const req: TuneRequest = { dataset, model, fixed: fixed as TrainOptions };
  const trials = intFlag(str(values.trials), 'trials');
  const minutes = numFlag(str(values.minutes), 'minutes');
  const seed = intFlag(str(values.seed), 'seed');
  const parallel = intFlag(str(values.parallel), 'parallel');
  if (trials !== undefined) req.trials = trials;
  if (minutes !== undefined) req.minutes = minutes;
  if (seed !== undefined) req.seed = seed;
  if (parallel !== undefined) req.parallel = parallel;
  const objective = str(values.objective);
  if (objective) req.objective = objective;
  const direction = oneOf(str(values.direction), DIRECTIONS, 'direction');
  if (direction) req.direction = direction;
  const sampler = oneOf(str(values.sampler), SAMPLERS, 'sampler');
  if (sampler) req.sampler = sampler;
  const pruner = oneOf(str(values.pruner), PRUNERS, 'pruner');
  if (pruner) req.pruner = pruner;
  const analogies = str(values.analogies);
  if (analogies) req.analogies = analogies;
  const space = str(values.space);
  if (space) req.space = spaceOf(model, space);
  if (values['no-defaults-trial']) req.defaultsTrial = false;
  const k = intFlag(str(values.folds), 'folds');
  if (k !== undefined) {
    const by = oneOf(str(values.by), FOLD_BY, 'by');
    const top = intFlag(str(values['cv-top']), 'cv-top');
    const label = req.trials === 0 ? 'config' : 'defaults';
    const candidates: { label: string; options: TrainOptions }[] = [{ label, options: {} }];
    const against = str(values.against);
    if (against) candidates.push({ label: 'against', options: againstOf(model, against) });
    req.crossValidate = { k, candidates, ...(by ? { by } : {}), ...(top !== undefined ? { top } : {}) };
  } else if (values.by || values['cv-top'] || values.against)
    throw new UsageError('--by, --cv-top and --against go with --folds K');
  return req;
}

/** `--against lr=0.02,reg=0.1`: the second config of a paired comparison (the fixed options with these set). */
function againstOf(model: TuneRequest['model'], spec: string): TrainOptions {
  const space = spaceOf(model, spec);
  const out: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(space)) {
    if (d.kind !== 'choice' || d.values.length !== 1)
      throw new UsageError(`--against sets one value per option (${key})`);
    out[key] = d.values[0];
  }
  return out as TrainOptions;
}

/** Waits for the study; Ctrl-C or SIGTERM cancels it cleanly (its trials stay resumable). */
async function untilDone(services: Services, start: StudyStart): Promise<TuneResult> {
  return cancelOnSignals(
    () => services.cancelStudy(start.studyId),
    async (signal) => {
      const result = await start.settled;
      const received = signal();
      if (received !== null)
        throw new WorkbenchError(
          'Cancelled',
          `study ${start.studyId} cancelled (${received}); continue with ewb tune --resume ${start.studyId}`,
        );
      return result;
    },
  );
}

export const tuneCommand: Command = {
  usage:
    'ewb tune --db DB --dataset D --model M [--trials N] [--minutes M] [--objective valid.rmse] [--sampler tpe|random] [--space FILE|opt=spec,…] [--folds K] [--seed S] [training flags] [--json]\n       ewb tune --db DB --resume STUDY [--json]',
  summary: 'search a model’s options (each trial a run; TPE or random, with pruning), then cross-validate the best',
  options: {
    ...TRAIN_OPTIONS,
    ...Object.fromEntries(OWN.map((k) => [k, { type: BOOLEAN.includes(k) ? 'boolean' : 'string' }])),
  } as Command['options'],
  help: [
    '--trials N         search trials (default 20; 0 with --folds cross-validates the given config only)',
    '--minutes M        wall-clock budget: no trial starts after it (running ones finish)',
    '--objective O      valid.<metric> on the validation split: valid.rmse (mf), valid.ndcg@10 (implicit), valid.recall@10,',
    '                   valid.auc, valid.loss (classifier), valid.hitrate@10 (item sessions); or analogies with --analogies FILE',
    '--direction D      minimize or maximize (default from the metric: rmse, mae, loss are minimised)',
    '--analogies FILE   questions-words.txt-style file scored on each trial’s table (objective analogies)',
    '--sampler S        tpe (default; Bergstra et al. 2011, 10 random start-up trials) or random; seeded by --seed',
    '--pruner P         median (default) or none: stops a trial that, improving at its current pace, would end worse',
    '                   than the median of the finished trials',
    '--space SPEC       the options to search (default per model, below; mf and implicit search reg and reg-bias around',
    '                   the defaults the other flags give, e.g. --loss bpr: 0.001..0.1); a file of the same, or JSON',
    ...SPACE_SYNTAX.map((l) => `                   ${l}`),
    ...MODELS.map((m) => `                   ${m}: ${formatSpace(DEFAULT_SPACES[m])}`),
    '--no-defaults-trial  let the sampler propose the first trial too (by default it trains the defaults the other',
    '                   flags give, when the space holds them: the best is then never worse than the defaults)',
    '--parallel N       trials at once (default: the cores); each trains on cores / N threads',
    '--seed S           seeds the sampler, every trial’s training and the folds (default 42)',
    '--folds K          then K-fold cross-validation (train + valid rows; test stays test) of the defaults and the best',
    '                   trial: mean ± sd of each metric, and best − defaults with a 95 % interval (corrected paired t)',
    '--by row|user      deal rows into folds one by one (default) or spread each user’s rows over the folds',
    '--cv-top N         cross-validate the best N distinct trials (default 1)',
    '--against SPEC     with --folds: also validate the config with these options changed (lr=0.02,reg=0.1) and compare',
    '--resume STUDY     continue a cancelled or interrupted study where it stopped',
    'training flags (--epochs, --patience, --threshold, --engine …) are held fixed in every trial (ewb train --help)',
  ],
  async run(values, _positionals, out) {
    const resume = intFlag(str(values.resume), 'resume');
    if (resume !== undefined) {
      const other = Object.keys(values).filter((k) => !['db', 'json', 'resume'].includes(k) && values[k] !== undefined);
      if (other.length > 0)
        throw new UsageError(`--resume continues a study as it was configured; leave out --${other.join(', --')}`);
    }
    const req = resume === undefined ? tuneRequest(values) : null;
    let objective = '';
    const detail = await withServices(
      values,
      async (services) => {
        const start = req ? services.tune(req) : services.resumeStudy(resume!);
        objective = studyDetail(services.db, start.studyId).objective.name;
        await untilDone(services, start);
        return studyDetail(services.db, start.studyId);
      },
      printStudyEvents(out, () => objective),
    );
    out.result(tuneResult(detail), studyLines(detail).join('\n'));
  },
};

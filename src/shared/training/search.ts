// Search spaces for tuning: per option a list of values or a range (linear or log, whole or real), the default
// space of each model, and the one text syntax the CLI, a space file and the Tune panel share. Every bound is
// checked against the option's rule (options.ts), so a space can only propose configs the trainers accept.
import { MODELS, type AllOptions, type ModelName, type OptionKey } from './config';
import { MODEL_RULES } from './models';
import { fitsRule, OPTION_RULES, ruleText, type OptionRule } from './options';
import { defaultsFor } from './resolve';

export type SearchValue = number | string;

export type SearchDimension =
  | { kind: 'choice'; values: SearchValue[] }
  /** `log`: sampled uniformly in log space (learning rates, penalties); `integer`: rounded to whole numbers. */
  | { kind: 'range'; low: number; high: number; log: boolean; integer: boolean };

export type SearchSpace = Partial<Record<OptionKey, SearchDimension>>;

const range = (low: number, high: number, log = false, integer = false): SearchDimension => ({
  kind: 'range',
  low,
  high,
  log,
  integer,
});
const whole = (low: number, high: number, log = false): SearchDimension => range(low, high, log, true);

/**
 * What a study searches when it is not told, per model, before the penalties (AROUND_DEFAULTS). Ranges span about
 * a decade around the defaults in MODEL_RULES, where published sweeps on MovieLens (Rendle et al. 2019, "On the
 * Difficulty of Evaluating Baselines") and word2vec's own ranges (Mikolov et al. 2013) put the good settings, and
 * leave out what measured poorly on validation rows of ml-latest-small: mf below dim 32 (0.843 valid RMSE at 16,
 * 0.839 at 32, 0.8386 at 64 and 256) or below lr 0.01 (it has not converged by epoch 40).
 */
const SPACES: { [M in ModelName]: SearchSpace } = {
  // solver and regExponent are offered as lists but held at the defaults unless given.
  mf: { dim: whole(32, 256, true), lr: range(0.01, 0.1, true) },
  // implicit: the negatives go from uniform to popularity's; dims above 128 gained nothing on the dev split
  // (bench/bprSweep.ts) and cost their time in every trial.
  implicit: { dim: whole(16, 128, true), lr: range(0.01, 0.3, true), nsExponent: range(0, 1) },
  // ials: λ and α over the decades Hu et al. (2008) and the implicit library's users sweep.
  ials: { dim: whole(8, 256, true), reg: range(1e-3, 10, true), alpha: range(0.1, 100, true) },
  sgns: { window: whole(2, 10), negative: whole(2, 20), sample: range(1e-5, 1e-2, true), lr: range(0.005, 0.1, true) },
  cbow: { window: whole(2, 10), negative: whole(2, 20), sample: range(1e-5, 1e-2, true), lr: range(0.01, 0.2, true) },
  classifier: {
    units: whole(8, 128, true),
    dropout: range(0, 0.5),
    lr: range(1e-4, 0.01, true),
    dim: whole(8, 128, true),
  },
  tabular: {
    dim: whole(4, 64, true),
    dropout: range(0, 0.5),
    lr: range(1e-4, 0.01, true),
    batchSize: whole(64, 1024, true),
  },
};

/**
 * Penalties searched within a factor (log) of the defaults a study's fixed options give: their good values move
 * by decades with the penalty exponent, the engine and the loss (mf: λ 1.2 at ν = 0.5, 0.1 at ν = 1 on tfjs and
 * Spark; implicit: WARP 1e-4, BPR 0.01), and one range wide enough for all of them spent most of a study where none
 * is good — 40 trials of mf over λ 0.02..5 ended at 0.843 valid RMSE, the defaults give 0.8386. On ml-latest-small
 * the mf optimum is narrow: λ 0.8 and 1.5 are 0.004–0.005 worse than 1.0–1.2.
 */
const AROUND_DEFAULTS: Partial<Record<ModelName, Partial<Record<OptionKey, number>>>> = {
  mf: { reg: 4, regBias: 4 },
  implicit: { reg: 10, regBias: 10 },
};

/** The space a study of `model` searches when it is not told, for its fixed options (their engine, loss …). */
export function defaultSpace(model: ModelName, fixed: Partial<AllOptions> = {}): SearchSpace {
  const space: SearchSpace = { ...SPACES[model] };
  const defaults = defaultsFor(model, fixed.engine ?? 'auto', fixed);
  for (const [key, factor] of Object.entries(AROUND_DEFAULTS[model] ?? {}) as [OptionKey, number][]) {
    const v = defaults[key];
    const round = (x: number): number => Number(x.toPrecision(4));
    if (typeof v === 'number' && v > 0) space[key] = range(round(v / factor), round(v * factor), true);
  }
  return space;
}

/**
 * The values the searched options take in the config `ewb train` gives with the fixed options alone (the model's
 * defaults under them): a study's first trial (Optuna's `enqueue_trial` practice), so a study never ends worse
 * than the defaults on its own objective. `outside`: the first option whose default the space leaves out (such a
 * trial would teach the sampler about a point it cannot propose).
 */
export function defaultsInSpace(
  model: ModelName,
  space: SearchSpace,
  fixed: Partial<AllOptions> = {},
): { params: Record<string, SearchValue> } | { outside: string } {
  const defaults = { ...defaultsFor(model, fixed.engine ?? 'auto', fixed), ...fixed } as Record<string, unknown>;
  const params: Record<string, SearchValue> = {};
  for (const [key, d] of Object.entries(space)) {
    const v = defaults[key];
    const fits =
      d.kind === 'choice'
        ? d.values.includes(v as SearchValue)
        : typeof v === 'number' && v >= d.low && v <= d.high && (!d.integer || Number.isInteger(v));
    if (!fits) return { outside: `${key} ${String(v)} is outside ${formatDimension(d)}` };
    params[key] = v as SearchValue;
  }
  return { params };
}

/** Each model's default space at its own defaults (what the Tune panel starts from). */
export const DEFAULT_SPACES = Object.fromEntries(MODELS.map((m) => [m, defaultSpace(m)])) as {
  [M in ModelName]: SearchSpace;
};

/**
 * Options every trial of a study holds unless told otherwise; the pruner stops hopeless trials. mf and implicit
 * train as a single run does: mf's trials held patience 3, which ended SGD's curves at a noisy dip (the defaults
 * with patience 3 over seeds 1–5: best epochs 21–37 against 32–40, test RMSE 0.8362 against 0.8353, and refit on
 * train + valid for those epochs 0.8315 against 0.8295), so a study chose on noisier values and its final fit got
 * too few epochs. implicit holds its defaults per loss (BPR: 60 epochs, no patience: its curves sit at
 * popularity's level for ~10 epochs before they rise, which patience 3 took for the end).
 */
export const TUNE_FIXED: { [M in ModelName]: Partial<AllOptions> } = {
  mf: {},
  implicit: {},
  ials: {},
  sgns: {},
  cbow: {},
  classifier: { patience: 2 },
  tabular: {},
};

/** `lr=0.001..0.1:log`, `dim=16|32|64`, `reg=0..0.2`: one option's dimension in the text syntax. */
export function formatDimension(d: SearchDimension): string {
  if (d.kind === 'choice') return d.values.join('|');
  return `${d.low}..${d.high}${d.log ? ':log' : ''}`;
}

export const formatSpace = (space: SearchSpace): string =>
  Object.entries(space)
    .map(([key, d]) => `${key}=${formatDimension(d)}`)
    .join(',');

export const SPACE_SYNTAX = [
  'A search space is option=spec, comma-separated (or one per line in a file, or a JSON object of the same):',
  '  LOW..HIGH        a range, linear (whole numbers for whole-number options)',
  '  LOW..HIGH:log    a range sampled uniformly in log space (learning rates, penalties, dims)',
  '  A|B|C            a list of values',
  'e.g. --space "lr=0.003..0.1:log,reg=0.005..0.3:log,dim=16|32|64|128"',
];

const numberOf = (text: string): number => (text.trim() === '' ? NaN : Number(text));

/** One option's spec, checked against its rule; throws an Error naming the option, the spec and the rule. */
export function parseDimension(key: OptionKey, spec: string): SearchDimension {
  const rule: OptionRule = OPTION_RULES[key];
  const bad = (why: string): never => {
    throw new Error(`${key}=${spec}: ${why}`);
  };
  const text = spec.trim();
  const m = /^(.+?)\.\.(.+?)(:log)?$/.exec(text);
  let d: SearchDimension;
  if (m && !text.includes('|')) {
    if (rule.kind !== 'number') bad(`${key} is ${ruleText(rule)}: list the values (A|B|C)`);
    const low = numberOf(m[1]!);
    const high = numberOf(m[2]!);
    if (!Number.isFinite(low) || !Number.isFinite(high)) bad('a range is LOW..HIGH with two numbers');
    if (low >= high) bad('the low end of a range must be below its high end');
    const log = m[3] !== undefined;
    if (log && low <= 0) bad('a log range needs a low end above 0');
    d = range(low, high, log, rule.kind === 'number' && rule.integer);
  } else {
    const parts = text.split('|').map((v) => v.trim());
    if (parts.some((v) => v === '')) bad('list the values as A|B|C');
    const values = parts.map((v) => (rule.kind === 'number' ? numberOf(v) : v));
    d = { kind: 'choice', values: [...new Set(values)] };
  }
  const problem = dimensionProblem(key, d);
  if (problem) bad(problem);
  return d;
}

/** Why a dimension can propose a value its option refuses, or null. */
export function dimensionProblem(key: OptionKey, d: SearchDimension): string | null {
  const rule: OptionRule = OPTION_RULES[key];
  if (rule.kind === 'list') return `${key} is a list; it cannot be searched`;
  const ends = d.kind === 'choice' ? d.values : [d.low, d.high];
  if (ends.length === 0) return 'give at least one value';
  const wrong = ends.find((v) => !fitsRule(rule, v));
  if (wrong !== undefined) return `${JSON.stringify(wrong)} does not fit: ${key} must be ${ruleText(rule)}`;
  if (d.kind === 'range' && d.integer && Math.floor(d.high) < Math.ceil(d.low)) return 'no whole number in the range';
  return null;
}

/**
 * `opt=spec,opt=spec` (or one per line), or a JSON object `{"lr": "0.001..0.1:log", "dim": [16, 32]}`, for a
 * model: every option must be one of its own. Throws an Error that says what to write.
 */
export function parseSpace(model: ModelName, text: string): SearchSpace {
  const entries: [string, string][] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new Error(`the search space is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    for (const [key, v] of Object.entries(json as Record<string, unknown>))
      entries.push([key, Array.isArray(v) ? v.join('|') : String(v)]);
  } else {
    for (const part of trimmed.split(/[,\n]/)) {
      if (part.trim() === '' || part.trim().startsWith('#')) continue;
      const eq = part.indexOf('=');
      if (eq < 0) throw new Error(`"${part.trim()}" is not option=spec (e.g. lr=0.003..0.1:log)`);
      entries.push([part.slice(0, eq).trim(), part.slice(eq + 1)]);
    }
  }
  if (entries.length === 0) throw new Error('the search space is empty; name at least one option');
  const options = MODEL_RULES[model].options as readonly string[];
  const space: SearchSpace = {};
  for (const [key, spec] of entries) {
    if (!options.includes(key))
      throw new Error(`${model} has no option "${key}"; its options are ${options.join(', ')}`);
    space[key as OptionKey] = parseDimension(key as OptionKey, spec);
  }
  return space;
}

/** Every problem of a space for a model (a space that crossed a process or network boundary). */
export function spaceProblems(model: ModelName, space: SearchSpace): string[] {
  const options = MODEL_RULES[model].options as readonly string[];
  const out: string[] = [];
  for (const [key, d] of Object.entries(space)) {
    if (!options.includes(key)) out.push(`${model} has no option "${key}"`);
    else if (d.kind !== 'choice' && d.kind !== 'range') out.push(`${key}: a dimension is a choice or a range`);
    else {
      const p = dimensionProblem(key as OptionKey, d);
      if (p) out.push(`${key}: ${p}`);
      else if (d.kind === 'range' && (d.low >= d.high || (d.log && d.low <= 0))) out.push(`${key}: a bad range`);
    }
  }
  if (Object.keys(space).length === 0) out.push('the search space is empty');
  return out;
}

// The training flags, read off the shared training rules: one flag per option (its name in kebab-case, `-k` for
// k), parsed by the option's kind, with help lines that give each model's default. A new option needs nothing here.
import type { AllOptions, ModelName, OptionKey, OptionRule, TrainRequest } from '../shared';
import { flagOf, MODEL_RULES, MODELS, OPTION_KEYS, OPTION_RULES } from '../shared';
import { intFlag, numFlag, oneOf, str, UsageError } from './args';
import type { Options, Values } from './command';

export const TRAIN_OPTIONS: Options = {
  model: { type: 'string' },
  ...Object.fromEntries(
    OPTION_KEYS.map((key) => [flagOf(key), key === 'k' ? { type: 'string', short: 'k' } : { type: 'string' }]),
  ),
};

/** `--hidden 64,32` → [64, 32]; `--hidden none` → [] (no hidden layer). */
function listFlag(value: string, flag: string): number[] {
  if (value.trim() === 'none' || value.trim() === '') return [];
  return value.split(',').map((v) => intFlag(v.trim(), flag)!);
}

/** `--column-dims Country=8,StockCode=32` → { Country: 8, StockCode: 32 }. */
function keyedFlag(value: string, flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of value.split(',')) {
    const eq = pair.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} takes NAME=N pairs separated by commas (got "${pair}")`);
    out[pair.slice(0, eq).trim()] = intFlag(pair.slice(eq + 1).trim(), flag)!;
  }
  return out;
}

function parse(rule: OptionRule, value: string, flag: string): AllOptions[OptionKey] {
  if (rule.kind === 'choice') return oneOf(value, rule.values, flag) as AllOptions[OptionKey];
  if (rule.kind === 'list') return listFlag(value, flag);
  if (rule.kind === 'keyed') return keyedFlag(value, flag);
  return rule.integer ? intFlag(value, flag)! : numFlag(value, flag)!;
}

/**
 * The train request from the flags; options a model does not have are refused by the core, with its options.
 * `ownFlags` are option flags the command reads itself with another meaning (`ewb spark`'s --alpha).
 */
export function trainRequest(values: Values, dataset: string, ownFlags: readonly OptionKey[] = []): TrainRequest {
  const req: TrainRequest = { dataset };
  const model = oneOf(str(values.model), MODELS, 'model');
  if (model) req.model = model;
  for (const key of OPTION_KEYS) {
    if (ownFlags.includes(key)) continue;
    const flag = flagOf(key);
    const value = str(values[flag]);
    if (value !== undefined) (req as unknown as Record<string, unknown>)[key] = parse(OPTION_RULES[key], value, flag);
  }
  return req;
}

const show = (v: unknown): string =>
  Array.isArray(v) ? v.join(',') || 'none' : typeof v === 'number' && v > 0 && v < 1e-3 ? v.toExponential() : String(v);

/** ` or 0.01 with --loss bpr`: where a model's default of an option differs with one of its choices (choiceDefaults). */
function choiceText(model: ModelName, key: OptionKey): string {
  const byChoice = (MODEL_RULES[model].choiceDefaults ?? {}) as Record<string, Record<string, Partial<AllOptions>>>;
  return Object.entries(byChoice)
    .flatMap(([option, values]) =>
      Object.entries(values)
        .filter(([, d]) => d[key] !== undefined)
        .map(([value, d]) => ` or ${show(d[key])} with --${flagOf(option as OptionKey)} ${value}`),
    )
    .join('');
}

/** `mf 0.08, implicit 1e-4 or 0.01 with --loss bpr`: each model's default of an option (one value when all agree). */
function defaultsOf(key: OptionKey): string {
  const byModel = (MODELS as readonly ModelName[])
    .filter((m) => MODEL_RULES[m].options.includes(key))
    .map((m) => [m, (MODEL_RULES[m].defaults as Partial<AllOptions>)[key], choiceText(m, key)] as const)
    .filter(([, v]) => v !== undefined);
  const distinct = new Set(byModel.map(([, v, c]) => show(v) + c));
  if (distinct.size === 0) return '';
  if (distinct.size === 1 && byModel.length > 1) return ` (default ${[...distinct][0]})`;
  return ` (${byModel.map(([m, v, c]) => `${m} ${show(v)}${c}`).join(', ')})`;
}

/** Which models take an option, when not all do. */
function takenBy(key: OptionKey): string {
  const models = MODELS.filter((m) => MODEL_RULES[m].options.includes(key));
  return models.length === MODELS.length ? '' : `${models.join('/')}: `;
}

/** One help line per option of `keys` (all of them by default), in the rules' order. */
export const optionHelp = (keys: readonly OptionKey[] = OPTION_KEYS): string[] =>
  OPTION_KEYS.filter((key) => keys.includes(key)).map((key) => {
    const rule: OptionRule = OPTION_RULES[key];
    const arg =
      rule.kind === 'choice'
        ? rule.values.join('|')
        : rule.kind === 'list'
          ? 'L'
          : rule.kind === 'keyed'
            ? 'C=N,…'
            : rule.integer
              ? 'N'
              : 'X';
    const name = key === 'k' ? `-k ${arg}` : `--${flagOf(key)} ${arg}`;
    const empty = (rule.kind === 'number' || rule.kind === 'keyed') && rule.empty ? ` Left out: ${rule.empty}.` : '';
    return `${name.padEnd(18)} ${takenBy(key)}${rule.hint}${empty}${defaultsOf(key)}`.replace(/\s+$/, '');
  });

export const TRAIN_HELP: string[] = [
  `--model M          ${MODELS.map((m) => MODEL_RULES[m].label).join('; ')}`,
  ...optionHelp(),
];

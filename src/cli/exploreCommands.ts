// `ewb neighbors`, `ewb analogy` and `ewb export`: exploring and exporting a run's tables.
import type { ExportFormat, Metric, NeighborsResult } from '../shared';
import { ANALOGY_METHODS, EXPORT_FORMATS, METRICS } from '../shared';
import { FILTER, FILTER_HELP, filterLine, filterOf, rankedLine } from './filterFlags';
import { intFlag, oneOf, required, str, UsageError } from './args';
import { BATCH_HELP, BATCH_OPTIONS, batchOutput, runBatch } from './batchRun';
import type { Command, Values } from './command';
import { withServices } from './services';

const COMMON: Command['options'] = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  run: { type: 'string' },
  table: { type: 'string' },
};
export function neighborsHuman(r: NeighborsResult): string {
  const count =
    r.count === null
      ? ''
      : r.fromFeatures
        ? `, new: from its features, ${r.count} training interactions behind them`
        : `, ${r.count} ${r.filter.support === 'run' ? 'in training' : 'in the dataset'}`;
  return [
    `nearest to ${r.title ? `${r.title} [${r.key}]` : r.key} (${r.metric}${count}):`,
    filterLine(r.filter),
    ...r.neighbors.map((n, i) => rankedLine(i, n.score, n)),
    ...(r.index
      ? [
          `approximate (HNSW M ${r.index.m}, efConstruction ${r.index.efConstruction}, efSearch ${r.index.efSearch}): ` +
            `recall@10 ${r.index.recallAt10.toFixed(3)} against exact search on ${r.index.recallQueries} sample rows`,
        ]
      : []),
    ...(r.indexBuilding ? ['exact: the table is large enough for the approximate index; --approx waits for it'] : []),
  ].join('\n');
}

function approximateFlag(values: Values): boolean | undefined {
  if (values.approx === true && values.exact === true) throw new UsageError('give --approx or --exact, not both');
  return values.approx === true ? true : values.exact === true ? false : undefined;
}

export const neighborsCommand: Command = {
  usage:
    'ewb neighbors --db DB --run RUN --table items (--key KEY|TITLE | --all --out FILE [--format csv|parquet] [--force]) [-k 10] [--metric cosine|dot|euclidean] [--genre G] [--min-count N] [--approx|--exact] [--json]',
  summary: 'nearest rows of any table to one key, or of every row to a file (cosine, dot or Euclidean)',
  options: {
    ...COMMON,
    ...FILTER,
    key: { type: 'string' },
    k: { type: 'string', short: 'k' },
    metric: { type: 'string' },
    approx: { type: 'boolean' },
    exact: { type: 'boolean' },
    ...BATCH_OPTIONS,
  },
  help: [
    '--table T      users, items, events, words, or a .context table (default items)',
    '--key KEY      the raw id as in the imported file, or a title (or a unique part of one): "Toy Story"',
    '--all          every row of the table, written to --out as key,rank,neighbor,title,score (as --key answers each;',
    '               exact unless --approx)',
    '-k N           how many (default 10)',
    '--metric M     cosine (default), dot, or euclidean (smallest distance first)',
    ...FILTER_HELP,
    '--approx       use the approximate (HNSW) index and report its recall@10 (default only from 1M rows,',
    '               EWB_ANN_MIN_ROWS); --exact always searches exactly',
    ...BATCH_HELP,
  ],
  async run(values, _positionals, out) {
    if (values.all === true) {
      if (values.key !== undefined) throw new UsageError('--all answers every row: leave out --key');
      const output = batchOutput(values);
      const req = {
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        table: str(values.table) ?? 'items',
        k: intFlag(str(values.k), 'k') ?? 10,
        metric: oneOf(str(values.metric), METRICS, 'metric') as Metric | undefined,
        filter: filterOf(values),
        approximate: approximateFlag(values),
        ...output,
      };
      await runBatch(values, out, output.batchId!, (s) => s.handlers['batch:neighbors'](req));
      return;
    }
    const req = {
      runId: intFlag(required(str(values.run), 'run'), 'run')!,
      table: str(values.table) ?? 'items',
      key: required(str(values.key), 'key'),
      k: intFlag(str(values.k), 'k') ?? 10,
      metric: oneOf(str(values.metric), METRICS, 'metric') as Metric | undefined,
      filter: filterOf(values),
      approximate: approximateFlag(values),
    };
    const result = await withServices(values, (s) => s.handlers['embeddings:neighbors'](req));
    out.result(result, neighborsHuman(result));
  },
};

/** `a-b+c` or `--positive a,c --negative b`. */
export function parseExpression(expr: string): { positive: string[]; negative: string[] } {
  const positive: string[] = [];
  const negative: string[] = [];
  for (const m of expr.matchAll(/([+-]?)\s*([^+-]+)/g)) {
    const key = m[2]!.trim();
    if (!key) continue;
    (m[1] === '-' ? negative : positive).push(key);
  }
  return { positive, negative };
}

export const analogyCommand: Command = {
  usage:
    'ewb analogy --db DB --run RUN --table words (--expr "king-man+woman" | --positive A,C --negative B) [-k 10] [--method 3CosAdd|3CosMul] [--min-count N] [--json]',
  summary: 'vector arithmetic on any table: a − b + c by 3CosAdd or 3CosMul',
  options: {
    ...COMMON,
    ...FILTER,
    expr: { type: 'string' },
    positive: { type: 'string' },
    negative: { type: 'string' },
    k: { type: 'string', short: 'k' },
    method: { type: 'string' },
  },
  help: [
    '--expr E       keys joined by + and - (keys containing + or - need --positive/--negative)',
    '--positive K,… and --negative K,…   keys or titles (--positive "Toy Story;Alien" splits on ; when a title has commas)',
    '--method M     3CosAdd (default) or 3CosMul (Levy & Goldberg 2014)',
    '-k N           how many (default 10); the input keys are never returned',
    ...FILTER_HELP,
  ],
  async run(values, _positionals, out) {
    const expr = str(values.expr);
    // Titles may hold commas ("Lion King, The (1994)"): a list with a semicolon splits on semicolons only.
    const split = (s: string | undefined): string[] =>
      s
        ? s
            .split(s.includes(';') ? ';' : ',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [];
    const terms = expr
      ? parseExpression(expr)
      : { positive: split(str(values.positive)), negative: split(str(values.negative)) };
    if (!terms.positive.length) throw new UsageError('give --expr or --positive');
    const result = await withServices(values, (s) =>
      s.handlers['embeddings:analogy']({
        runId: intFlag(required(str(values.run), 'run'), 'run')!,
        table: str(values.table) ?? 'words',
        ...terms,
        k: intFlag(str(values.k), 'k') ?? 10,
        method: oneOf(str(values.method), ANALOGY_METHODS, 'method'),
        filter: filterOf(values),
      }),
    );
    const name = (k: { key: string; title: string | null }): string => k.title ?? k.key;
    const human = [
      `${result.positive.map(name).join(' + ')}${result.negative.map((n) => ` − ${name(n)}`).join('')} (${result.method}):`,
      filterLine(result.filter),
      ...result.results.map((n, i) => rankedLine(i, n.score, n)),
    ];
    out.result(result, human.join('\n'));
  },
};

export const exportCommand: Command = {
  usage: `ewb export --db DB --run RUN --table items --format ${EXPORT_FORMATS.join('|')} --out DIR [--include-special] [--no-bias] [--only-trained|--include-untrained] [--json]`,
  summary: 'write a table for other tools (Projector, word2vec, GloVe, CSV, NumPy, JSON, Parquet)',
  options: {
    ...COMMON,
    format: { type: 'string' },
    out: { type: 'string' },
    'include-special': { type: 'boolean' },
    'no-bias': { type: 'boolean' },
    'only-trained': { type: 'boolean' },
    'include-untrained': { type: 'boolean' },
  },
  help: [
    '--table T          users, items, events, words or a .context table (default items)',
    `--format F         ${EXPORT_FORMATS.join(', ')} (default projector); docs/export-formats.md says what loads each`,
    '--out DIR          output folder (created if missing)',
    '--include-special  also write the PAD and OOV rows',
    '--no-bias          leave biases out',
    '--only-trained     leave out rows never trained (otherwise written, and marked by a train_count of 0',
    '                   in CSV, JSON, Parquet, npy and the Projector metadata)',
    '--include-untrained  write rows never trained in word2vec, word2vec-binary and GloVe too (left out by',
    '                   default: those formats cannot mark their random vectors)',
  ],
  async run(values, _positionals, out) {
    const format = (oneOf(str(values.format), EXPORT_FORMATS, 'format') ?? 'projector') as ExportFormat;
    const req = {
      runId: intFlag(required(str(values.run), 'run'), 'run')!,
      table: str(values.table) ?? 'items',
      format,
      outDir: required(str(values.out), 'out'),
      includeSpecial: values['include-special'] === true,
      includeBias: values['no-bias'] !== true,
      // Neither flag: the format's default (onlyTrainedByDefault).
      ...(values['only-trained'] === true ? { onlyTrained: true } : {}),
      ...(values['include-untrained'] === true ? { onlyTrained: false } : {}),
    };
    if (values['only-trained'] === true && values['include-untrained'] === true)
      throw new UsageError('--only-trained and --include-untrained contradict each other: give one');
    const result = await withServices(values, (s) => s.handlers['embeddings:export'](req));
    const untrained = result.untrainedRows
      ? result.untrainedLeftOut
        ? `\n${result.untrainedRows} rows never trained were left out${values['only-trained'] === true ? '' : ' (--include-untrained writes them)'}`
        : `\n${result.untrainedRows} rows were never trained (random vectors)${result.countsWritten ? ': their train_count is 0' : '; --only-trained leaves them out'}`
      : '';
    out.result(
      result,
      `wrote ${result.rows} rows × ${result.dim}:\n${result.files.map((p) => `  ${p}`).join('\n')}${untrained}`,
    );
  },
};

// `ewb neighbors`, `ewb analogy` and `ewb export`: exploring and exporting a run's tables.
import type { ExportFormat, Metric, NeighborsResult, RowFilter } from '../shared';
import { ANALOGY_METHODS, EXPORT_FORMATS, METRICS } from '../shared';
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
const FILTER: Command['options'] = { genre: { type: 'string' }, filter: { type: 'string' } };
const FILTER_HELP = [
  '--genre G      only rows with this genre (item metadata)',
  '--filter TEXT  only rows whose key or title contains TEXT',
];

const filterOf = (values: Values): RowFilter | undefined =>
  str(values.genre) || str(values.filter) ? { genre: str(values.genre), text: str(values.filter) } : undefined;

export function neighborsHuman(r: NeighborsResult): string {
  return [
    `nearest to ${r.key} (${r.metric}):`,
    ...r.neighbors.map(
      (n, i) => `${String(i + 1).padStart(3)}. ${n.score.toFixed(3)}  ${n.key}${n.title ? `  ${n.title}` : ''}`,
    ),
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
    'ewb neighbors --db DB --run RUN --table items (--key KEY | --all --out FILE [--format csv|parquet] [--force]) [-k 10] [--metric cosine|dot|euclidean] [--genre G] [--approx|--exact] [--json]',
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
    '--key KEY      the raw id as in the imported file',
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
    'ewb analogy --db DB --run RUN --table words (--expr "king-man+woman" | --positive A,C --negative B) [-k 10] [--method 3CosAdd|3CosMul] [--json]',
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
    '--positive K,… and --negative K,…',
    '--method M     3CosAdd (default) or 3CosMul (Levy & Goldberg 2014)',
    '-k N           how many (default 10); the input keys are never returned',
    ...FILTER_HELP,
  ],
  async run(values, _positionals, out) {
    const expr = str(values.expr);
    const split = (s: string | undefined): string[] =>
      s
        ? s
            .split(',')
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
    const human = [
      `${terms.positive.join(' + ')}${terms.negative.map((n) => ` − ${n}`).join('')} (${result.method}):`,
      ...result.results.map(
        (n, i) => `${String(i + 1).padStart(3)}. ${n.score.toFixed(3)}  ${n.key}${n.title ? `  ${n.title}` : ''}`,
      ),
    ];
    out.result(result, human.join('\n'));
  },
};

export const exportCommand: Command = {
  usage: `ewb export --db DB --run RUN --table items --format ${EXPORT_FORMATS.join('|')} --out DIR [--include-special] [--no-bias] [--json]`,
  summary: 'write a table for other tools (Projector, word2vec, GloVe, CSV, NumPy, JSON, Parquet)',
  options: {
    ...COMMON,
    format: { type: 'string' },
    out: { type: 'string' },
    'include-special': { type: 'boolean' },
    'no-bias': { type: 'boolean' },
  },
  help: [
    '--table T          users, items, events, words or a .context table (default items)',
    `--format F         ${EXPORT_FORMATS.join(', ')} (default projector); docs/export-formats.md says what loads each`,
    '--out DIR          output folder (created if missing)',
    '--include-special  also write the PAD and OOV rows',
    '--no-bias          leave biases out',
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
    };
    const result = await withServices(values, (s) => s.handlers['embeddings:export'](req));
    out.result(result, `wrote ${result.rows} rows × ${result.dim}:\n${result.files.map((p) => `  ${p}`).join('\n')}`);
  },
};

// `ewb import`: every reading, mapping, vocabulary, split and sessionising option of the importer as flags.
import type {
  ImportProgress,
  ImportRequest,
  FeatureOwner,
  ImportResult,
  Mapping,
  SplitSpec,
  TabularReport,
  VocabularyCut,
} from '../shared';
import {
  DUPLICATE_POLICIES,
  ENCODINGS,
  FORMAT_CHOICES,
  MULTI_ROLES,
  ROLES,
  type MultiRole,
  type Role,
} from '../shared';
import { intFlag, numFlag, oneOf, str, UsageError } from './args';
import type { Command, Values } from './command';
import { cancellable, printImportProgress } from './importProgress';
import { withServices } from './services';
import type { Output } from './output';

const CUT_ROLES = ['user', 'item', 'event', 'word', 'category'] as const;
type CutRole = (typeof CUT_ROLES)[number];

/**
 * `role=column,...`; `event=a+b` combines several columns into one event token; `category` and `numeric` repeat
 * (`category=Country,category=StockCode`), and `category=Home+Away` makes a group sharing one vocabulary.
 */
export function parseMap(value: string | undefined): Mapping | undefined {
  if (value === undefined) return undefined;
  const out: Mapping = {};
  for (const pair of value.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map takes role=column pairs separated by commas (got "${pair}")`);
    const role = pair.slice(0, eq).trim() as Role;
    if (!ROLES.includes(role)) throw new UsageError(`--map: unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    const column = pair.slice(eq + 1).trim();
    if (role === 'event') out.event = column.split('+').map((c) => c.trim());
    else if (role === 'category' || role === 'numeric') out[role] = [...listOf(out[role]), column];
    else if (out[role] !== undefined)
      throw new UsageError(`--map: ${role} is given twice; only ${MULTI_ROLES.join(', ')} take several columns`);
    else out[role] = column;
  }
  return out;
}

const listOf = (v: Mapping[MultiRole]): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Per-column cut-offs: `--min-count Country=5` names a category column (or group) rather than a role. */
function columnCuts(value: string | undefined, flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (value === undefined || /^\d+$/.test(value)) return out;
  for (const pair of value.split(',')) {
    const [name, n] = pair.split('=');
    const key = name?.trim() ?? '';
    if (!(CUT_ROLES as readonly string[]).includes(key)) out[key] = intFlag(n?.trim(), flag)!;
  }
  return out;
}

/** `N` for every role, or `role=N,...`. */
function parseCuts(value: string | undefined, flag: string): Partial<Record<CutRole, number>> {
  if (value === undefined) return {};
  if (/^\d+$/.test(value)) return Object.fromEntries(CUT_ROLES.map((r) => [r, Number(value)]));
  const out: Partial<Record<CutRole, number>> = {};
  for (const pair of value.split(',')) {
    const [role, n] = pair.split('=');
    const r = role?.trim() ?? '';
    if (!(CUT_ROLES as readonly string[]).includes(r)) continue; // a column's own cut (columnCuts)
    out[r as CutRole] = intFlag(n?.trim(), flag);
  }
  return out;
}

function splitSpec(values: Values): SplitSpec | undefined {
  const kind = oneOf(str(values.split), ['random', 'leave-last', 'chrono', 'column', 'cold-items'] as const, 'split');
  const valid = numFlag(str(values.valid), 'valid');
  const test = numFlag(str(values.test), 'test');
  switch (kind) {
    case undefined:
      return valid !== undefined || test !== undefined ? { kind: 'random', valid, test } : undefined;
    case 'leave-last':
      return { kind: 'leaveLast', n: intFlag(str(values['leave-last']), 'leave-last') };
    case 'column':
      return { kind: 'column' };
    case 'cold-items':
      return { kind: 'coldItems', items: numFlag(str(values['cold-items']), 'cold-items'), valid, test };
    default:
      return { kind, valid, test };
  }
}

/** Cut-offs of single category columns; a name that is neither a role nor a mapped category is an error. */
function columnVocabOf(
  mapping: Mapping | undefined,
  minCount: string | undefined,
  maxSize: string | undefined,
): Record<string, VocabularyCut> | undefined {
  const min = columnCuts(minCount, 'min-count');
  const max = columnCuts(maxSize, 'max-size');
  const names = [...new Set([...Object.keys(min), ...Object.keys(max)])];
  if (names.length === 0) return undefined;
  const categories = listOf(mapping?.category);
  const out: Record<string, VocabularyCut> = {};
  for (const name of names) {
    if (!categories.includes(name))
      throw new UsageError(
        `--min-count/--max-size: "${name}" is neither a role (${CUT_ROLES.join(', ')}) nor a mapped category column` +
          (categories.length ? ` (${categories.join(', ')})` : ''),
      );
    out[name] = { minCount: min[name], maxSize: max[name] };
  }
  return out;
}

/** `--features item=tags.csv:movieId:tag+category`: FILE, its key column and feature columns (read from the right). */
function featureFlags(value: Values[string]): Pick<ImportRequest, 'features'> {
  const specs = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );
  if (specs.length === 0) return {};
  return {
    features: specs.map((spec) => {
      const m = /^(item|user)=(.+):([^:]+):([^:]+)$/.exec(spec);
      if (!m)
        throw new UsageError(
          `--features takes item=FILE:KEY:COLUMN[+COLUMN…] or user=… (e.g. item=tags.csv:movieId:tag); got "${spec}"`,
        );
      return { of: m[1] as FeatureOwner, path: m[2]!, key: m[3]!, columns: m[4]!.split('+').map((c) => c.trim()) };
    }),
  };
}

export function importRequest(file: string, values: Values): ImportRequest {
  const minCount = parseCuts(str(values['min-count']), 'min-count');
  const maxSize = parseCuts(str(values['max-size']), 'max-size');
  const vocab: Partial<Record<CutRole, VocabularyCut>> = {};
  for (const r of CUT_ROLES)
    if (minCount[r] !== undefined || maxSize[r] !== undefined)
      vocab[r] = { minCount: minCount[r], maxSize: maxSize[r] };
  const mapping = parseMap(str(values.map));
  const columnVocab = columnVocabOf(mapping, str(values['min-count']), str(values['max-size']));
  const header = values.header === true ? true : values['no-header'] === true ? false : undefined;
  return {
    path: file,
    name: str(values.dataset),
    format: oneOf(str(values.format), FORMAT_CHOICES, 'format'),
    delimiter: str(values.delimiter)?.replace(/^\\t$|^tab$/, '\t'),
    hasHeader: header,
    encoding: oneOf(str(values.encoding), ENCODINGS, 'encoding'),
    mapping,
    ...(columnVocab ? { columnVocab } : {}),
    seed: intFlag(str(values.seed), 'seed'),
    split: splitSpec(values),
    duplicates: oneOf(str(values.duplicates), DUPLICATE_POLICIES, 'duplicates'),
    vocab,
    tokenizer: {
      numWords: intFlag(str(values['num-words']), 'num-words'),
      lower: values['no-lower'] === true ? false : undefined,
      filters: str(values.filters),
    },
    maxSequenceLength: intFlag(str(values['max-seq-len']), 'max-seq-len'),
    sessionGapMinutes: numFlag(str(values['session-gap']), 'session-gap'),
    items: str(values.items) ? { path: str(values.items)!, key: str(values['items-key']) } : undefined,
    users: str(values.users) ? { path: str(values.users)! } : undefined,
    ...featureFlags(values.features),
    importId: `cli-${process.pid}`,
  };
}

export function importHuman(r: ImportResult): string {
  const vocab = Object.entries(r.vocabularies)
    .map(([role, v]) => `${role}s ${v.size}${v.oovIds ? ` (${v.oovIds} ids, ${v.oovRows} rows to OOV)` : ''}`)
    .join(', ');
  const rep = r.report;
  const split = `split train ${r.splits.train} / valid ${r.splits.valid} / test ${r.splits.test}`;
  const lines = [
    `dataset "${r.dataset}" (id ${r.datasetId}): ${r.rows.imported} of ${r.rows.read} rows imported, ${r.rows.rejected} rejected`,
    vocab ? `${vocab}; ${split}` : split,
  ];
  if (rep.tabular) lines.push(...tabularLines(rep.tabular));
  for (const [owner, f] of Object.entries(rep.features ?? {}))
    lines.push(`${owner} features: ${f.features} distinct, on ${f.entities} ${owner}s (${f.pairs} pairs)`);
  if (rep.users && rep.items)
    lines.push(
      `density ${(rep.density * 100).toPrecision(3)}%; per user median ${rep.perUser?.median}, per item median ${rep.perItem?.median}`,
    );
  if (rep.duplicates.pairs)
    lines.push(
      `duplicate (user, item) pairs: ${rep.duplicates.pairs} over ${rep.duplicates.rows} rows; ${rep.duplicates.policy}, ${rep.duplicates.removed} removed`,
    );
  if (rep.sequences)
    lines.push(
      `sequences ${rep.sequences.count}, tokens ${rep.sequences.tokens}, median length ${rep.sequences.lengths?.median}`,
    );
  for (const rej of r.rejects.slice(0, 10)) lines.push(`  rejected line ${rej.line}: ${rej.reason}`);
  if (r.rows.rejected > 10)
    lines.push(`  … ${r.rows.rejected - 10} more rejected rows (the first 100 are kept in the project)`);
  return lines.join('\n');
}

/** `category Country 38 values, StockCode 3,941 (12 ids, 14 rows to OOV); numeric Price (3 missing); target …`. */
function tabularLines(t: TabularReport): string[] {
  const columns = t.columns.map((c) =>
    c.kind === 'category'
      ? `category ${c.name} ${c.vocabulary.size} values${c.vocabulary.oovIds ? ` (${c.vocabulary.oovIds} ids, ${c.vocabulary.oovRows} rows to OOV)` : ''}`
      : `numeric ${c.name}${c.missing ? ` (${c.missing} missing)` : ''}`,
  );
  const target = t.target.classes
    ? `${t.target.classes.length} classes (${t.target.classes
        .slice(0, 5)
        .map((c) => `${c.value} ${c.count}`)
        .join(', ')}${t.target.classes.length > 5 ? ', …' : ''})`
    : `numbers, mean ${t.target.numeric?.mean.toPrecision(4)}`;
  return [
    columns.join('; '),
    `target ${t.target.name}: ${target}${t.target.missing ? `, ${t.target.missing} rows without one` : ''}`,
  ];
}

function progressLine(p: ImportProgress): string {
  const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
  const eta = p.etaSeconds !== null ? `, about ${Math.ceil(p.etaSeconds)} s left` : '';
  return p.stage === 'writing'
    ? `writing ${p.rows} rows…`
    : `read ${mb(p.bytes)} of ${mb(p.totalBytes)}, ${p.rows} rows${eta}`;
}

export const importCommand: Command = {
  usage:
    'ewb import FILE --db DB [--dataset NAME] [--format auto|csv|tsv|movielens|delimited|jsonl|text] [--map role=column,...] [options] [--json]',
  summary: 'import ratings, behaviour events or a text corpus into a project database',
  options: {
    db: { type: 'string' },
    json: { type: 'boolean' },
    dataset: { type: 'string' },
    format: { type: 'string' },
    delimiter: { type: 'string' },
    header: { type: 'boolean' },
    'no-header': { type: 'boolean' },
    encoding: { type: 'string' },
    map: { type: 'string' },
    seed: { type: 'string' },
    split: { type: 'string' },
    valid: { type: 'string' },
    test: { type: 'string' },
    'leave-last': { type: 'string' },
    'cold-items': { type: 'string' },
    features: { type: 'string', multiple: true },
    duplicates: { type: 'string' },
    'min-count': { type: 'string' },
    'max-size': { type: 'string' },
    'num-words': { type: 'string' },
    'no-lower': { type: 'boolean' },
    filters: { type: 'string' },
    'max-seq-len': { type: 'string' },
    'session-gap': { type: 'string' },
    items: { type: 'string' },
    'items-key': { type: 'string' },
    users: { type: 'string' },
  },
  help: [
    '--dataset NAME        name of the dataset (default: the file name)',
    '--format F            auto (default) sniffs: csv, tsv, movielens (u.data, ratings.dat), delimited, jsonl; text = one document per line',
    '--delimiter C         one character (default: sniffed among , tab ; |)',
    '--header, --no-header whether the first row names the columns (default: sniffed)',
    '--encoding E          utf8 (default; invalid bytes are an error) or latin1',
    '--map R=C,...         roles: user item rating weight timestamp session event text label split title genres category numeric target;',
    '                      event=a+b combines columns; a table: category=Country,category=StockCode,numeric=Price,target=Y',
    '                      (category and numeric repeat; category=Home+Away shares one vocabulary between columns)',
    '--split S             random (default; --valid 0.1 --test 0.1), leave-last (per user, --leave-last N), chrono (time cut), column,',
    '                      cold-items (--cold-items 0.1 of the items held out entirely, to test; the other rows random)',
    '--duplicates P        repeated (user, item) pairs: keep (default), last, average',
    '--min-count N|R=N,... vocabulary cut-off by count (roles user item event word category, or a category column',
    '                      by name: Country=5); --max-size likewise by size',
    '--num-words N         Keras numWords for text (counts index 0: N − 2 words kept); --no-lower; --filters CHARS',
    '--max-seq-len N       split longer documents (default 10000, as gensim)',
    "--session-gap MIN     without a session column, cut a user's events where the gap exceeds MIN minutes (default 30)",
    '--items FILE          item metadata joined by key (title, genres), e.g. MovieLens movies.csv; --items-key COLUMN; --users FILE',
    '--features O=FILE:KEY:COL+COL  side features of items or users (O item|user) for recommendations: each row adds',
    "                      COL:value (| splits a cell) to KEY's entity, e.g. item=tags.csv:movieId:tag; repeatable;",
    '                      item genres (mapped or from --items) are item features too (docs/features.md)',
    '--seed N              seed of random splits (default 42)',
  ],
  async run(values, positionals, out: Output) {
    const file = positionals[0];
    if (!file) throw new UsageError('name the FILE to import');
    const req = importRequest(file, values);
    const result = await withServices(
      values,
      (s) => cancellable(s, req.importId!, () => s.handlers['datasets:import'](req)),
      printImportProgress(out, 'import', req.importId!, progressLine),
    );
    out.result(result, importHuman(result));
  },
};

// `ewb import`: every reading, mapping, vocabulary, split and sessionising option of the importer as flags.
import type { ImportProgress, ImportRequest, ImportResult, Mapping, SplitSpec, VocabularyCut } from '../shared';
import { DUPLICATE_POLICIES, ENCODINGS, FORMAT_CHOICES, ROLES, type Role } from '../shared';
import { intFlag, numFlag, oneOf, str, UsageError } from './args';
import type { Command, Values } from './command';
import { cancellable, printImportProgress } from './importProgress';
import { withServices } from './services';
import type { Output } from './output';

const CUT_ROLES = ['user', 'item', 'event', 'word'] as const;
type CutRole = (typeof CUT_ROLES)[number];

/** `role=column,...`; `event=a+b` combines several columns into one event token. */
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
    else out[role] = column;
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
    const r = oneOf(role?.trim(), CUT_ROLES, flag)!;
    out[r] = intFlag(n?.trim(), flag);
  }
  return out;
}

function splitSpec(values: Values): SplitSpec | undefined {
  const kind = oneOf(str(values.split), ['random', 'leave-last', 'chrono', 'column'] as const, 'split');
  const valid = numFlag(str(values.valid), 'valid');
  const test = numFlag(str(values.test), 'test');
  switch (kind) {
    case undefined:
      return valid !== undefined || test !== undefined ? { kind: 'random', valid, test } : undefined;
    case 'leave-last':
      return { kind: 'leaveLast', n: intFlag(str(values['leave-last']), 'leave-last') };
    case 'column':
      return { kind: 'column' };
    default:
      return { kind, valid, test };
  }
}

export function importRequest(file: string, values: Values): ImportRequest {
  const minCount = parseCuts(str(values['min-count']), 'min-count');
  const maxSize = parseCuts(str(values['max-size']), 'max-size');
  const vocab: Partial<Record<CutRole, VocabularyCut>> = {};
  for (const r of CUT_ROLES)
    if (minCount[r] !== undefined || maxSize[r] !== undefined)
      vocab[r] = { minCount: minCount[r], maxSize: maxSize[r] };
  const header = values.header === true ? true : values['no-header'] === true ? false : undefined;
  return {
    path: file,
    name: str(values.dataset),
    format: oneOf(str(values.format), FORMAT_CHOICES, 'format'),
    delimiter: str(values.delimiter)?.replace(/^\\t$|^tab$/, '\t'),
    hasHeader: header,
    encoding: oneOf(str(values.encoding), ENCODINGS, 'encoding'),
    mapping: parseMap(str(values.map)),
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
    importId: `cli-${process.pid}`,
  };
}

export function importHuman(r: ImportResult): string {
  const vocab = Object.entries(r.vocabularies)
    .map(([role, v]) => `${role}s ${v.size}${v.oovIds ? ` (${v.oovIds} ids, ${v.oovRows} rows to OOV)` : ''}`)
    .join(', ');
  const rep = r.report;
  const lines = [
    `dataset "${r.dataset}" (id ${r.datasetId}): ${r.rows.imported} of ${r.rows.read} rows imported, ${r.rows.rejected} rejected`,
    `${vocab}; split train ${r.splits.train} / valid ${r.splits.valid} / test ${r.splits.test}`,
  ];
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
    '--map R=C,...         roles: user item rating weight timestamp session event text label split title genres; event=a+b combines columns',
    '--split S             random (default; --valid 0.1 --test 0.1), leave-last (per user, --leave-last N), chrono (time cut), column',
    '--duplicates P        repeated (user, item) pairs: keep (default), last, average',
    '--min-count N|R=N,... vocabulary cut-off by count (roles user item event word); --max-size likewise by size',
    '--num-words N         Keras numWords for text (counts index 0: N − 2 words kept); --no-lower; --filters CHARS',
    '--max-seq-len N       split longer documents (default 10000, as gensim)',
    "--session-gap MIN     without a session column, cut a user's events where the gap exceeds MIN minutes (default 30)",
    '--items FILE          item metadata joined by key (title, genres), e.g. MovieLens movies.csv; --items-key COLUMN; --users FILE',
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

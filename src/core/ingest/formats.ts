// Recognises a file's layout (format, delimiter, header, columns) and proposes a column → role mapping.
import type { FileFormat, Mapping, ReadOptions, Role } from '../../shared';
import { WorkbenchError } from '../../shared';
import { splitRecord } from './delimited';
import { decimalNumber } from './rowView';
import { isGzip, readLines, type SourceOptions } from './source';

export interface Layout {
  format: FileFormat;
  delimiter: string;
  hasHeader: boolean;
  columns: string[];
  gzip: boolean;
}

const MOVIELENS_COLUMNS = ['user', 'item', 'rating', 'timestamp'];
const SNIFF_LINES = 100;
const CANDIDATES = [',', '\t', ';', '|'];

/** The first non-blank lines of a file (decoded as asked, so a bad encoding fails here already). */
export async function headLines(
  path: string,
  n: number,
  opts: SourceOptions = {},
): Promise<{ line: number; text: string }[]> {
  const out: { line: number; text: string }[] = [];
  for await (const batch of readLines(path, opts)) {
    for (let i = 0; i < batch.lines.length && out.length < n; i++) {
      const text = batch.lines[i]!;
      if (text.trim() !== '') out.push({ line: batch.firstLine + i, text });
    }
    if (out.length >= n) break;
  }
  return out;
}

const isNumeric = (s: string): boolean => Number.isFinite(decimalNumber(s));

/** Column names for a message: the first ten, then how many more (a 10,000-column header stays short). */
export function listColumns(columns: readonly string[], max = 10): string {
  const shown = columns.slice(0, max).join(', ');
  return columns.length > max ? `${shown} … and ${(columns.length - max).toLocaleString('en-US')} more` : shown;
}

function safeSplit(text: string, delimiter: string): string[] {
  try {
    return splitRecord(text, delimiter);
  } catch {
    return text.split(delimiter);
  }
}

/** The delimiter whose field count is the same on most sample lines (and above one), most fields first. */
export function sniffDelimiter(lines: string[]): string {
  let best = { delimiter: ',', score: -1 };
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => safeSplit(l, d).length);
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [fields, agree] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [1, 0];
    if (fields < 2) continue;
    const score = (agree / lines.length) * 1000 + fields;
    if (score > best.score) best = { delimiter: d, score };
  }
  return best.delimiter;
}

const ROLE_PATTERNS: [Role, RegExp][] = [
  ['session', /^(session|visit|basket|invoice|order)(_?(id|no))?$|session|invoiceno/i],
  ['user', /^(user|customer|member|client|visitor|reviewer)(_?id)?$|user|customer/i],
  ['item', /^(item|movie|product|book|track|song|article|stockcode|sku|asin)(_?id)?$|item|movie|product|stockcode/i],
  ['rating', /rating|score|stars/i],
  ['weight', /^(weight|quantity|qty|count|clicks|plays)$/i],
  ['timestamp', /time|date|^ts$/i],
  ['event', /^(event|action|event_?type|behaviou?r|page_?type)$/i],
  ['text', /^(text|review|body|content|sentence|document|comment)$/i],
  ['label', /^(label|class|target|category_?label|sentiment|y)$/i],
  ['split', /^split$|^fold$/i],
  ['title', /title|^name$|description/i],
  ['genres', /genre|categor|tags?$/i],
];

function headerLike(fields: string[]): boolean {
  return (
    fields.every((f) => /^[\p{L}_][\p{L}\p{N} _.\-()]*$/u.test(f.trim())) &&
    fields.some((f) => ROLE_PATTERNS.some(([, re]) => re.test(f)))
  );
}

/**
 * Decides format, delimiter and header from the first lines. `auto` recognises JSON Lines (lines start with
 * `{`), MovieLens `ratings.dat` (`::`) and `u.data` (four numeric tab-separated columns, no header); other text
 * is delimited with a sniffed delimiter. A first row is a header when a column is numeric below it but not in
 * it, or when it reads like column names.
 */
export async function detectLayout(path: string, opts: ReadOptions = {}): Promise<Layout> {
  const gzip = isGzip(path);
  const choice = opts.format ?? 'auto';
  if (choice === 'text') return { format: 'text', delimiter: '', hasHeader: false, columns: ['text'], gzip };
  const head = await headLines(path, SNIFF_LINES, { encoding: opts.encoding });
  const first = head[0];
  if (!first)
    throw new WorkbenchError('DatasetInvalid', `${path}: the file is empty; expected ratings, events or text`);
  const binary = head.find((h) => h.text.includes('\u0000'));
  if (binary)
    throw new WorkbenchError(
      'DatasetInvalid',
      `${path}: line ${binary.line} has NUL bytes: this looks like a binary file, not text`,
    );
  if (choice === 'jsonl' || (choice === 'auto' && first.text.trimStart().startsWith('{'))) {
    return { format: 'jsonl', delimiter: '', hasHeader: false, columns: jsonColumns(path, head), gzip };
  }
  const uData = first.text.split('\t').length === 4 && first.text.split('\t').every(isNumeric);
  if (choice === 'movielens' || (choice === 'auto' && !opts.delimiter && (first.text.includes('::') || uData))) {
    const delimiter = opts.delimiter ?? (first.text.includes('::') ? '::' : '\t');
    return {
      format: 'movielens',
      delimiter,
      hasHeader: opts.hasHeader ?? false,
      columns: MOVIELENS_COLUMNS.slice(),
      gzip,
    };
  }
  const delimiter =
    opts.delimiter ?? (choice === 'tsv' ? '\t' : choice === 'csv' ? ',' : sniffDelimiter(head.map((h) => h.text)));
  const format: FileFormat = delimiter === ',' ? 'csv' : delimiter === '\t' ? 'tsv' : 'delimited';
  const rows = head.map((h) => safeSplit(h.text, delimiter));
  const firstFields = rows[0]!;
  const rest = rows.slice(1);
  const numericBelow = firstFields.some(
    (f, i) => !isNumeric(f) && rest.length > 0 && rest.every((r) => r[i] === undefined || isNumeric(r[i]!)),
  );
  const hasHeader =
    opts.hasHeader ?? (rest.length === 0 ? !firstFields.some(isNumeric) : numericBelow || headerLike(firstFields));
  // The header's width, or the most common width: ragged rows are the importer's to reject, not to widen.
  const widths = new Map<number, number>();
  for (const r of rows) widths.set(r.length, (widths.get(r.length) ?? 0) + 1);
  const width = hasHeader
    ? firstFields.length
    : [...widths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
  const columns = Array.from({ length: width }, (_, i) => (hasHeader && firstFields[i]?.trim()) || `column${i + 1}`);
  if (hasHeader) refuseDuplicates(path, columns);
  return { format, delimiter, hasHeader, columns, gzip };
}

/** A header that names a column twice cannot be mapped by name: say which, instead of renaming one silently. */
function refuseDuplicates(path: string, columns: readonly string[]): void {
  const first = new Map<string, number>();
  for (let i = 0; i < columns.length; i++) {
    const at = first.get(columns[i]!);
    if (at !== undefined)
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path}: the header names the column "${columns[i]}" twice (columns ${at + 1} and ${i + 1}): rename one of them, or read the file without a header (--no-header) and map columns by position`,
      );
    first.set(columns[i]!, i);
  }
}

/** The union of keys of the sampled objects; malformed lines are left for the importer to reject by line. */
function jsonColumns(path: string, head: { line: number; text: string }[]): string[] {
  const columns = new Set<string>();
  let objects = 0;
  for (const h of head) {
    try {
      const value: unknown = JSON.parse(h.text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      objects++;
      for (const k of Object.keys(value)) columns.add(k);
    } catch {
      // rejected later, with its line
    }
  }
  if (objects === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      `${path}: line ${head[0]!.line} is not a JSON object; JSON Lines needs one object per line`,
    );
  return [...columns];
}

/** A JSON value as a cell: arrays of scalars become `|`-joined (genres), objects their JSON text. */
export function jsonCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.map((v) => String(v ?? '')).join('|');
  return JSON.stringify(value);
}

/** Proposes a role for each column whose name says it; each role is given to one column at most. */
export function suggestMapping(layout: Layout, sample: string[][]): Mapping {
  if (layout.format === 'text') return {};
  if (layout.format === 'movielens') return { user: 'user', item: 'item', rating: 'rating', timestamp: 'timestamp' };
  const mapping: Mapping = {};
  const taken = new Set<string>();
  // Mostly numbers: a few bad cells in a dirty file must not hide the rating column.
  const numericColumn = (i: number): boolean => {
    const present = sample.filter((r) => r[i] !== undefined && r[i] !== '');
    return present.length > 0 && present.filter((r) => isNumeric(r[i]!)).length >= 0.5 * present.length;
  };
  if (!layout.hasHeader && layout.format !== 'jsonl') {
    // Positional guess for headerless files (JSON Lines have key names, which serve as a header): user, item, then a numeric rating and a timestamp.
    const [a, b, c, d] = layout.columns;
    if (a && b) Object.assign(mapping, { user: a, item: b });
    if (c && numericColumn(2)) mapping.rating = c;
    if (d && numericColumn(3)) mapping.timestamp = d;
    return mapping;
  }
  for (const [role, pattern] of ROLE_PATTERNS) {
    const column = layout.columns.find(
      (c, i) => !taken.has(c) && pattern.test(c) && (role !== 'rating' || numericColumn(i)),
    );
    if (column !== undefined) {
      mapping[role] = column;
      taken.add(column);
    }
  }
  // Without a user, a session groups events: no need for both to be guessed wrong.
  return mapping;
}

/** Min and max of the rating column's sample values, when it has numbers. */
export function ratingScale(layout: Layout, sample: string[][], mapping: Mapping): { min: number; max: number } | null {
  const at = mapping.rating ? layout.columns.indexOf(mapping.rating) : -1;
  if (at < 0) return null;
  const values = sample.map((r) => Number(r[at])).filter(Number.isFinite);
  return values.length ? { min: Math.min(...values), max: Math.max(...values) } : null;
}

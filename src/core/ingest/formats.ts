// Recognises the supported ratings layouts and proposes a column → role mapping.
import type { FileFormat, FormatChoice, Mapping, Role } from '../../shared';
import { WorkbenchError } from '../../shared';
import { readLogicalRecords, splitRecord } from './delimited';

export interface Layout {
  format: FileFormat;
  delimiter: string;
  hasHeader: boolean;
  columns: string[];
}

const MOVIELENS_COLUMNS = ['user', 'item', 'rating', 'timestamp'];
const SNIFF_RECORDS = 50;

/** Reads the first records of a file (logical records, so quoted newlines are kept together). */
export async function headRecords(path: string, n: number): Promise<{ line: number; text: string }[]> {
  const head: { line: number; text: string }[] = [];
  for await (const rec of readLogicalRecords(path, true)) {
    head.push(rec);
    if (head.length >= n) break;
  }
  return head;
}

const isNumeric = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

/**
 * Decides format, delimiter and header from the first records. `auto` recognises MovieLens `ratings.dat`
 * (`::`) and `u.data` (four numeric tab-separated columns, no header); otherwise a tab in the first line
 * means TSV, else CSV. A first row is a header when one of its fields is not a number where the second
 * row's is.
 */
export async function detectLayout(path: string, choice: FormatChoice = 'auto'): Promise<Layout> {
  const head = await headRecords(path, SNIFF_RECORDS);
  const first = head[0];
  if (!first) throw new WorkbenchError('DatasetInvalid', `${path}: the file is empty; expected a ratings file`);
  const format: FileFormat =
    choice !== 'auto'
      ? choice
      : first.text.includes('::')
        ? 'movielens'
        : looksLikeUData(first.text)
          ? 'movielens'
          : first.text.includes('\t')
            ? 'tsv'
            : 'csv';
  if (format === 'movielens') {
    const delimiter = first.text.includes('::') ? '::' : '\t';
    return { format, delimiter, hasHeader: false, columns: MOVIELENS_COLUMNS.slice() };
  }
  const delimiter = format === 'tsv' ? '\t' : ',';
  const firstFields = safeSplit(first.text, delimiter);
  const second = head[1] ? safeSplit(head[1].text, delimiter) : null;
  const hasHeader =
    second === null
      ? !firstFields.some(isNumeric)
      : firstFields.some((f, i) => !isNumeric(f) && second[i] !== undefined && isNumeric(second[i]!));
  const columns = hasHeader
    ? firstFields.map((f, i) => f.trim() || `column${i + 1}`)
    : firstFields.map((_, i) => `column${i + 1}`);
  return { format, delimiter, hasHeader, columns };
}

function looksLikeUData(text: string): boolean {
  const fields = text.split('\t');
  return fields.length === 4 && fields.every(isNumeric);
}

function safeSplit(text: string, delimiter: string): string[] {
  try {
    return splitRecord(text, delimiter);
  } catch {
    return text.split(delimiter);
  }
}

const ROLE_PATTERNS: [Role, RegExp][] = [
  ['user', /^(user|customer|member|client|visitor)(_?id)?$|user/i],
  ['item', /^(item|movie|product|book|track|song|article|stockcode)(_?id)?$|item|movie|product/i],
  ['rating', /rating|score|stars|^value$/i],
  ['timestamp', /time|date|^ts$/i],
  ['split', /^split$|^fold$/i],
  ['title', /title|^name$|description/i],
  ['genres', /genre|categor|tags?$/i],
];

/** Proposes a role for each column whose name says it; each role is given to one column at most. */
export function suggestMapping(columns: readonly string[]): Mapping {
  const mapping: Mapping = {};
  const taken = new Set<string>();
  for (const [role, pattern] of ROLE_PATTERNS) {
    const column = columns.find((c) => !taken.has(c) && pattern.test(c));
    if (column !== undefined) {
      mapping[role] = column;
      taken.add(column);
    }
  }
  return mapping;
}

// How a file is read: the user's overrides (anything left out is sniffed), how a delimiter is typed and shown,
// and the exact reading an import must use so that it reads what the preview showed.
import type { Encoding, FilePreview, FormatChoice, ReadOptions } from '../../../shared';

export const FORMAT_CHOICES: { value: FormatChoice; label: string }[] = [
  { value: 'auto', label: 'detect' },
  { value: 'csv', label: 'CSV (comma)' },
  { value: 'tsv', label: 'TSV (tab)' },
  { value: 'delimited', label: 'delimited (other character)' },
  { value: 'movielens', label: 'MovieLens (u.data, ratings.dat)' },
  { value: 'jsonl', label: 'JSON Lines' },
  { value: 'text', label: 'plain text corpus' },
];

export const ENCODINGS: { value: Encoding; label: string }[] = [
  { value: 'utf8', label: 'UTF-8' },
  { value: 'latin1', label: 'Latin-1 (ISO-8859-1)' },
];

/** What the user chose; `delimiter` and `hasHeader` are undefined until they override the sniffed value. */
export interface ReadDraft {
  format: FormatChoice;
  delimiter: string | undefined;
  hasHeader: boolean | undefined;
  encoding: Encoding;
}

export const defaultRead = (): ReadDraft => ({
  format: 'auto',
  delimiter: undefined,
  hasHeader: undefined,
  encoding: 'utf8',
});

/** The preview request's options: only what the user set, so the rest is sniffed. */
export function previewOptions(read: ReadDraft): ReadOptions {
  const out: ReadOptions = { format: read.format, encoding: read.encoding };
  if (read.delimiter !== undefined) out.delimiter = read.delimiter;
  if (read.hasHeader !== undefined) out.hasHeader = read.hasHeader;
  return out;
}

/** Formats whose rows are split on a delimiter (and may have a header row). */
export const isDelimited = (format: FormatChoice): boolean => format !== 'jsonl' && format !== 'text';

/** The reading the preview settled on, pinned for the import: the import then reads exactly that. */
export function pinnedReadOptions(preview: FilePreview, encoding: Encoding): ReadOptions {
  if (!isDelimited(preview.format)) return { format: preview.format, encoding };
  return { format: preview.format, delimiter: preview.delimiter, hasHeader: preview.hasHeader, encoding };
}

/** A delimiter as typed in one line of text: a tab is `\t`. */
export const showDelimiter = (d: string): string => (d === '\t' ? '\\t' : d);

/** What the user typed as a delimiter; '' means "detect it". */
export function parseDelimiter(typed: string): string | undefined {
  if (typed === '') return undefined;
  if (typed === '\\t' || typed.toLowerCase() === 'tab') return '\t';
  return typed;
}

const NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe', ' ': 'space' };

/** `semicolon-delimited, header row, gzip-compressed`: what was found, in words. */
export function describeLayout(preview: FilePreview): string {
  const parts: string[] = [];
  if (preview.format === 'jsonl') parts.push('JSON Lines');
  else if (preview.format === 'text') parts.push('plain text, one document per line');
  else {
    const d = preview.delimiter;
    const name = NAMES[d] ?? `“${d}”`;
    parts.push(preview.format === 'movielens' ? `MovieLens (${name}-separated)` : `${name}-delimited`);
    parts.push(preview.hasHeader ? 'header row' : 'no header row');
  }
  if (preview.gzip) parts.push('gzip-compressed');
  parts.push(`${preview.columns.length} column${preview.columns.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

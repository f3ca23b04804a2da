// Delimited text (RFC 4180 quoting): splitting records into fields and grouping lines into records.
import type { LineBatch } from './source';

/**
 * Splits one record. `delimiter` may be several characters (MovieLens `::`). Quotes are honoured only for a
 * one-character delimiter: a field that starts with `"` runs to the next lone `"`, and `""` inside is a quote.
 */
export function splitRecord(text: string, delimiter: string): string[] {
  if (delimiter.length > 1 || !text.includes('"')) return text.split(delimiter);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < text.length && text[i] !== delimiter) throw new Error(`unexpected text after a closing quote`);
      fields.push(value);
    } else {
      const d = text.indexOf(delimiter, i);
      const end = d < 0 ? text.length : d;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= text.length) return fields;
    i++; // past the delimiter
    if (i === text.length) {
      fields.push('');
      return fields;
    }
  }
}

/**
 * Whether a quoted field is still open at the end of `text`, given whether one was open at its start. Only a
 * quote at the start of a field opens one (RFC 4180), so a stray quote inside an unquoted field (`5'11"`)
 * does not swallow the following lines.
 */
export function quoteOpenAfter(text: string, delimiter: string, open: boolean): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (open) {
      const q = text.indexOf('"', i);
      if (q < 0) return true;
      if (text[q + 1] === '"') {
        i = q + 2;
        continue;
      }
      open = false;
      i = q + 1;
    } else {
      if (text[i] === '"') {
        open = true;
        i++;
        continue;
      }
      const d = text.indexOf(delimiter, i);
      if (d < 0) return false;
      i = d + 1;
    }
  }
  return open;
}

export interface LogicalRecord {
  /** Line on which the record starts (1-based, counting the header). */
  line: number;
  text: string;
}

/** A problem in the file at a known line. */
export class RecordError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/**
 * Groups lines into logical records: with quoting, a quoted field may span lines (quote parity tells when it
 * closes). Blank lines are skipped. Splitting into fields is left to the caller, so that one malformed record
 * can be rejected with its line number without ending the import.
 */
export async function* logicalRecords(
  batches: AsyncIterable<LineBatch>,
  delimiter: string,
): AsyncGenerator<LogicalRecord[]> {
  const quoted = delimiter.length === 1;
  let pending = '';
  let pendingLine = 0;
  let open = false;
  for await (const batch of batches) {
    const out: LogicalRecord[] = [];
    for (let i = 0; i < batch.lines.length; i++) {
      const text = batch.lines[i]!;
      if (open) {
        pending += '\n' + text;
        if (pending.length > MAX_RECORD_CHARS) {
          throw new RecordError(pendingLine, 'a quoted field runs on for megabytes: is a quote left open?');
        }
      } else {
        pending = text;
        pendingLine = batch.firstLine + i;
      }
      if (quoted && (open || text.includes('"'))) open = quoteOpenAfter(text, delimiter, open);
      if (open) continue;
      if (pending.length > 0 && pending.trim() !== '') out.push({ line: pendingLine, text: pending });
    }
    if (out.length) yield out;
  }
  if (open) throw new RecordError(pendingLine, 'a quoted field is opened here and never closed');
}

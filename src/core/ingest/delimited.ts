// Reading delimited text (RFC 4180 quoting) as records with their 1-based line numbers, streamed.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

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

function quoteParity(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n & 1;
}

export interface LogicalRecord {
  /** Line on which the record starts (1-based, counting the header). */
  line: number;
  text: string;
}

/**
 * Streams the logical records of a file: a quoted field may span lines (quote parity tells when it closes).
 * Blank lines are skipped; a UTF-8 byte-order mark is dropped. Splitting into fields is left to the caller so
 * that one malformed record can be rejected with its line number without ending the import.
 */
export async function* readLogicalRecords(path: string, quoted: boolean): AsyncGenerator<LogicalRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let pending = '';
  let pendingLine = 0;
  let open = 0;
  for await (let text of lines) {
    lineNo++;
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (open) {
      pending += '\n' + text;
    } else {
      pending = text;
      pendingLine = lineNo;
    }
    if (quoted) open ^= quoteParity(text);
    if (open) continue;
    if (pending.trim() !== '') yield { line: pendingLine, text: pending };
  }
  if (open) throw new RecordError(pendingLine, 'a quoted field is opened here and never closed');
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

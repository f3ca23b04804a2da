// What the fuzzer feeds the importer's readers, and what must hold for every input: the delimited reader
// (sniffing, line reading with its encodings and line ends, quoted records, field splitting) and the text
// tokenizer with its streaming corpus reader. A refusal is fine; a crash or a broken invariant is a bug.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkbenchError } from '../../../shared';
import { logicalRecords, RecordError, splitRecord } from '../delimited';
import { detectLayout } from '../formats';
import { rowBatches } from '../records';
import { byteChunks, readLines } from '../source';
import { createTokenizer, KERAS_FILTERS, textPieces } from '../text';
import { textChunks } from '../textBytes';
import type { Target } from './engine';

/** The code whose coverage guides the fuzzer. */
export const SCRIPTS = ['/src/core/ingest/'];

const refusal = (err: unknown): boolean => err instanceof WorkbenchError || err instanceof RecordError;
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`invariant broken: ${what}`);
}

/** A field as RFC 4180 writes it for `delimiter`. */
const quoted = (f: string, d: string): string =>
  f.includes(d) || /["\r\n]/.test(f) || f.startsWith('"') ? `"${f.replace(/"/g, '""')}"` : f;

export function delimitedTarget(dir: string): Target {
  const path = join(dir, 'input.csv');
  return async (input) => {
    writeFileSync(path, input);
    try {
      const layout = await detectLayout(path);
      let last = 0;
      for await (const rows of rowBatches(path, layout, {})) {
        for (const row of rows) {
          check(row.line > last, `line numbers increase (${row.line} after ${last})`);
          last = row.line;
          if (row.fields) check(row.fields.length === layout.columns.length, 'a row has as many fields as columns');
          else check(typeof row.error === 'string' && row.error.length > 0, 'a rejected row says why');
        }
      }
      // Splitting and RFC 4180 quoting are inverses for a one-character delimiter.
      if (layout.delimiter.length !== 1) return;
      for await (const records of logicalRecords(readLines(path), layout.delimiter)) {
        for (const rec of records) {
          let fields: string[];
          try {
            fields = splitRecord(rec.text, layout.delimiter);
          } catch {
            continue; // a malformed record: the importer rejects it by line
          }
          const again = splitRecord(
            fields.map((f) => quoted(f, layout.delimiter)).join(layout.delimiter),
            layout.delimiter,
          );
          check(JSON.stringify(again) === JSON.stringify(fields), `quoting round-trips ${JSON.stringify(fields)}`);
        }
      }
    } catch (err) {
      if (!refusal(err)) throw err;
    }
  };
}

export function tokenizerTarget(dir: string): Target {
  const path = join(dir, 'input.txt');
  return async (input) => {
    // First byte: options; the rest is the text (a file for the streaming reader).
    const flags = input[0] ?? 0;
    const filters = flags & 2 ? input.subarray(1, 1 + (flags >> 4)).toString('latin1') : KERAS_FILTERS;
    const tokenize = createTokenizer({ lower: (flags & 1) === 0, filters });
    const body = input.subarray(1);
    const text = body.toString('utf8');
    for (const t of tokenize(text)) {
      check(t !== '', 'no empty token');
      check(!/\s/u.test(t), `no whitespace inside ${JSON.stringify(t)}`);
      check(![...filters].some((c) => t.includes(c)), `no filter character inside ${JSON.stringify(t)}`);
    }
    writeFileSync(path, body);
    let whole: string;
    try {
      const chunks: Buffer[] = [];
      for await (const c of textChunks(path, byteChunks(path))) chunks.push(c);
      whole = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)).replace(/^\uFEFF/, '');
    } catch (err) {
      if (refusal(err) || err instanceof TypeError) return; // not text, or not UTF-8: refused as such
      throw err;
    }
    // The streaming reader gives each line's tokens exactly as tokenising the whole line does.
    const streamed: string[][] = [];
    try {
      for await (const pieces of textPieces(path, tokenize, {}))
        for (const p of pieces) (streamed[p.line - 1] ??= []).push(...p.tokens);
    } catch (err) {
      if (refusal(err)) return;
      throw err;
    }
    const expected = whole.split('\n').map(tokenize);
    for (let i = 0; i < expected.length; i++)
      check(
        JSON.stringify(streamed[i] ?? []) === JSON.stringify(expected[i]),
        `line ${i + 1} streams as ${JSON.stringify(streamed[i] ?? [])}, not ${JSON.stringify(expected[i])}`,
      );
  };
}

/** Words worth inserting: the framing of delimited text, encodings' marks, number forms, long runs. */
export const DICTIONARY = [
  ',',
  ';',
  '\t',
  '|',
  '::',
  '"',
  '""',
  '\n',
  '\r',
  '\r\n',
  '\uFEFF',
  '\xff\xfe',
  '\xfe\xff',
  '\x00',
  '{',
  '}',
  'user,item,rating\n',
  '0x10',
  '1e309',
  'NaN',
  '-0',
  '2024-01-01T00:00:00Z',
  'é',
  '\u2028',
  '\x85',
  'İ',
].map((w) => Buffer.from(w, w.startsWith('\xff') || w.startsWith('\xfe') ? 'latin1' : 'utf8'));

// What kind of text a file holds, decided from its first chunk before any line is read: UTF-16 (with or
// without a byte-order mark) is decoded to UTF-8, a binary file or archive is refused as such (before any
// advice about Latin-1), and old Mac line endings (a lone CR) become LF so that no file reads as one row.
import { TextDecoder } from 'node:util';
import type { Encoding } from '../../shared';
import { WorkbenchError } from '../../shared';

const SNIFF = 4096;
const CR = 0x0d;
const LF = 0x0a;

/** Archives and binary formats a user may pick by mistake, by their first bytes. */
const MAGIC: [number[], string][] = [
  [
    [0x50, 0x4b, 0x03, 0x04],
    'this is a ZIP archive (an Excel .xlsx workbook is one), not text: unzip it, or open it in a spreadsheet and save it as CSV',
  ],
  [[0x25, 0x50, 0x44, 0x46], 'this is a PDF document, not text: export its table as CSV'],
  [
    [0x50, 0x41, 0x52, 0x31],
    'this is a Parquet file, not text: convert it to CSV (e.g. pandas.read_parquet(…).to_csv(…))',
  ],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'this is an SQLite database, not text: export the table as CSV'],
];

/** UTF-16 from a byte-order mark, or from ASCII-range text with every other byte 0 (no mark). */
export function sniffUtf16(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(head.length, SNIFF) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= 0.6 * pairs && evenZeros <= 0.05 * pairs) return 'utf-16le';
  if (evenZeros >= 0.6 * pairs && oddZeros <= 0.05 * pairs) return 'utf-16be';
  return null;
}

/** Why the first bytes are not text (a NUL byte, mostly control bytes, a known binary format), or null. */
export function binaryProblem(head: Buffer): string | null {
  for (const [magic, what] of MAGIC) if (magic.every((b, i) => head[i] === b)) return what;
  const sample = head.subarray(0, SNIFF);
  const nul = sample.indexOf(0);
  if (nul >= 0)
    return `this looks like a binary file, not text (byte 0x00 at offset ${nul}): choose a CSV, TSV, JSON Lines or text file`;
  let control = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== LF && b !== CR && b !== 0x0c) control++;
  if (sample.length >= 64 && control > 0.1 * sample.length)
    return `this looks like a binary file, not text (${control} control bytes in the first ${sample.length}): choose a CSV, TSV, JSON Lines or text file`;
  return null;
}

/** Whether the first chunk ends its lines with a lone CR (old Mac), i.e. has CRs and no LF at all. */
export function loneCrLines(head: Buffer): boolean {
  return head.indexOf(LF) < 0 && head.indexOf(CR) >= 0;
}

/**
 * A file's byte chunks (from `byteChunks`) as UTF-8 (or Latin-1 when asked for) with LF line ends. UTF-16 is decoded strictly: a broken sequence is refused naming UTF-16.
 */
export async function* textChunks(
  path: string,
  chunks: AsyncIterable<Buffer>,
  encoding: Encoding = 'utf8',
): AsyncGenerator<Buffer> {
  let utf16: TextDecoder | null = null;
  let crLines = false;
  let first = true;
  let offset = 0;
  for await (const raw of chunks) {
    let chunk = raw;
    if (first) {
      first = false;
      const kind = sniffUtf16(raw);
      if (kind && (encoding !== 'latin1' || raw[0] === 0xff || raw[0] === 0xfe))
        utf16 = new TextDecoder(kind, { fatal: true });
      else {
        const binary = binaryProblem(raw);
        if (binary) throw new WorkbenchError('DatasetInvalid', `${path}: ${binary}`);
      }
    }
    if (utf16) {
      try {
        chunk = Buffer.from(utf16.decode(raw, { stream: true }), 'utf8');
      } catch {
        throw new WorkbenchError(
          'DatasetInvalid',
          `${path}: the file is UTF-16 but is not valid UTF-16 near byte ${offset}: save it again as UTF-8 (or UTF-16) text`,
        );
      }
      if (chunk.includes(0))
        throw new WorkbenchError(
          'DatasetInvalid',
          `${path}: the file reads as UTF-16 but holds NUL characters: it is not text`,
        );
    }
    offset += raw.length;
    if (offset === raw.length) crLines = loneCrLines(chunk);
    if (crLines) {
      chunk = Buffer.from(chunk); // a copy: the stream may reuse its buffer
      for (let i = chunk.indexOf(CR); i >= 0; i = chunk.indexOf(CR, i + 1)) chunk[i] = LF;
    }
    if (chunk.length) yield chunk;
  }
  if (utf16) {
    try {
      const rest = utf16.decode();
      if (rest) yield Buffer.from(rest, 'utf8');
    } catch {
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path}: the file is UTF-16 but ends in the middle of a character: it is cut off`,
      );
    }
  }
}

// Reads a file as batches of text lines with line numbers: gzip detected by its magic bytes, UTF-8 checked
// (or Latin-1 when asked), progress by bytes, cancel between chunks, and a cap on line length.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Encoding } from '../../shared';
import { WorkbenchError } from '../../shared';
import { textChunks } from './textBytes';

export interface SourceOptions {
  encoding?: Encoding;
  signal?: AbortSignal;
  /** Bytes of the file consumed so far (compressed bytes for gzip) and the file's size. */
  onBytes?: (bytes: number, total: number) => void;
  /** Longest line accepted, in bytes (a guard against a wrong delimiter or a binary file). */
  maxLineBytes?: number;
}

export interface LineBatch {
  /** 1-based number of the first line in `lines`. */
  firstLine: number;
  lines: string[];
}

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
const CHUNK = 1 << 20;
/**
 * A gzip file that expands more than this many times is refused once it has produced BOMB_AFTER bytes: real
 * CSV compresses 3–20×, while a decompression bomb (deflate reaches ~1000×) would fill memory with rows.
 */
const BOMB_RATIO = 200;
const BOMB_AFTER = 16 * 1024 * 1024;

export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * The raw byte chunks of a file, gunzipped when needed. Progress (`onBytes`) is reported after the consumer
 * has taken each chunk: the bytes processed so far, or for gzip the compressed bytes read so far.
 */
export async function* byteChunks(path: string, opts: SourceOptions = {}): AsyncGenerator<Buffer> {
  const total = statSync(path).size;
  const gzip = isGzip(path);
  const raw = createReadStream(path, { highWaterMark: CHUNK });
  let compressed = 0;
  raw.on('data', (b) => {
    compressed += b.length;
  });
  const gunzip = gzip ? createGunzip({ chunkSize: CHUNK }) : null;
  const stream = gunzip ? raw.pipe(gunzip) : raw;
  raw.on('error', (e) => stream.destroy(e));
  let processed = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new WorkbenchError('Cancelled', 'the import was cancelled');
      // `bytesWritten`: the compressed bytes zlib has consumed so far (not what the file stream read ahead).
      if (gunzip && processed > BOMB_AFTER && processed > BOMB_RATIO * gunzip.bytesWritten)
        throw new WorkbenchError(
          'DatasetInvalid',
          `${path}: the gzip data expands over ${BOMB_RATIO} times (${gunzip.bytesWritten} bytes to ${processed} so far): this looks like a decompression bomb, not a data file; if it is real, decompress it yourself and import the result`,
        );
      yield chunk;
      processed += chunk.length;
      opts.onBytes?.(gzip ? compressed : processed, total);
    }
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') {
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path}: the gzip data is corrupt or truncated (${(err as Error).message})`,
      );
    }
    throw new WorkbenchError('FileUnreadable', `${path}: ${(err as Error).message}`);
  } finally {
    raw.destroy();
  }
}

/** Index of the first byte that starts an invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

function countNewlines(b: Buffer, end: number): number {
  let n = 0;
  for (let i = b.indexOf(0x0a); i >= 0 && i < end; i = b.indexOf(0x0a, i + 1)) n++;
  return n;
}

/**
 * Decodes a run of complete lines. UTF-8 is checked strictly: the first bad byte is reported with its line
 * and the way out (`--encoding latin1`), never silently replaced.
 */
function decode(path: string, bytes: Buffer, firstLine: number, encoding: Encoding, decoder: TextDecoder): string {
  if (encoding === 'latin1') return bytes.toString('latin1');
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = firstLine + countNewlines(bytes, at);
    const nul = bytes.indexOf(0);
    if (nul >= 0)
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path}: line ${firstLine + countNewlines(bytes, nul)} holds binary data (byte 0x00): this is not a text file`,
      );
    const hex = (bytes[at] ?? 0).toString(16).padStart(2, '0');
    throw new WorkbenchError(
      'DatasetInvalid',
      `${path}: line ${line}: byte 0x${hex} is not valid UTF-8; if the file is Latin-1 (ISO-8859-1), import it with encoding latin1`,
    );
  }
}

/** Batches of lines (without their `\n` or `\r\n`); a UTF-8 byte-order mark at the start is dropped. */
export async function* readLines(path: string, opts: SourceOptions = {}): AsyncGenerator<LineBatch> {
  const encoding = opts.encoding ?? 'utf8';
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry: Buffer = Buffer.alloc(0);
  let lineNo = 1;
  let first = true;
  const emit = (bytes: Buffer): LineBatch => {
    let text = decode(path, bytes, lineNo, encoding, decoder);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
    const batch = { firstLine: lineNo, lines };
    lineNo += lines.length;
    return batch;
  };
  for await (const chunk of textChunks(path, byteChunks(path, opts), encoding)) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = buf.lastIndexOf(0x0a);
    if (cut < 0) {
      carry = buf;
      if (carry.length > maxLine) throw longLine(path, lineNo, maxLine);
      continue;
    }
    carry = buf.subarray(cut + 1);
    if (carry.length > maxLine) throw longLine(path, lineNo + countNewlines(buf, cut + 1), maxLine);
    yield emit(buf.subarray(0, cut));
  }
  if (carry.length > 0) yield emit(carry);
}

function longLine(path: string, line: number, max: number): WorkbenchError {
  return new WorkbenchError(
    'DatasetInvalid',
    `${path}: line ${line} is longer than ${Math.round(max / 1024 / 1024)} MiB: is this a binary file, or a corpus to import with format text?`,
  );
}

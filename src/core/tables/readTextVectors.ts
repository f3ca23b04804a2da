// Reader for word2vec text (first line `rows dim`) and GloVe text (no header) files: `key v1 … vdim` per line,
// streamed in chunks; rejects ragged rows, non-numeric values and row counts that disagree with the header.
import { createReadStream, statSync } from 'node:fs';
import { parseFloatToken } from './floatText';
import {
  countDuplicates,
  GrowingRows,
  invalid,
  unreadable,
  type ImportedVectors,
  type VectorReadOptions,
} from './vectorFile';

export interface TextReadOptions extends VectorReadOptions {
  /** `auto` (default): a first line of exactly two whole numbers is a header, as gensim assumes. */
  header?: 'auto' | 'present' | 'absent';
}

const WHOLE = /^\d+$/;

export async function readTextVectors(path: string, options: TextReadOptions = {}): Promise<ImportedVectors> {
  const mode = options.header ?? 'auto';
  let fileBytes: number;
  try {
    fileBytes = statSync(path).size;
  } catch (err) {
    throw unreadable(path, err);
  }
  const keys: string[] = [];
  let store: GrowingRows | null = null;
  let headerRows = -1;
  let dim = 0;
  let lineNo = 0;
  let firstBlank = 0; // line number of a blank line not yet followed by data (blank lines are only allowed at the end)

  const onLine = (raw: string): void => {
    lineNo++;
    let end = raw.length;
    // Trailing CR (CRLF files), spaces and tabs (some GloVe releases end lines with a space) are not data.
    while (
      end > 0 &&
      (raw.charCodeAt(end - 1) === 13 || raw.charCodeAt(end - 1) === 32 || raw.charCodeAt(end - 1) === 9)
    )
      end--;
    let line = end === raw.length ? raw : raw.slice(0, end);
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.length === 0) {
      if (firstBlank === 0) firstBlank = lineNo;
      return;
    }
    if (firstBlank !== 0) throw invalid(path, `line ${firstBlank}`, 'empty line between vectors');
    const tokens = line.includes('\t') || line.includes('  ') ? line.split(/[ \t]+/) : line.split(' ');
    if (store === null) {
      const looksLikeHeader = tokens.length === 2 && WHOLE.test(tokens[0]!) && WHOLE.test(tokens[1]!);
      if (mode === 'present' && !looksLikeHeader)
        throw invalid(path, 'line 1', `expected a word2vec header "rows dim", found "${line.slice(0, 60)}"`);
      if (looksLikeHeader && mode !== 'absent') {
        headerRows = Number(tokens[0]);
        dim = Number(tokens[1]);
        if (dim < 1) throw invalid(path, 'line 1', `the header gives dim ${dim}; it must be at least 1`);
        // Every value takes at least two bytes ("0 "): a larger claim is a damaged or wrong header.
        if (headerRows * dim * 2 > fileBytes)
          throw invalid(
            path,
            'line 1',
            `the header says ${headerRows} rows × ${dim} values, more than the file's ${fileBytes} bytes can hold`,
          );
        store = new GrowingRows(dim, headerRows, options.leadingRows ?? 0);
        return;
      }
      dim = tokens.length - 1;
      if (dim < 1) throw invalid(path, `line ${lineNo}`, `a key with no values ("${line.slice(0, 60)}")`);
      // Rows ≈ file size / this line's size with 10% to spare (one allocation for most files), at most the
      // count that 8 bytes per value would give (a short first line must not reserve far too much).
      const guess = Math.ceil(Math.min((1.1 * fileBytes) / (raw.length + 1), fileBytes / (dim * 8 + 8)));
      store = new GrowingRows(dim, Math.min(1 << 22, guess), options.leadingRows ?? 0);
    }
    if (tokens.length !== dim + 1)
      throw invalid(
        path,
        `line ${lineNo}`,
        `ragged row: key "${tokens[0]!.slice(0, 60)}" has ${tokens.length - 1} values, expected ${dim}` +
          (headerRows >= 0 ? ' (the header’s dim)' : ' (as on the first line)'),
      );
    if (headerRows >= 0 && store.rows === headerRows)
      throw invalid(path, `line ${lineNo}`, `more rows than the header's ${headerRows}`);
    const slot = store.next();
    for (let d = 0; d < dim; d++) {
      const v = parseFloatToken(tokens[d + 1]!);
      if (v === null)
        throw invalid(
          path,
          `line ${lineNo}`,
          `value ${d + 1} of key "${tokens[0]!.slice(0, 60)}" is not a number: "${tokens[d + 1]!.slice(0, 40)}"`,
        );
      slot[d] = v;
    }
    keys.push(tokens[0]!);
  };

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let bytesRead = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      bytesRead += (chunk as Buffer).length;
      let text: string;
      try {
        text = rest + decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        const line = lineNo + 1 + badLineInChunk(chunk as Buffer);
        throw invalid(path, `line ${line}`, 'not valid UTF-8 text (is it a binary word2vec file?)');
      }
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        onLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
      options.onProgress?.({
        bytes: bytesRead,
        totalBytes: fileBytes,
        rows: keys.length,
        dim,
        headerRows: headerRows >= 0 ? headerRows : null,
      });
    }
    rest += decoder.decode();
  } catch (err) {
    throw unreadable(path, err);
  }
  if (rest.length > 0) onLine(rest);
  if (store === null) throw invalid(path, 'line 1', 'the file has no vectors');
  const filled: GrowingRows = store;
  if (headerRows >= 0 && filled.rows !== headerRows)
    throw invalid(path, `line ${lineNo}`, `the header says ${headerRows} rows but the file ends after ${filled.rows}`);
  return {
    path,
    format: headerRows >= 0 ? 'word2vec' : 'glove',
    rows: filled.rows,
    dim,
    keys,
    data: filled.finish(),
    duplicateKeys: countDuplicates(keys),
  };
}

/** How many lines into `chunk` the first invalid UTF-8 sequence is (for the error message only). */
function badLineInChunk(chunk: Buffer): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 0; ; line++) {
    const nl = chunk.indexOf(0x0a, start);
    try {
      strict.decode(chunk.subarray(start, nl === -1 ? chunk.length : nl));
    } catch {
      return line;
    }
    if (nl === -1) return line;
    start = nl + 1;
  }
}

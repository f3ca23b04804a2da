// Text into word tokens with Keras' Tokenizer semantics, and a streaming reader for plain-text corpora
// (one document per line; a line may be 100 MB, as text8 is, so nothing holds a whole line).
import type { Encoding, TokenizerOptions } from '../../shared';
import { WorkbenchError } from '../../shared';
import { byteChunks, firstInvalidUtf8, type SourceOptions } from './source';
import { textChunks } from './textBytes';

/** Keras' default `filters`: punctuation, tab and newline (`'` is kept, so "don't" stays one word). */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export type Tokenize = (text: string) => string[];

/** Lower-case (by default), replace every filter character by a space, split on whitespace. */
export function createTokenizer(opts: TokenizerOptions = {}): Tokenize {
  const lower = opts.lower ?? true;
  const filters = opts.filters ?? KERAS_FILTERS;
  const escaped = [...filters].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('');
  const re = escaped ? new RegExp(`[${escaped}\\s]+`, 'u') : /\s+/u;
  return (text) => {
    const parts = (lower ? text.toLowerCase() : text).split(re);
    return parts.filter((p) => p !== '');
  };
}

export interface TextPiece {
  /** Line (document) the tokens belong to. */
  line: number;
  tokens: string[];
  /** False when the document goes on in the next piece. */
  ends: boolean;
}

const WHITESPACE = /\s/u;

/**
 * Streams a corpus as pieces of documents. Decoding is streaming UTF-8 (strict unless Latin-1 is asked for);
 * a chunk boundary inside a word carries the word's start over to the next chunk.
 */
export async function* textPieces(
  path: string,
  tokenize: Tokenize,
  opts: SourceOptions & { encoding?: Encoding },
): AsyncGenerator<TextPiece[]> {
  const decoder = new TextDecoder(opts.encoding === 'latin1' ? 'latin1' : 'utf-8', { fatal: true });
  let line = 1;
  let tail = ''; // an unfinished word (or line) carried into the next chunk
  let first = true;
  let bytesBefore: Buffer = Buffer.alloc(0);
  for await (const chunk of textChunks(path, byteChunks(path, opts), opts.encoding)) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const joined = Buffer.concat([bytesBefore, chunk]);
      const at = firstInvalidUtf8(joined);
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path}: line ${line}: byte 0x${(joined[Math.max(at, 0)] ?? 0).toString(16)} is not valid UTF-8 near here; if the file is Latin-1, import it with encoding latin1`,
      );
    }
    bytesBefore = chunk.subarray(Math.max(0, chunk.length - 4));
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    text = tail + text;
    const pieces: TextPiece[] = [];
    const docs = text.split('\n');
    for (let d = 0; d < docs.length - 1; d++) {
      pieces.push({ line, tokens: tokenize(docs[d]!), ends: true });
      line++;
    }
    // The last document is open: tokenise up to its last whitespace, keep the unfinished word.
    const open = docs[docs.length - 1]!;
    let cut = open.length;
    while (cut > 0 && !WHITESPACE.test(open[cut - 1]!)) cut--;
    if (cut > 0) pieces.push({ line, tokens: tokenize(open.slice(0, cut)), ends: false });
    tail = open.slice(cut);
    if (tail.length > 1024 * 1024) {
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path}: line ${line} has a "word" over 1 MiB long: is this a text file?`,
      );
    }
    if (pieces.length) yield pieces;
  }
  const rest = tail + decoder.decode();
  if (rest.trim() !== '') yield [{ line, tokens: tokenize(rest), ends: true }];
}

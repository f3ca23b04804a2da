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
 * Characters tokenised at once, and tokens handed over at once. Their strings then die young: tokenising a whole
 * 1 MB chunk kept ~170k strings alive across the collector's passes (with keys copied out, importing 17M tokens
 * of text peaked at 404 MiB in 1 MB pieces, 340 in windows).
 */
const WINDOW = 1 << 16;
const BATCH_TOKENS = 1 << 14;

/** Where the window from `from` ends: at a whitespace before WINDOW characters, or after the word that is longer. */
function windowEnd(doc: string, from: number): number {
  if (doc.length - from <= WINDOW) return doc.length;
  let to = from + WINDOW;
  while (to > from && !WHITESPACE.test(doc[to - 1]!)) to--;
  if (to > from) return to;
  const next = doc.slice(from + WINDOW).search(WHITESPACE);
  return next < 0 ? doc.length : from + WINDOW + next + 1;
}

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
    const docs = text.split('\n');
    // The last document is open: tokenise up to its last whitespace, keep the unfinished word.
    const open = docs[docs.length - 1]!;
    let cut = open.length;
    while (cut > 0 && !WHITESPACE.test(open[cut - 1]!)) cut--;
    docs[docs.length - 1] = open.slice(0, cut);
    tail = open.slice(cut);
    let batch: TextPiece[] = [];
    let held = 0;
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d]!;
      const complete = d < docs.length - 1;
      if (doc === '' && complete) batch.push({ line, tokens: [], ends: true });
      for (let from = 0; from < doc.length;) {
        const to = windowEnd(doc, from);
        const tokens = tokenize(doc.slice(from, to));
        batch.push({ line, tokens, ends: complete && to === doc.length });
        held += tokens.length;
        from = to;
        if (held >= BATCH_TOKENS) {
          yield batch;
          batch = [];
          held = 0;
        }
      }
      if (complete) line++;
    }
    if (tail.length > 1024 * 1024) {
      throw new WorkbenchError(
        'DatasetInvalid',
        `${path}: line ${line} has a "word" over 1 MiB long: is this a text file?`,
      );
    }
    if (batch.length) yield batch;
  }
  const rest = tail + decoder.decode();
  if (rest.trim() !== '') yield [{ line, tokens: tokenize(rest), ends: true }];
}

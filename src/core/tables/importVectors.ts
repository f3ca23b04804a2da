// Importing pretrained vectors: pick the reader (word2vec text/binary, GloVe) and lay the vectors out on a
// vocabulary's rows, counting how many vocabulary keys the file covers.
import { closeSync, openSync, readSync } from 'node:fs';
import type { VocabEntry } from '../store/datasets';
import { spaceFreeKey } from './keys';
import { readTextVectors } from './readTextVectors';
import { readWord2vecBinary } from './readWord2vecBinary';
import { unreadable, type ImportedVectors, type VectorFileFormat, type VectorReadOptions } from './vectorFile';

export type { ImportedVectors, VectorFileFormat, VectorReadOptions, VectorReadProgress } from './vectorFile';

/**
 * Binary word2vec has a text header, then raw float32: a control byte other than tab/CR/LF in the first 4 KiB
 * after the header line (random float bytes hit one almost at once) means binary.
 */
export function detectVectorFormat(path: string): VectorFileFormat {
  const head = Buffer.alloc(4096);
  let n: number;
  try {
    const fd = openSync(path, 'r');
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw unreadable(path, err);
  }
  const bytes = head.subarray(0, n);
  const nl = bytes.indexOf(0x0a);
  const first = bytes
    .subarray(0, nl === -1 ? n : nl)
    .toString('latin1')
    .trim();
  if (!/^\d+ \d+$/.test(first)) return 'glove';
  for (const b of bytes.subarray(nl + 1))
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return 'word2vec-binary';
  return 'word2vec';
}

/** Reads a word2vec text/binary or GloVe file; `auto` sniffs the format (see detectVectorFormat). */
export function readVectors(
  path: string,
  format: VectorFileFormat | 'auto' = 'auto',
  options: VectorReadOptions = {},
): Promise<ImportedVectors> {
  const f = format === 'auto' ? detectVectorFormat(path) : format;
  if (f === 'word2vec-binary') return readWord2vecBinary(path, options);
  return readTextVectors(path, { ...options, header: f === 'word2vec' ? 'present' : 'absent' });
}

export interface AlignedVectors {
  /** `rows × dim`, row `v.idx` holding the vector of `v.key`; rows without a vector are zero. */
  data: Float32Array;
  rows: number;
  dim: number;
  /** 1 where the row got a vector from the file. */
  found: Uint8Array;
  /** Vocabulary keys found in the file (`matchedByRule` of them only after the whitespace → `_` rule). */
  foundKeys: number;
  matchedByRule: number;
  missingKeys: number;
  /** File keys no vocabulary entry asked for. */
  unusedFileKeys: number;
}

/**
 * Places imported vectors on the rows of a vocabulary (`rows` = table rows, PAD and OOV included). A key
 * matches exactly, or else after the word2vec key rule (so `new york` finds `new_york` written by our export).
 * The first of duplicate file keys wins, as in gensim.
 */
export function alignToVocabulary(
  imported: ImportedVectors,
  vocab: readonly VocabEntry[],
  rows: number,
): AlignedVectors {
  const { dim } = imported;
  const byKey = new Map<string, number>();
  imported.keys.forEach((k, i) => {
    if (!byKey.has(k)) byKey.set(k, i);
  });
  const data = new Float32Array(rows * dim);
  const found = new Uint8Array(rows);
  const used = new Uint8Array(imported.rows);
  let foundKeys = 0;
  let matchedByRule = 0;
  for (const v of vocab) {
    if (v.idx < 0 || v.idx >= rows) continue;
    let src = byKey.get(v.key);
    if (src === undefined) {
      src = byKey.get(spaceFreeKey(v.key));
      if (src !== undefined) matchedByRule++;
    }
    if (src === undefined) continue;
    data.set(imported.data.subarray(src * dim, (src + 1) * dim), v.idx * dim);
    found[v.idx] = 1;
    used[src] = 1;
    foundKeys++;
  }
  let usedCount = 0;
  for (const u of used) usedCount += u;
  return {
    data,
    rows,
    dim,
    found,
    foundKeys,
    matchedByRule,
    missingKeys: vocab.length - foundKeys,
    unusedFileKeys: byKey.size - usedCount,
  };
}

// What the word2vec/GloVe readers return, and the errors they throw (naming the file and line or row).
import { WorkbenchError } from '../../shared';

export type VectorFileFormat = 'word2vec' | 'word2vec-binary' | 'glove';

/** Vectors read from a file: `data` is rows × dim, row-major, in file order; `keys[i]` names row i. */
export interface ImportedVectors {
  path: string;
  format: VectorFileFormat;
  rows: number;
  dim: number;
  keys: string[];
  data: Float32Array;
  /** Keys seen more than once (gensim keeps the first; so does alignToVocabulary). */
  duplicateKeys: number;
}

/** `DatasetInvalid` with the file and where in it, so the message says what to fix. */
export function invalid(path: string, where: string, what: string): WorkbenchError {
  return new WorkbenchError('DatasetInvalid', `${path}, ${where}: ${what}`);
}

/** ENOENT/EACCES and friends become `FileUnreadable`; anything else passes through. */
export function unreadable(path: string, err: unknown): unknown {
  if (err instanceof WorkbenchError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string')
    return new WorkbenchError('FileUnreadable', `cannot read ${path}: ${(err as Error).message}`);
  return err;
}

export function countDuplicates(keys: readonly string[]): number {
  const seen = new Set<string>();
  let dup = 0;
  for (const k of keys) {
    if (seen.has(k)) dup++;
    else seen.add(k);
  }
  return dup;
}

/** A Float32Array that doubles when full, for files whose row count is not known up front (GloVe). */
export class GrowingRows {
  private buf: Float32Array;
  rows = 0;
  constructor(
    readonly dim: number,
    expectedRows = 1024,
  ) {
    this.buf = new Float32Array(Math.max(1, expectedRows) * dim);
  }
  /** The slot for the next row. */
  next(): Float32Array {
    const need = (this.rows + 1) * this.dim;
    if (need > this.buf.length) {
      const bigger = new Float32Array(Math.max(need, this.buf.length * 2));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    const slot = this.buf.subarray(this.rows * this.dim, need);
    this.rows++;
    return slot;
  }
  /** The rows × dim data (a copy only when the buffer is larger than needed). */
  finish(): Float32Array {
    const n = this.rows * this.dim;
    return n === this.buf.length ? this.buf : this.buf.slice(0, n);
  }
}

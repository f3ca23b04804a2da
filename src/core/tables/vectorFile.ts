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

/** Reading progress: bytes of the file read so far, its size, and rows read (about once per MiB). */
export interface VectorReadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
  /** The vector size once the header or first row told it (0 before). */
  dim: number;
  /** The rows a word2vec header announces; null for GloVe (no header) or before the header is read. */
  headerRows: number | null;
}

export interface VectorReadOptions {
  /** Called after each chunk of the file; throwing from it (e.g. on cancel) stops the read with that error. */
  onProgress?: (p: VectorReadProgress) => void;
  /**
   * Zero rows to reserve in front of the data (2 for a table's PAD and OOV): `data` is then a view that starts
   * after them, and the whole table is `new Float32Array(data.buffer, data.byteOffset - n·dim·4, …)`, no copy.
   */
  leadingRows?: number;
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
  /** `lead` zero rows stay in front of the data (see VectorReadOptions.leadingRows). */
  constructor(
    readonly dim: number,
    expectedRows = 1024,
    private readonly lead = 0,
  ) {
    this.buf = new Float32Array((lead + Math.max(1, expectedRows)) * dim);
  }
  /** The slot for the next row. */
  next(): Float32Array {
    const need = (this.lead + this.rows + 1) * this.dim;
    if (need > this.buf.length) {
      const bigger = new Float32Array(Math.max(need, this.buf.length * 2));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    const slot = this.buf.subarray(need - this.dim, need);
    this.rows++;
    return slot;
  }
  /**
   * The rows × dim data: without leading rows a copy when the buffer is larger than needed; with them (a table
   * being imported, written once and dropped) a view, so that a large file's floats are never held twice.
   */
  finish(): Float32Array {
    const n = (this.lead + this.rows) * this.dim;
    if (this.lead > 0) return this.buf.subarray(this.lead * this.dim, n);
    return n === this.buf.length ? this.buf : this.buf.slice(0, n);
  }
}

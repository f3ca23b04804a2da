// word2vec's corpus left in the database (a text corpus trained whole: train/process.ts). Each thread reads the
// sequences of the chunk it trains, as gensim streams its corpus from a file, instead of the run holding the
// corpus (34 MB packed for 17M tokens); offsets and counts stay in memory.
import { youngCollection } from '../runtime';
import { sequenceTokenReader } from '../store/datasets';
import { openDb, type Db } from '../store/db';

/** Where a stored corpus's tokens are. */
export interface StoredTokens {
  dbPath: string;
  datasetId: number;
}

/** One thread's reader, on a read-only connection of its own. */
export class StoredChunks {
  private readonly db: Db;
  private readonly reader: (from: number, to: number, into: Int32Array) => Int32Array;
  private buffer: Int32Array = new Int32Array(0);

  /** `size`: the vocabulary size, every id below it. */
  constructor(stored: StoredTokens, offsets: Int32Array, size: number) {
    this.db = openDb(stored.dbPath, { readonly: true });
    this.reader = sequenceTokenReader(this.db, stored.datasetId, offsets, size, youngCollection());
  }

  /** The tokens of sequences [from, to), in an array this reader reuses. */
  read(from: number, to: number): Int32Array {
    this.buffer = this.reader(from, to, this.buffer);
    return this.buffer;
  }

  close(): void {
    this.db.close();
  }
}

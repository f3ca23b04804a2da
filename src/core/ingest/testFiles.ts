// Test helpers for importer tests: a fresh database and files written into a temporary folder.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDb, type Db } from '../store/db';
import { tempDir } from '../testing';

export function importFixture(): {
  db: () => Db;
  file: (name: string, text: string | Buffer, gzip?: boolean) => string;
  cleanup: () => void;
} {
  const tmp = tempDir();
  let n = 0;
  return {
    db: () => openDb(join(tmp.dir, `p${n++}.db`)),
    file: (name, text, gzip = false) => {
      const path = join(tmp.dir, name);
      writeFileSync(path, gzip ? gzipSync(text) : text);
      return path;
    },
    cleanup: tmp.cleanup,
  };
}

/** Little-endian BLOB columns back into arrays. */
export const blobInts = (b: Buffer): number[] => Array.from(new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4));
export const blobFloats64 = (b: Buffer): number[] =>
  Array.from(new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8));

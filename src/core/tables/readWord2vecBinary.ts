// Reader for word2vec binary files (word2vec.c's -binary 1 layout, also gensim's): a `rows dim\n` header,
// then per row a UTF-8 key ended by a space and dim little-endian float32; a `\n` after the vector is optional
// (word2vec.c writes it, gensim 4 does not; both readers skip newlines before a key, and so do we).
import { createReadStream, statSync } from 'node:fs';
import { countDuplicates, invalid, unreadable, type ImportedVectors, type VectorReadOptions } from './vectorFile';

/** A key longer than this without a space means the file is not (or no longer) aligned as word2vec binary. */
const MAX_KEY_BYTES = 1 << 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export async function readWord2vecBinary(path: string, options: VectorReadOptions = {}): Promise<ImportedVectors> {
  let fileBytes: number;
  try {
    fileBytes = statSync(path).size;
  } catch (err) {
    throw unreadable(path, err);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const lead = options.leadingRows ?? 0;
  const keys: string[] = [];
  let rows = -1;
  let dim = 0;
  let data = new Float32Array(0);
  let vectorBytes = 0;
  let consumed = 0; // file offset of `pending[0]`
  let pending: Buffer = Buffer.alloc(0);

  const where = (offset: number): string => `row ${keys.length + 1} (byte ${offset})`;

  /** Parses what it can from `buf`; returns how many bytes it used. */
  const parse = (buf: Buffer): number => {
    let p = 0;
    if (rows < 0) {
      const nl = buf.indexOf(0x0a);
      if (nl === -1) {
        if (buf.length > 256) throw invalid(path, 'line 1', 'no "rows dim" header line');
        return 0;
      }
      const header = buf.subarray(0, nl).toString('latin1').trim();
      const m = /^(\d+) (\d+)$/.exec(header);
      if (!m) throw invalid(path, 'line 1', `expected a header "rows dim", found "${header.slice(0, 60)}"`);
      const r = Number(m[1]);
      dim = Number(m[2]);
      if (dim < 1) throw invalid(path, 'line 1', `the header gives dim ${dim}; it must be at least 1`);
      vectorBytes = dim * 4;
      // Each row needs at least a 1-byte key, a space and the vector: refuse to allocate for a damaged header.
      if (r * (vectorBytes + 2) > fileBytes - nl - 1)
        throw invalid(
          path,
          'line 1',
          `truncated: the header says ${r} rows of ${dim} float32 (${r * (vectorBytes + 2)}+ bytes) but only ${fileBytes - nl - 1} bytes follow`,
        );
      rows = r;
      data = new Float32Array((lead + rows) * dim);
      p = nl + 1;
    }
    while (keys.length < rows) {
      let k = p;
      while (k < buf.length && buf[k] === 0x0a) k++; // the optional `\n` after the previous vector
      const space = buf.indexOf(0x20, k);
      if (space === -1) {
        if (buf.length - k > MAX_KEY_BYTES)
          throw invalid(
            path,
            where(consumed + k),
            `no space after a key within ${MAX_KEY_BYTES} bytes: is dim ${dim} right?`,
          );
        return p;
      }
      if (buf.length - space - 1 < vectorBytes) return p;
      if (space === k) throw invalid(path, where(consumed + k), `empty key: is dim ${dim} right?`);
      let key: string;
      try {
        key = decoder.decode(buf.subarray(k, space));
      } catch {
        throw invalid(path, where(consumed + k), `key is not valid UTF-8: is dim ${dim} right?`);
      }
      const row = keys.length;
      const src = buf.subarray(space + 1, space + 1 + vectorBytes);
      if (LITTLE_ENDIAN) new Uint8Array(data.buffer, (lead + row) * vectorBytes, vectorBytes).set(src);
      else for (let d = 0; d < dim; d++) data[(lead + row) * dim + d] = src.readFloatLE(d * 4);
      keys.push(key);
      p = space + 1 + vectorBytes;
    }
    return p;
  };

  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
      const used = parse(buf);
      consumed += used;
      pending = buf.subarray(used);
      if (rows >= 0 && keys.length === rows) {
        // Anything after the last row but newlines is a sign the header's count or dim is wrong.
        for (const b of pending)
          if (b !== 0x0a) throw invalid(path, `byte ${consumed}`, `data after the ${rows} rows the header announces`);
        consumed += pending.length;
        pending = Buffer.alloc(0);
      }
      options.onProgress?.({
        bytes: consumed + pending.length,
        totalBytes: fileBytes,
        rows: keys.length,
        dim,
        headerRows: rows >= 0 ? rows : null,
      });
    }
  } catch (err) {
    throw unreadable(path, err);
  }
  if (rows < 0) throw invalid(path, 'line 1', 'no "rows dim" header line');
  if (keys.length < rows)
    throw invalid(
      path,
      where(consumed),
      `truncated: the file ends after ${keys.length} of ${rows} rows (${pending.length} bytes of an incomplete row)`,
    );
  const out = lead === 0 ? data : data.subarray(lead * dim);
  return { path, format: 'word2vec-binary', rows, dim, keys, data: out, duplicateKeys: countDuplicates(keys) };
}

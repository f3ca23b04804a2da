// NumPy `.npy` (format version 1.0, numpy/lib/format.py): the table as `<f4`, C order, shape (rows, dim),
// a vocabulary file beside it (one key per line, same order), when asked the bias as a (rows,) `.npy`, and
// the rows' training support as a (rows,) `<i4` `.train_count.npy` when the table has it.
import type { TableTransfer } from '../../shared';
import { join } from 'node:path';
import type { VocabEntry } from '../store/datasets';
import { applyKeyRule, lineFreeKey } from './keys';
import { writeFiles, type PartialFile } from './partialFile';
import { rowView, selectRows, untrainedReport, type TableExportOptions, type TableExportResult } from './tableRows';

/**
 * The header numpy 1.24 writes for a little-endian float32 C-order array: magic `\x93NUMPY`, version 1.0, a
 * uint16 LE header length, then the dict literal padded with spaces (numpy leaves room for the first axis to
 * grow to 21 digits) and `\n`, so that data starts at a multiple of 64 bytes.
 */
export function npyHeader(shape: readonly number[], descr: '<f4' | '<i4' = '<f4'): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  dict += ' '.repeat(shape.length > 0 ? 21 - String(shape[0]).length : 0);
  // numpy's _wrap_header: padlen = 64 - (unpadded % 64), so an exact multiple still gets 64 spaces.
  const unpadded = 6 + 2 + 2 + dict.length + 1;
  const total = unpadded + 64 - (unpadded % 64);
  const header = Buffer.alloc(total, 0x20);
  header.write('\x93NUMPY', 0, 'latin1');
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(total - 10, 8);
  header.write(dict, 10, 'latin1');
  header[total - 1] = 0x0a;
  return header;
}

export async function exportNpy(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  const selected = selectRows(table, vocab, options);
  const { rows, keys, bias, counts } = selected;
  const safe = applyKeyRule(keys, lineFreeKey);
  const paths = [join(outDir, `${table.name}.npy`), join(outDir, `${table.name}.vocab.txt`)];
  if (bias) paths.push(join(outDir, `${table.name}.bias.npy`));
  if (counts) paths.push(join(outDir, `${table.name}.train_count.npy`));
  await writeFiles(paths, async ([vectors, vocabFile, ...more]) => {
    const biasFile = bias ? more[0] : undefined;
    const countFile = counts ? more[bias ? 1 : 0] : undefined;
    await vectors!.writeBytes(npyHeader([rows.length, table.dim]));
    for (let i = 0; i < rows.length; i++) {
      await writeFloat32(vectors!, rowView(table, rows[i]!));
      await vocabFile!.writeText(`${safe.keys[i]!}\n`);
    }
    if (bias && biasFile) {
      await biasFile.writeBytes(npyHeader([rows.length]));
      const values = new Float32Array(rows.length);
      for (let i = 0; i < rows.length; i++) values[i] = bias[rows[i]!]!;
      await writeFloat32(biasFile, values);
    }
    if (counts && countFile) {
      await countFile.writeBytes(npyHeader([counts.length], '<i4'));
      await countFile.writeBytes(littleEndianInt32(counts));
    }
  });
  return {
    type: 'result',
    files: paths,
    rows: rows.length,
    dim: table.dim,
    keysReplaced: safe.replaced,
    keyCollisions: safe.duplicates,
    biasWritten: bias !== null,
    ...untrainedReport(selected, options, true),
  };
}

/** `<f4` is little-endian; a Float32Array is in the machine's order, so swap on a big-endian machine. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** `<i4` bytes of an Int32Array (swapped on a big-endian machine). */
function littleEndianInt32(values: Int32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, true);
  return out;
}

async function writeFloat32(file: PartialFile, values: Float32Array): Promise<void> {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN) return file.writeBytes(bytes);
  const swapped = new Uint8Array(values.byteLength);
  const view = new DataView(swapped.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return file.writeBytes(swapped);
}

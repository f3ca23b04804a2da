// word2vec binary, as word2vec.c writes it with -binary 1: an ASCII header `rows dim\n`, then per row the
// UTF-8 key, a space, dim little-endian float32 and `\n`. (gensim 4 omits that `\n`; its reader, like
// word2vec.c's, skips it, so both layouts load everywhere.)
import type { TableTransfer } from '../../shared';
import { join } from 'node:path';
import type { VocabEntry } from '../store/datasets';
import { applyKeyRule, spaceFreeKey } from './keys';
import { writeFiles } from './partialFile';
import { rowView, selectRows, untrainedReport, type TableExportOptions, type TableExportResult } from './tableRows';

export async function exportWord2vecBinary(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  const path = join(outDir, `${table.name}.word2vec.bin`);
  const selected = selectRows(table, vocab, options);
  const { rows, keys } = selected;
  const safe = applyKeyRule(keys, spaceFreeKey);
  const vector = new Uint8Array(table.dim * 4 + 1);
  const view = new DataView(vector.buffer);
  vector[table.dim * 4] = 0x0a;
  await writeFiles([path], async ([file]) => {
    await file!.writeBytes(Buffer.from(`${rows.length} ${table.dim}\n`, 'ascii'));
    for (let i = 0; i < rows.length; i++) {
      await file!.writeBytes(Buffer.from(`${safe.keys[i]!} `, 'utf8'));
      const row = rowView(table, rows[i]!);
      // DataView pins the byte order: the format is little-endian whatever the machine.
      for (let d = 0; d < row.length; d++) view.setFloat32(d * 4, row[d]!, true);
      await file!.writeBytes(vector);
    }
  });
  return {
    type: 'result',
    files: [path],
    rows: rows.length,
    dim: table.dim,
    keysReplaced: safe.replaced,
    keyCollisions: safe.duplicates,
    biasWritten: false, // the format has no place for it

    // No room for a count: rows never trained are only left out with onlyTrained.
    ...untrainedReport(selected, options, false),
  };
}

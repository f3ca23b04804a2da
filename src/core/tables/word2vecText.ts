// word2vec text (header `rows dim`, as word2vec.c's -binary 0 and gensim write it) and GloVe text (the same
// lines without the header, as the Stanford GloVe release ships): `key v1 … vdim\n`, single spaces.
import type { TableTransfer } from '../../shared';
import { join } from 'node:path';
import type { VocabEntry } from '../store/datasets';
import { formatFloat32 } from './floatText';
import { applyKeyRule, spaceFreeKey } from './keys';
import { writeFiles } from './partialFile';
import { rowView, selectRows, untrainedReport, type TableExportOptions, type TableExportResult } from './tableRows';

export async function exportWord2vecText(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  return writeTextVectors(table, vocab, join(outDir, `${table.name}.word2vec.txt`), true, options);
}

export async function exportGlove(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  return writeTextVectors(table, vocab, join(outDir, `${table.name}.glove.txt`), false, options);
}

async function writeTextVectors(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  path: string,
  header: boolean,
  options: TableExportOptions,
): Promise<TableExportResult> {
  const selected = selectRows(table, vocab, options);
  const { rows, keys } = selected;
  const safe = applyKeyRule(keys, spaceFreeKey);
  await writeFiles([path], async ([file]) => {
    if (header) await file!.writeText(`${rows.length} ${table.dim}\n`);
    for (let i = 0; i < rows.length; i++) await file!.writeText(textLine(safe.keys[i]!, rowView(table, rows[i]!)));
  });
  return {
    type: 'result',
    files: [path],
    rows: rows.length,
    dim: table.dim,
    keysReplaced: safe.replaced,
    keyCollisions: safe.duplicates,
    biasWritten: false, // neither format has a place for it

    // No room for a count: rows never trained are only left out with onlyTrained.
    ...untrainedReport(selected, options, false),
  };
}

/** One `key v1 … vdim\n` line; the key must already be space-free. */
export function textLine(key: string, row: Float32Array): string {
  let line = key;
  for (let d = 0; d < row.length; d++) line += ' ' + formatFloat32(row[d]!);
  return line + '\n';
}

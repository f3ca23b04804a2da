// CSV with a key column (RFC 4180: CRLF line ends, fields quoted only when they must be): header
// `key,d0,…,d{dim-1}[,bias][,train_count]`, then one row per key. Keys are written exactly, quoted where needed, except
// that keys a spreadsheet would run as formulas get a leading `'` unless `neutralizeFormulas` is false.
import type { TableTransfer } from '../../shared';
import { join } from 'node:path';
import type { VocabEntry } from '../store/datasets';
import { formatFloat32 } from './floatText';
import { csvField, formulaSafe } from './keys';
import { writeFiles } from './partialFile';
import { rowView, selectRows, untrainedReport, type TableExportOptions, type TableExportResult } from './tableRows';

export async function exportCsv(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  const path = join(outDir, `${table.name}.csv`);
  const selected = selectRows(table, vocab, options);
  const { rows, keys, bias, counts } = selected;
  const columns = [
    'key',
    ...Array.from({ length: table.dim }, (_, d) => `d${d}`),
    ...(bias ? ['bias'] : []),
    ...(counts ? ['train_count'] : []),
  ];
  const neutralize = options.neutralizeFormulas !== false;
  let formulaCells = 0;
  await writeFiles([path], async ([file]) => {
    await file!.writeText(`${columns.join(',')}\r\n`);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const row = rowView(table, r);
      const key = neutralize ? formulaSafe(keys[i]!) : keys[i]!;
      if (key !== keys[i]) formulaCells++;
      let line = csvField(key);
      for (let d = 0; d < row.length; d++) line += ',' + formatFloat32(row[d]!);
      if (bias) line += ',' + formatFloat32(bias[r]!);
      if (counts) line += ',' + counts[i]!;
      await file!.writeText(line + '\r\n');
    }
  });
  return {
    type: 'result',
    files: [path],
    rows: rows.length,
    dim: table.dim,
    keysReplaced: 0,
    keyCollisions: 0,
    biasWritten: bias !== null,
    formulaCells,
    ...untrainedReport(selected, options, true),
  };
}

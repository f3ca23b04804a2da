// JSON: `{"dim","rows","keys":[…],"vectors":[[…],…],"bias"?:[…],"train_counts"?:[…]}` (RFC 8259), streamed one key or row per
// line. Keys are exact (JSON escapes any character); numbers are the shortest float32 decimals.
import type { TableTransfer } from '../../shared';
import { join } from 'node:path';
import { WorkbenchError } from '../../shared';
import type { VocabEntry } from '../store/datasets';
import { formatFloat32 } from './floatText';
import { writeFiles } from './partialFile';
import { rowView, selectRows, untrainedReport, type TableExportOptions, type TableExportResult } from './tableRows';

export async function exportJson(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  const path = join(outDir, `${table.name}.json`);
  const selected = selectRows(table, vocab, options);
  const { rows, keys, bias, counts } = selected;
  await writeFiles([path], async ([file]) => {
    const f = file!;
    await f.writeText(`{"dim":${table.dim},"rows":${rows.length},\n"keys":[`);
    for (let i = 0; i < rows.length; i++) await f.writeText(`${i ? ',' : ''}\n${JSON.stringify(keys[i]!)}`);
    await f.writeText('\n],\n"vectors":[');
    for (let i = 0; i < rows.length; i++) {
      const row = rowView(table, rows[i]!);
      let line = i ? ',\n[' : '\n[';
      for (let d = 0; d < row.length; d++) line += (d ? ',' : '') + jsonNumber(row[d]!, keys[i]!);
      await f.writeText(line + ']');
    }
    await f.writeText('\n]');
    if (bias) {
      await f.writeText(',\n"bias":[');
      for (let i = 0; i < rows.length; i++) await f.writeText((i ? ',' : '') + jsonNumber(bias[rows[i]!]!, keys[i]!));
      await f.writeText(']');
    }
    if (counts) {
      await f.writeText(',\n"train_counts":[');
      for (let i = 0; i < counts.length; i += 1024) {
        const part = Array.from(counts.subarray(i, i + 1024)).join(',');
        await f.writeText((i ? ',' : '') + part);
      }
      await f.writeText(']');
    }
    await f.writeText('}\n');
  });
  return {
    type: 'result',
    files: [path],
    rows: rows.length,
    dim: table.dim,
    keysReplaced: 0,
    keyCollisions: 0,
    biasWritten: bias !== null,
    ...untrainedReport(selected, options, true),
  };
}

function jsonNumber(x: number, key: string): string {
  if (!Number.isFinite(x))
    throw new WorkbenchError(
      'BadRequest',
      `the row of "${key}" holds ${x}, which JSON cannot represent; export as npy, word2vec or CSV instead`,
    );
  return formatFloat32(x);
}

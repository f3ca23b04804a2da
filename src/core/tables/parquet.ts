// Parquet (Apache Parquet format, through hyparquet-writer): columns `key` (UTF8 string), `vector`
// (LIST<FLOAT>, the shape Spark, DuckDB, pandas/pyarrow and vector stores read as an embedding) and, when
// written, `bias` (FLOAT) and `train_count` (INT32, the row's training support). Written one row group at a time, so memory stays at one group.
import type { TableTransfer } from '../../shared';
import { join } from 'node:path';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { VocabEntry } from '../store/datasets';
import { writeFiles, type PartialFile } from './partialFile';
import { rowView, selectRows, untrainedReport, type TableExportOptions, type TableExportResult } from './tableRows';

/**
 * 256K values (1 MB of floats) per row group. Encoding a group makes many short-lived JS arrays (the
 * writer's Dremel levels), and at 2M values a 1M × 128 export peaked near +1 GB of heap; at 256K it stays
 * near +100 MB and runs faster. Readers do not mind: pyarrow, DuckDB and Spark read many small groups.
 */
const GROUP_FLOATS = 262_144;

export interface ParquetExportOptions extends TableExportOptions {
  /** Rows per row group; default 256K values' worth. */
  groupRows?: number;
}

/** A ByteWriter that hands each finished row group to the `.partial` file and starts over. */
export class GroupFlushingWriter extends ByteWriter {
  constructor(private readonly file: PartialFile) {
    super(1 << 20);
  }
  flush(): Promise<void> {
    const chunk = new Uint8Array(this.buffer, 0, this.index).slice();
    this.index = 0;
    return this.file.writeBytes(chunk);
  }
  override finish(): Promise<void> {
    return this.flush();
  }
}

export async function exportParquet(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: ParquetExportOptions = {},
): Promise<TableExportResult> {
  const path = join(outDir, `${table.name}.parquet`);
  const selected = selectRows(table, vocab, options);
  const { rows, keys, bias, counts } = selected;
  await writeFiles([path], async ([file]) => {
    const writer = new ParquetWriter({
      writer: new GroupFlushingWriter(file!),
      schema: [
        { name: 'schema', num_children: 2 + (bias ? 1 : 0) + (counts ? 1 : 0) },
        { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        // The three-level LIST layout the Parquet spec (LogicalTypes.md, "Lists") asks writers to use.
        { name: 'vector', converted_type: 'LIST', repetition_type: 'REQUIRED', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
        ...(bias ? [{ name: 'bias', type: 'FLOAT' as const, repetition_type: 'REQUIRED' as const }] : []),
        ...(counts ? [{ name: 'train_count', type: 'INT32' as const, repetition_type: 'REQUIRED' as const }] : []),
      ],
      kvMetadata: [
        { key: 'embedding_workbench.table', value: table.name },
        { key: 'embedding_workbench.dim', value: String(table.dim) },
      ],
      createdBy: 'Embedding Workbench (hyparquet-writer)',
    });
    const groupRows = options.groupRows ?? Math.max(1, Math.floor(GROUP_FLOATS / Math.max(1, table.dim)));
    for (let start = 0; start < rows.length; start += groupRows) {
      const end = Math.min(rows.length, start + groupRows);
      const vectors: number[][] = [];
      for (let i = start; i < end; i++) vectors.push(Array.from(rowView(table, rows[i]!)));
      const columnData: ColumnSource[] = [
        { name: 'key', data: keys.slice(start, end) },
        // Random-looking floats gain nothing from a dictionary: PLAIN skips the attempt.
        { name: 'vector', data: vectors, encoding: 'PLAIN', statistics: false },
      ];
      if (bias) {
        const b = Float32Array.from(rows.subarray(start, end), (r) => bias[r]!);
        columnData.push({ name: 'bias', data: b, encoding: 'PLAIN', statistics: false });
      }
      if (counts) columnData.push({ name: 'train_count', data: counts.slice(start, end) });
      await writer.write({ columnData, rowGroupSize: end - start });
    }
    await writer.finish();
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

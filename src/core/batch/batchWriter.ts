// A batch result's rows, streamed to CSV (RFC 4180, formula-safe text cells) or Parquet (one row group per
// `GROUP_ROWS` rows) through a `.partial` file renamed when whole: a cancelled or failed batch leaves nothing.
import { ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { BatchFormat } from '../../shared';
import { formatFloat32 } from '../tables/floatText';
import { csvField, formulaSafe } from '../tables/keys';
import { GroupFlushingWriter } from '../tables/parquet';
import { writeFiles, type PartialFile } from '../tables/partialFile';

/**
 * Column kinds: `text` (UTF-8, may be null), `int` (INT32), `double` (scores, written in full: the CSV reads
 * back as the same double) and `float` (float32 values such as probabilities, as their shortest decimal).
 */
export type ColumnKind = 'text' | 'int' | 'double' | 'float';
export interface BatchColumn {
  name: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;

const GROUP_ROWS = 50_000;

export interface RowSink {
  write(row: readonly Cell[]): Promise<void>;
  readonly rows: number;
}

const PARQUET_TYPES = { text: 'BYTE_ARRAY', int: 'INT32', double: 'DOUBLE', float: 'FLOAT' } as const;

function csvCell(kind: ColumnKind, v: Cell): string {
  if (v === null) return '';
  if (kind === 'text') return csvField(formulaSafe(String(v)));
  if (kind === 'float') return formatFloat32(v as number);
  return String(v);
}

async function csvSink(file: PartialFile, columns: readonly BatchColumn[], fill: (sink: RowSink) => Promise<void>) {
  await file.writeText(`${columns.map((c) => csvField(c.name)).join(',')}\r\n`);
  let rows = 0;
  await fill({
    async write(row) {
      let line = '';
      for (let c = 0; c < columns.length; c++) line += (c ? ',' : '') + csvCell(columns[c]!.kind, row[c] ?? null);
      rows++;
      await file.writeText(`${line}\r\n`);
    },
    get rows() {
      return rows;
    },
  });
}

async function parquetSink(
  file: PartialFile,
  columns: readonly BatchColumn[],
  meta: Record<string, string>,
  fill: (sink: RowSink) => Promise<void>,
) {
  const writer = new ParquetWriter({
    writer: new GroupFlushingWriter(file),
    schema: [
      { name: 'schema', num_children: columns.length },
      ...columns.map((c) => ({
        name: c.name,
        type: PARQUET_TYPES[c.kind],
        ...(c.kind === 'text' ? { converted_type: 'UTF8' as const } : {}),
        repetition_type: c.kind === 'text' ? ('OPTIONAL' as const) : ('REQUIRED' as const),
      })),
    ],
    kvMetadata: Object.entries(meta).map(([key, value]) => ({ key: `embedding_workbench.${key}`, value })),
    createdBy: 'Embedding Workbench (hyparquet-writer)',
  });
  let group: Cell[][] = columns.map(() => []);
  let rows = 0;
  const flush = async (): Promise<void> => {
    const n = group[0]!.length;
    if (n === 0) return;
    const columnData: ColumnSource[] = columns.map((c, i) => {
      const values = group[i]!;
      const data =
        c.kind === 'int'
          ? Int32Array.from(values as number[])
          : c.kind === 'double'
            ? Float64Array.from(values as number[])
            : c.kind === 'float'
              ? Float32Array.from(values as number[])
              : values;
      return { name: c.name, data, ...(c.kind === 'text' ? { nullable: true } : { encoding: 'PLAIN' as const }) };
    });
    await writer.write({ columnData, rowGroupSize: n });
    group = columns.map(() => []);
  };
  await fill({
    async write(row) {
      for (let c = 0; c < columns.length; c++) group[c]!.push(row[c] ?? null);
      rows++;
      if (group[0]!.length >= GROUP_ROWS) await flush();
    },
    get rows() {
      return rows;
    },
  });
  await flush();
  await writer.finish();
}

/** Writes `path` in `format` with these columns; `fill` streams the rows. Returns the rows written. */
export async function writeBatchFile(
  path: string,
  format: BatchFormat,
  columns: readonly BatchColumn[],
  meta: Record<string, string>,
  fill: (sink: RowSink) => Promise<void>,
): Promise<number> {
  let written = 0;
  await writeFiles([path], async ([file]) => {
    const counting = async (sink: RowSink): Promise<void> => {
      await fill(sink);
      written = sink.rows;
    };
    if (format === 'parquet') await parquetSink(file!, columns, meta, counting);
    else await csvSink(file!, columns, counting);
  });
  return written;
}

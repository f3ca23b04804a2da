// One entry point for every table export format, so the CLI, services and the Export dialog share one list.
import type { VocabEntry } from '../store/datasets';
import type { StoredTable } from '../store/runs';
import { exportCsv } from './csv';
import { exportJson } from './json';
import { exportNpy } from './npy';
import { exportParquet } from './parquet';
import { applyKeyRule } from './keys';
import { exportProjector, tsvCell } from './projector';
import type { TableExportOptions, TableExportResult } from './tableRows';
import { exportWord2vecBinary } from './word2vecBinary';
import { exportGlove, exportWord2vecText } from './word2vecText';

export const TABLE_FORMATS = [
  'projector',
  'word2vec',
  'word2vec-binary',
  'glove',
  'csv',
  'npy',
  'json',
  'parquet',
] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const isTableFormat = (s: string): s is TableFormat => (TABLE_FORMATS as readonly string[]).includes(s);

type Exporter = (
  table: StoredTable,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions,
) => Promise<TableExportResult>;

const EXPORTERS: Record<TableFormat, Exporter> = {
  projector: async (table, vocab, outDir, options) => {
    const result = await exportProjector(table, vocab, outDir, options);
    const safe = applyKeyRule(
      vocab.map((v) => v.key),
      tsvCell,
    );
    return { ...result, keysReplaced: safe.replaced, keyCollisions: safe.duplicates, biasWritten: false };
  },
  word2vec: exportWord2vecText,
  'word2vec-binary': exportWord2vecBinary,
  glove: exportGlove,
  csv: exportCsv,
  npy: exportNpy,
  json: exportJson,
  parquet: exportParquet,
};

/** Writes `table` with its vocabulary into `outDir` (created if missing) in `format`; see docs/export-formats.md. */
export function exportTable(
  format: TableFormat,
  table: StoredTable,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  return EXPORTERS[format](table, vocab, outDir, options);
}

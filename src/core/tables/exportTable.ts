// One entry point for every table export format (the list is the contract's EXPORT_FORMATS).
import type { ExportFormat, TableTransfer } from '../../shared';
import { EXPORT_FORMATS, onlyTrainedByDefault } from '../../shared';
import type { VocabEntry } from '../store/datasets';
import { exportCsv } from './csv';
import { exportJson } from './json';
import { exportNpy } from './npy';
import { exportParquet } from './parquet';
import { applyKeyRule } from './keys';
import { exportProjector, tsvCell } from './projector';
import type { TableExportOptions, TableExportResult } from './tableRows';
import { exportWord2vecBinary } from './word2vecBinary';
import { exportGlove, exportWord2vecText } from './word2vecText';

export const isExportFormat = (s: string): s is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(s);

type Exporter = (
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions,
) => Promise<TableExportResult>;

const EXPORTERS: Record<ExportFormat, Exporter> = {
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
  format: ExportFormat,
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: TableExportOptions = {},
): Promise<TableExportResult> {
  return EXPORTERS[format](table, vocab, outDir, {
    ...options,
    onlyTrained: options.onlyTrained ?? onlyTrainedByDefault(format),
  });
}

// The TensorFlow Projector pair: vectors TSV (one row per id, no header) and metadata TSV (a header line, as
// the Projector requires when there is more than one column; an item metadata file's other columns last, so the
// Projector can colour by them too). PAD and OOV rows are left out unless asked.
import { join } from 'node:path';
import type { ExportResult, TableTransfer } from '../../shared';
import { metaColumnNames, type VocabEntry } from '../store/datasets';
import { formatFloat32 } from './floatText';
import { writeFiles } from './partialFile';
import { formulaSafe } from './keys';
import { rowView, selectRows, untrainedReport, type TableExportOptions } from './tableRows';

/** Tabs and line breaks would split a TSV cell: they become spaces. */
export const tsvCell = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

/** Writes via `.partial` files renamed at the end, so a failure never leaves a half-written export. */
export async function exportProjector(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  outDir: string,
  options: Pick<TableExportOptions, 'includeSpecial' | 'neutralizeFormulas' | 'onlyTrained'> = {},
): Promise<ExportResult> {
  // Metadata cells a spreadsheet would run as formulas (=, +, -, @ first) get a leading ' (docs/export-formats.md).
  let formulaCells = 0;
  const cell = (s: string): string => {
    const clean = tsvCell(s);
    if (options.neutralizeFormulas === false) return clean;
    const safe = formulaSafe(clean);
    if (safe !== clean) formulaCells++;
    return safe;
  };
  const vectorsPath = join(outDir, `${table.name}_vectors.tsv`);
  const metadataPath = join(outDir, `${table.name}_metadata.tsv`);
  const selected = selectRows(table, vocab, {
    includeSpecial: options.includeSpecial,
    includeBias: false,
    onlyTrained: options.onlyTrained,
  });
  const { rows, keys, entries, counts } = selected;
  const extra = metaColumnNames(entries);
  const extraHeader = extra.map((name) => `\t${cell(name)}`).join('');
  await writeFiles([vectorsPath, metadataPath], async ([vectors, metadata]) => {
    // `count`: the dataset's count of the key; `train_count`: the run's training support (0: never trained).
    await metadata!.writeText(`key\ttitle\tgenres\tcount${counts ? '\ttrain_count' : ''}${extraHeader}\n`);
    for (let i = 0; i < rows.length; i++) {
      const row = rowView(table, rows[i]!);
      let line = '';
      for (let d = 0; d < row.length; d++) line += (d ? '\t' : '') + formatFloat32(row[d]!);
      await vectors!.writeText(line + '\n');
      const v = entries[i];
      await metadata!.writeText(
        `${cell(keys[i]!)}\t${cell(v?.title ?? '')}\t${cell(v?.genres.join('|') ?? '')}\t${v?.count ?? 0}${counts ? `\t${counts[i]!}` : ''}` +
          `${extra.map((name) => `\t${cell(v?.columns?.[name] ?? '')}`).join('')}\n`,
      );
    }
  });
  return {
    type: 'result',
    files: [vectorsPath, metadataPath],
    rows: rows.length,
    dim: table.dim,
    formulaCells,
    ...untrainedReport(selected, options, true),
  };
}

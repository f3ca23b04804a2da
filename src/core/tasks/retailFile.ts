// Reading the UCI "Online Retail" file (../shared/data/online-retail.csv.gz) for the tasks derived from it: each
// data row's fields with the index of every column the task needs, and one clear error when the header lacks one.
import { WorkbenchError } from '../../shared';
import { logicalRecords, splitRecord } from '../ingest/delimited';
import { readLines } from '../ingest/source';

/** Calls `onRow` with every data row's fields and the columns' indices; resolves with the data rows read. */
export async function forEachRetailRow<C extends string>(
  path: string,
  columns: readonly C[],
  onRow: (fields: string[], col: Record<C, number>) => void,
): Promise<number> {
  let col: Record<C, number> | null = null;
  let rows = 0;
  for await (const batch of logicalRecords(readLines(path), ',')) {
    for (const rec of batch) {
      const f = splitRecord(rec.text, ',');
      if (!col) {
        const found = Object.fromEntries(columns.map((c) => [c, f.indexOf(c)])) as Record<C, number>;
        const missing = columns.filter((c) => found[c] < 0);
        if (missing.length)
          throw new WorkbenchError(
            'DatasetInvalid',
            `${path}: no column ${missing.join(', ')}; this needs the UCI Online Retail file (header ${columns.join(', ')} …)`,
          );
        col = found;
        continue;
      }
      rows++;
      onRow(f, col);
    }
  }
  if (!col) throw new WorkbenchError('DatasetInvalid', `${path}: the file is empty`);
  return rows;
}

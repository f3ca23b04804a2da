// Streams a file's data rows as field arrays in column order, whatever the format; a malformed row comes
// with its reason instead of fields, so that the importer can reject it by line and go on.
import { WorkbenchError } from '../../shared';
import { logicalRecords, RecordError, splitRecord, type LogicalRecord } from './delimited';
import { jsonCell, type Layout } from './formats';
import { readLines, type SourceOptions } from './source';

export interface Row {
  line: number;
  fields: string[] | null;
  /** Why `fields` is null. */
  error?: string;
}

export async function* rowBatches(path: string, layout: Layout, opts: SourceOptions): AsyncGenerator<Row[]> {
  try {
    yield* rows(path, layout, opts);
  } catch (err) {
    // A record error ends the file (an unclosed quote): name the file as every import error does.
    if (err instanceof RecordError) throw new WorkbenchError('DatasetInvalid', `${path}: ${err.message}`);
    throw err;
  }
}

async function* rows(path: string, layout: Layout, opts: SourceOptions): AsyncGenerator<Row[]> {
  const lines = readLines(path, opts);
  if (layout.format === 'jsonl') {
    const index = new Map(layout.columns.map((c, i) => [c, i]));
    for await (const batch of lines) {
      const rows: Row[] = [];
      batch.lines.forEach((text, i) => {
        if (text.trim() === '') return;
        rows.push(jsonRow(text, batch.firstLine + i, index));
      });
      yield rows;
    }
    return;
  }
  let headerSkipped = !layout.hasHeader;
  for await (const records of logicalRecords(lines, layout.delimiter)) {
    const rows: Row[] = [];
    for (const rec of records) {
      if (!headerSkipped) {
        headerSkipped = true;
        continue;
      }
      try {
        const fields = splitRecord(rec.text, layout.delimiter);
        if (fields.length !== layout.columns.length) {
          rows.push({
            line: rec.line,
            fields: null,
            error: `expected ${layout.columns.length} fields, found ${fields.length}`,
          });
        } else {
          rows.push({ line: rec.line, fields });
        }
      } catch (err) {
        rows.push({ line: rec.line, fields: null, error: (err as Error).message });
      }
    }
    yield rows;
  }
}

/** The data records of a delimited file (header skipped), unsplit: the importer's fast path splits them itself. */
export async function* recordBatches(
  path: string,
  layout: Layout,
  opts: SourceOptions,
): AsyncGenerator<LogicalRecord[]> {
  let headerSkipped = !layout.hasHeader;
  try {
    for await (const records of logicalRecords(readLines(path, opts), layout.delimiter)) {
      if (!headerSkipped && records.length) {
        headerSkipped = true;
        records.shift();
      }
      yield records;
    }
  } catch (err) {
    if (err instanceof RecordError) throw new WorkbenchError('DatasetInvalid', `${path}: ${err.message}`);
    throw err;
  }
}

function jsonRow(text: string, line: number, index: Map<string, number>): Row {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, fields: null, error: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { line, fields: null, error: 'not a JSON object' };
  const fields = new Array<string>(index.size).fill('');
  for (const [k, v] of Object.entries(value)) {
    const at = index.get(k);
    if (at !== undefined) fields[at] = jsonCell(v);
  }
  return { line, fields };
}

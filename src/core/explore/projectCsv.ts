// Projected coordinates as CSV (`key,x,y[,extra…]`, RFC 4180), written to `<path>.partial` and renamed when complete.
import { formatFloat32 } from '../tables/floatText';
import { csvField } from '../tables/keys';
import { writeFiles } from '../tables/partialFile';
import type { Projection } from './project';

/** An extra column (e.g. title, a metadata value, the frequency) looked up by table row. */
export interface ProjectionColumn {
  name: string;
  value: (row: number) => string | number | null | undefined;
}

export interface ProjectionCsvResult {
  path: string;
  rows: number;
}

/** One field: numbers as written by JS, empty for a missing value, quoted only when RFC 4180 §2.6 needs it. */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return csvField(typeof value === 'number' ? String(value) : value);
}

/**
 * Writes one line per point with CRLF line ends (RFC 4180 §2.1), coordinates as the shortest decimal that
 * reads back to the same float32. `key` maps a table row to its vocabulary key.
 */
export async function writeProjectionCsv(
  path: string,
  projection: Projection,
  key: (row: number) => string,
  extra: readonly ProjectionColumn[] = [],
): Promise<ProjectionCsvResult> {
  const { rows, x, y } = projection;
  await writeFiles([path], async ([file]) => {
    await file!.writeText(['key', 'x', 'y', ...extra.map((c) => c.name)].map(field).join(',') + '\r\n');
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      let line = `${field(key(r))},${formatFloat32(x[i]!)},${formatFloat32(y[i]!)}`;
      for (const c of extra) line += ',' + field(c.value(r));
      await file!.writeText(line + '\r\n');
    }
  });
  return { path, rows: rows.length };
}

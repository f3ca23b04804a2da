// Item (or user) metadata from a file of its own, joined to the vocabulary by key (MovieLens movies.csv): the
// title and genres columns, and every other column kept as text for the map's colourings (docs/import.md).
import type { MetadataFile } from '../../shared';
import { WorkbenchError } from '../../shared';
import { splitGenres } from './genres';
import { detectLayout, listColumns, suggestMapping } from './formats';
import { assertReadableFile } from './preview';
import { rowBatches } from './records';

/** What a vocabulary key carries besides its count; `columns` holds a metadata file's other non-empty cells. */
export interface KeyMeta {
  title: string | null;
  genres: string[];
  columns?: Record<string, string>;
}

/**
 * A metadata file's other columns kept at most: enough for year, country, brand, price…; a wide export (a
 * hundred attributes) would otherwise copy itself into every vocabulary row.
 */
export const MAX_EXTRA_COLUMNS = 24;

export interface Metadata {
  byKey: Map<string, KeyMeta>;
  rows: number;
  /** The other columns kept, in file order. */
  columns: string[];
}

export async function readMetadata(file: MetadataFile, role: 'item' | 'user', signal?: AbortSignal): Promise<Metadata> {
  assertReadableFile(file.path);
  const layout = await detectLayout(file.path, file);
  const guess = suggestMapping(layout, []);
  const column = (name: string | undefined, what: string): number => {
    if (name === undefined) return -1;
    const at = layout.columns.indexOf(name);
    if (at < 0)
      throw new WorkbenchError(
        'BadRequest',
        `${file.path}: no column "${name}" (for ${what}); columns are ${listColumns(layout.columns)}`,
      );
    return at;
  };
  const keyAt = column(file.key ?? guess[role] ?? layout.columns[0], 'the key');
  const titleAt = column(file.title ?? guess.title, 'title');
  const genresAt = column(file.genres ?? guess.genres, 'genres');
  const named = new Set([keyAt, titleAt, genresAt]);
  const extra = layout.columns
    .map((name, at) => ({ name, at }))
    .filter((c) => !named.has(c.at) && c.name.trim() !== '')
    .slice(0, MAX_EXTRA_COLUMNS);
  const byKey: Metadata['byKey'] = new Map();
  let rows = 0;
  for await (const batch of rowBatches(file.path, layout, { encoding: file.encoding, signal })) {
    for (const row of batch) {
      if (!row.fields) continue;
      const key = row.fields[keyAt]!.trim();
      if (!key) continue;
      rows++;
      const meta: KeyMeta = {
        title: titleAt >= 0 ? row.fields[titleAt]!.trim() || null : null,
        genres: genresAt >= 0 ? splitGenres(row.fields[genresAt]!) : [],
      };
      const columns: Record<string, string> = {};
      let kept = 0;
      for (const c of extra) {
        const value = (row.fields[c.at] ?? '').trim();
        if (value) [columns[c.name], kept] = [value, kept + 1];
      }
      if (kept > 0) meta.columns = columns;
      byKey.set(key, meta);
    }
  }
  return { byKey, rows, columns: extra.map((c) => c.name) };
}

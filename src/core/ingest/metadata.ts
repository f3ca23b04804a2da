// Item (or user) metadata from a file of its own, joined to the vocabulary by key (MovieLens movies.csv).
import type { MetadataFile } from '../../shared';
import { WorkbenchError } from '../../shared';
import { splitGenres } from './genres';
import { detectLayout, listColumns, suggestMapping } from './formats';
import { assertReadableFile } from './preview';
import { rowBatches } from './records';

export interface Metadata {
  byKey: Map<string, { title: string | null; genres: string[] }>;
  rows: number;
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
  const byKey: Metadata['byKey'] = new Map();
  let rows = 0;
  for await (const batch of rowBatches(file.path, layout, { encoding: file.encoding, signal })) {
    for (const row of batch) {
      if (!row.fields) continue;
      const key = row.fields[keyAt]!.trim();
      if (!key) continue;
      rows++;
      byKey.set(key, {
        title: titleAt >= 0 ? row.fields[titleAt]!.trim() || null : null,
        genres: genresAt >= 0 ? splitGenres(row.fields[genresAt]!) : [],
      });
    }
  }
  return { byKey, rows };
}

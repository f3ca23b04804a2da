// Tables of runs as the explore handlers need them: loaded once and kept (a few, most recent first) so that
// the neighbour index is built once per table, and keys and metadata filters resolved against the vocabulary.
import type { RowFilter, TableTransfer } from '../../shared';
import { WorkbenchError } from '../../shared';
import { loadVocabulary, type VocabEntry } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun, loadTable } from '../store/runs';

export interface LoadedTable {
  table: TableTransfer;
  vocab: VocabEntry[];
  byIdx: Map<number, VocabEntry>;
  byKey: Map<string, number>;
}

const KEEP = 4;

export class TableCache {
  private readonly entries: { key: string; value: LoadedTable }[] = [];

  constructor(private readonly db: Db) {}

  /** Only completed runs are cached: a running run's checkpoint tables change after every epoch. */
  get(runId: number, name: string): LoadedTable {
    const key = `${runId}/${name}`;
    const at = this.entries.findIndex((e) => e.key === key);
    if (at >= 0) {
      const [hit] = this.entries.splice(at, 1);
      this.entries.unshift(hit!);
      return hit!.value;
    }
    const run = getRun(this.db, runId);
    const table = loadTable(this.db, runId, name);
    const vocab = loadVocabulary(this.db, run.datasetId, table.role);
    const value: LoadedTable = {
      table,
      vocab,
      byIdx: new Map(vocab.map((v) => [v.idx, v])),
      byKey: new Map(vocab.map((v) => [v.key, v.idx])),
    };
    if (run.status === 'completed') {
      this.entries.unshift({ key, value });
      this.entries.length = Math.min(this.entries.length, KEEP);
    }
    return value;
  }

  /** Drops a removed run's tables (SQLite may give its id to the next run). */
  forget(runId: number): void {
    for (let i = this.entries.length - 1; i >= 0; i--)
      if (this.entries[i]!.key.startsWith(`${runId}/`)) this.entries.splice(i, 1);
  }
}

export function rowOf(t: LoadedTable, key: string): number {
  const row = t.byKey.get(key);
  if (row === undefined) throw new WorkbenchError('NotFound', `no ${t.table.role} "${key}" in table ${t.table.name}`);
  return row;
}

/** A row predicate for a metadata filter; undefined when there is nothing to filter on. */
export function filterOf(t: LoadedTable, filter: RowFilter | undefined): ((row: number) => boolean) | undefined {
  if (!filter || (!filter.genre && !filter.text)) return undefined;
  const genre = filter.genre?.toLowerCase();
  const text = filter.text?.toLowerCase();
  return (row) => {
    const v = t.byIdx.get(row);
    if (!v) return false;
    if (genre && !v.genres.some((g) => g.toLowerCase() === genre)) return false;
    if (text && !v.key.toLowerCase().includes(text) && !(v.title ?? '').toLowerCase().includes(text)) return false;
    return true;
  };
}

export function describeRow(
  t: LoadedTable,
  row: number,
  score: number,
): { key: string; title: string | null; score: number } {
  const v = t.byIdx.get(row);
  return { key: v?.key ?? String(row), title: v?.title ?? null, score };
}

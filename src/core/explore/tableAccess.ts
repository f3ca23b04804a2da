// Tables of runs as the explore handlers need them: loaded once and kept (a few, most recent first) so that
// the neighbour index is built once per table, with their training support, and keys (or titles) resolved
// against the vocabulary.
import type { KeyRef, Neighbor, TableTransfer } from '../../shared';
import { loadVocabulary, type VocabEntry } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun, loadTable } from '../store/runs';
import { featureOnlyRows } from './featureRows';
import { resolveRow } from './resolveKey';
import { supportOfRow, tableSupport, type TableSupport } from './support';

export interface LoadedTable {
  table: TableTransfer;
  vocab: VocabEntry[];
  byIdx: Map<number, VocabEntry>;
  byKey: Map<string, number>;
  support: TableSupport;
  /** Rows that are their features alone (no training interactions of their own), or null (featureRows.ts). */
  fromFeatures: Uint8Array | null;
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
    const names = run.tables.map((t) => t.name);
    const vocab = loadVocabulary(this.db, run.datasetId, table.role);
    const value: LoadedTable = {
      table,
      vocab,
      byIdx: new Map(vocab.map((v) => [v.idx, v])),
      byKey: new Map(vocab.map((v) => [v.key, v.idx])),
      // Users and items of a run with side features are own row + features (docs/features.md).
      support: tableSupport(run.model, table, vocab, names.includes(`${table.role}_features`)),
      fromFeatures: featureOnlyRows(this.db, run, table),
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

/** The row a key, a title or a part of one names (resolveKey.ts: `Ambiguous` or `NotFound` otherwise). */
export function rowOf(t: LoadedTable, keyOrTitle: string): number {
  return resolveRow(
    {
      role: t.table.role,
      tableName: t.table.name,
      vocab: t.vocab,
      byKey: t.byKey,
      byIdx: t.byIdx,
      counts: t.support.counts,
    },
    keyOrTitle,
  );
}

/** A row as an answer names it: key, title and training support. */
export function refOf(t: LoadedTable, row: number): KeyRef {
  const v = t.byIdx.get(row);
  const ref: KeyRef = { key: v?.key ?? String(row), title: v?.title ?? null, count: supportOfRow(t, row) };
  return t.fromFeatures?.[row] ? { ...ref, fromFeatures: true } : ref;
}

export function describeRow(t: LoadedTable, row: number, score: number): Neighbor {
  return { ...refOf(t, row), score, genres: t.byIdx.get(row)?.genres ?? [] };
}

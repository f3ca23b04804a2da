// Which rows of a table an answer may show: never a row that was not trained (its vector is its random start),
// only rows with at least the minimum support, and only rows matching a metadata filter; what was left out,
// for the result header. Counts come from the run's tables (TableTransfer.counts), else the dataset's vocabulary.
import type { AppliedFilter, RowFilter, RunModel, SupportSource, TableTransfer } from '../../shared';
import { DEFAULT_MIN_COUNT, WorkbenchError } from '../../shared';
import type { VocabEntry } from '../store/datasets';

/** Per-row counts of a table and where they come from; `counts` is null when there are none (imported tables). */
export interface TableSupport {
  counts: Int32Array | null;
  source: SupportSource;
  /** What a count counts, for sentences: `ratings`, `interactions`, `occurrences`. */
  unit: string;
  /** Its rows are own row + features (docs/features.md): a row at 0 had no interactions nor a trained feature. */
  features?: boolean;
}

const UNITS: Partial<Record<RunModel, string>> = { mf: 'ratings', implicit: 'interactions' };

export function tableSupport(
  model: RunModel,
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  features = false,
): TableSupport {
  const unit = UNITS[model] ?? (table.role === 'user' || table.role === 'item' ? 'interactions' : 'occurrences');
  if (table.counts) return { counts: table.counts, source: 'run', unit, ...(features ? { features } : {}) };
  if (model === 'imported') return { counts: null, source: 'none', unit: 'count' };
  // Runs stored before tables kept their counts: the dataset's count of each key is the best there is.
  const counts = new Int32Array(table.rows);
  for (const v of vocab) if (v.idx < table.rows) counts[v.idx] = v.count;
  return { counts, source: 'vocabulary', unit };
}

/** What the row helpers need of a loaded table. */
export interface SupportedTable {
  table: TableTransfer;
  support: TableSupport;
  byIdx: Map<number, VocabEntry>;
  /** Rows that are their features alone (featureRows.ts); null or absent without side features. */
  fromFeatures?: Uint8Array | null;
}

export const supportOfRow = (t: SupportedTable, row: number): number | null => t.support.counts?.[row] ?? null;

export const isTrained = (t: SupportedTable, row: number): boolean =>
  t.support.counts === null || t.support.counts[row]! > 0;

/** How a row is named in messages: its title and key, or its key. */
export function rowLabel(t: SupportedTable, row: number): string {
  const v = t.byIdx.get(row);
  if (!v) return `row ${row}`;
  return v.title ? `"${v.title}" (${t.table.role} ${v.key})` : `${t.table.role} "${v.key}"`;
}

/** A question about a row never trained gets this answer, not neighbours of a random vector. */
export function assertTrained(t: SupportedTable, row: number): void {
  if (isTrained(t, row)) return;
  if (t.support.features)
    throw new WorkbenchError(
      'Untrained',
      `${rowLabel(t, row)} has no training ${t.support.unit} and no feature that trained: it has no vector`,
    );
  const what =
    t.support.unit === 'occurrences'
      ? 'no occurrences in the training corpus (or fewer than the training min-count)'
      : `no training ${t.support.unit}`;
  throw new WorkbenchError('Untrained', `${rowLabel(t, row)} has ${what}: its vector is its random start`);
}

export function minCountOf(filter: RowFilter | undefined): number {
  const n = filter?.minCount ?? DEFAULT_MIN_COUNT;
  if (!Number.isInteger(n) || n < 0)
    throw new WorkbenchError('BadRequest', `minCount must be a whole number ≥ 0 (got ${filter?.minCount})`);
  return n;
}

/**
 * The predicate of the rows an answer may return (trained, at least minCount, matching the metadata filter)
 * and the filter as applied, with the rows the support rule left out. Reserved rows (PAD, OOV) are the
 * searches' business and are not counted.
 */
export function eligibleRows(
  t: SupportedTable,
  filter: RowFilter | undefined,
): { eligible: (row: number) => boolean; applied: AppliedFilter } {
  const { counts, source } = t.support;
  const minCount = counts === null ? 0 : minCountOf(filter);
  const floor = Math.max(1, minCount);
  let untrained = 0;
  let below = 0;
  if (counts)
    for (let r = 2; r < t.table.rows; r++) {
      const c = counts[r]!;
      if (c === 0) untrained++;
      else if (c < floor) below++;
    }
  const onlyNew = filter?.fromFeatures === true;
  if (onlyNew && !t.fromFeatures)
    throw new WorkbenchError(
      'BadRequest',
      `table ${t.table.name} has no rows from features alone: its run was trained without side features (--features)`,
    );
  const genre = filter?.genre?.trim().toLowerCase() || null;
  const text = filter?.text?.trim().toLowerCase() || null;
  const eligible = (row: number): boolean => {
    if (counts && counts[row]! < floor) return false;
    if (onlyNew && t.fromFeatures![row] !== 1) return false;
    if (!genre && !text) return true;
    const v = t.byIdx.get(row);
    if (!v) return false;
    if (genre && !v.genres.some((g) => g.toLowerCase() === genre)) return false;
    if (text && !v.key.toLowerCase().includes(text) && !(v.title ?? '').toLowerCase().includes(text)) return false;
    return true;
  };
  return {
    eligible,
    applied: {
      genre: filter?.genre?.trim() || null,
      text: filter?.text?.trim() || null,
      minCount,
      ...(onlyNew ? { fromFeatures: true } : {}),
      support: source,
      rows: Math.max(0, t.table.rows - 2),
      untrained,
      belowMinCount: below,
    },
  };
}

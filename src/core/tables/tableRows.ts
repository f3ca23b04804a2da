// Which rows of a stored table an export writes, in which order, under which keys; options shared by formats.
import type { TableTransfer } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { VocabEntry } from '../store/datasets';

/** Keys of the reserved rows, which the vocabulary does not store (Keras: 0 is padding, 1 out-of-vocabulary). */
export const PAD_KEY = '<pad>';
export const OOV_KEY = '<oov>';

export interface TableExportOptions {
  /** Write the PAD and OOV rows (0 and 1) first, keyed `<pad>` and `<oov>`. Default false. */
  includeSpecial?: boolean;
  /** Write the per-row bias where the format has a place for it and the table has one. Default true. */
  includeBias?: boolean;
  /** CSV and the Projector's TSV: text cells a spreadsheet would run as formulas get a leading `'` (default true). */
  neutralizeFormulas?: boolean;
  /** Leave out rows never trained (the table's counts say 0). Default false: they are written, and marked
   * by their `train_count` of 0 where the format has room. */
  onlyTrained?: boolean;
}

/** What an export wrote; `keysReplaced`/`keyCollisions` count keys the format's key rule had to change. */
export interface TableExportResult {
  type: 'result';
  files: string[];
  rows: number;
  dim: number;
  keysReplaced: number;
  keyCollisions: number;
  biasWritten: boolean;
  /** Text cells that got a leading `'` so that spreadsheets do not run them as formulas (CSV, TSV). */
  formulaCells?: number;
  /** A `train_count` column (or file) was written: the table has counts and the format has room. */
  countsWritten?: boolean;
  /** Rows never trained: written (count 0) or, with `onlyTrained`, left out (`untrainedLeftOut`). */
  untrainedRows?: number;
  untrainedLeftOut?: boolean;
}

/** The rows to write: table row indices and their keys, in vocabulary index order. */
export interface ExportRows {
  rows: Int32Array;
  keys: string[];
  /** The vocabulary entry of each row (null for PAD and OOV), for formats that write metadata. */
  entries: (VocabEntry | null)[];
  /** The table's bias when it is to be written, else null. */
  bias: Float32Array | null;
  /** The training support of each written row (same order as `rows`); null when the table has no counts. */
  counts: Int32Array | null;
  /** Id rows never trained: left out when `onlyTrained`, else among `rows`. */
  untrained: number;
}

export function selectRows(
  table: TableTransfer,
  vocab: readonly VocabEntry[],
  options: TableExportOptions = {},
): ExportRows {
  const special = options.includeSpecial === true;
  const sorted = vocab.every((v, i) => i === 0 || vocab[i - 1]!.idx < v.idx)
    ? vocab
    : [...vocab].sort((a, b) => a.idx - b.idx);
  const n = sorted.length + (special ? 2 : 0);
  const rows = new Int32Array(n);
  const keys: string[] = new Array<string>(n);
  const entries: (VocabEntry | null)[] = new Array<VocabEntry | null>(n).fill(null);
  let at = 0;
  if (special) {
    if (table.rows < 2) throw new WorkbenchError('BadRequest', `table "${table.name}" has no PAD/OOV rows`);
    rows[0] = 0;
    keys[0] = PAD_KEY;
    rows[1] = 1;
    keys[1] = OOV_KEY;
    at = 2;
  }
  const support = table.counts ?? null;
  let untrained = 0;
  for (const v of sorted) {
    if (!Number.isInteger(v.idx) || v.idx < 2 || v.idx >= table.rows)
      throw new WorkbenchError(
        'Internal',
        `vocabulary index ${v.idx} of key "${v.key}" is outside table "${table.name}" (${table.rows} rows)`,
      );
    if (support && support[v.idx] === 0) {
      untrained++;
      if (options.onlyTrained) continue;
    }
    rows[at] = v.idx;
    keys[at] = v.key;
    entries[at] = v;
    at++;
  }
  const bias = options.includeBias === false ? null : table.bias;
  const kept = rows.subarray(0, at);
  const counts = support ? Int32Array.from(kept, (r) => support[r]!) : null;
  return { rows: kept, keys: keys.slice(0, at), entries: entries.slice(0, at), bias, counts, untrained };
}

/** What every exporter reports about rows never trained; nothing for a table without counts (nothing known). */
export const untrainedReport = (
  selected: Pick<ExportRows, 'counts' | 'untrained'>,
  options: TableExportOptions,
  countsWritten: boolean,
): Pick<TableExportResult, 'countsWritten' | 'untrainedRows' | 'untrainedLeftOut'> =>
  selected.counts === null
    ? {}
    : {
        countsWritten,
        untrainedRows: selected.untrained,
        untrainedLeftOut: options.onlyTrained === true && selected.untrained > 0,
      };

/** Row `r` of the table as a view (no copy). */
export function rowView(table: TableTransfer, r: number): Float32Array {
  return table.data.subarray(r * table.dim, (r + 1) * table.dim);
}

// What a `tabular` run trains on, whatever the engine: the objective the target resolves to, one embedding table
// per category column or group with its dim (the rule of thumb min(dim, ⌈values/2⌉), Guo & Berkhahn 2016 /
// fast.ai), category values never seen in training sent to OOV, numeric columns standardised on the training
// rows with a 0/1 indicator per column that has missing values (fast.ai's FillMissing), and the examples of each
// split.
import type { SplitName, TabularConfig } from '../../shared';
import { categoryRole, SPLITS, WorkbenchError } from '../../shared';
import type { TabularColumns } from '../store/tabular';
import type { InitialRows } from './initialRows';
import { rowsOfSplit } from './loop';

/** A target with at most this many distinct numbers counts as classes under objective `auto`. */
export const AUTO_CLASSES_MAX = 20;
const OOV = 1;

export type Objective = 'binary' | 'multiclass' | 'mse' | 'mae';

/** The rule of thumb: half the real values, at most `cap` (the run's dim), at least 1. */
export const ruleOfThumbDim = (values: number, cap: number): number =>
  Math.max(1, Math.min(cap, Math.ceil(values / 2)));

export interface TabularTable {
  /** The table's name: its column's, or its group's (`Home+Away`); also its key in `columnDims` and `init`. */
  name: string;
  role: string;
  rows: number;
  dim: number;
}

export interface TabularPrepared {
  objective: Objective;
  /** Class keys (crossentropy), most frequent first. */
  classes: string[] | null;
  tables: TabularTable[];
  /** Per category column: which table it looks up, and its indices (unseen-in-training values → OOV). */
  inputs: { column: string; table: number; ids: Int32Array }[];
  /** rows × numericWidth: standardised values, then the missing indicators. */
  numeric: Float32Array;
  numericWidth: number;
  /** The examples (rows with a target) of each split, and per example its class or value. */
  rows: Record<SplitName, Int32Array>;
  labels: Int32Array | null;
  targets: Float32Array;
}

function objectiveOf(config: TabularConfig, t: TabularColumns['target']): Objective {
  const labelled = t.classIds ? t.classIds.reduce((n, c) => n + (c >= 0 ? 1 : 0), 0) : 0;
  let numbers = 0;
  for (const v of t.values) if (Number.isFinite(v)) numbers++;
  const classes = t.classes?.length ?? 0;
  const want =
    config.objective !== 'auto'
      ? config.objective
      : classes > 0 && (numbers < labelled || classes <= AUTO_CLASSES_MAX)
        ? 'crossentropy'
        : 'mse';
  if (want === 'crossentropy') {
    if (!t.classIds || classes === 0)
      throw new WorkbenchError(
        'DatasetInvalid',
        `the target ${t.name} has too many distinct values to be classes; train it with --objective mse or mae`,
      );
    if (classes < 2)
      throw new WorkbenchError('DatasetInvalid', `every row has the same target (${t.classes![0]}); nothing to learn`);
    return classes === 2 ? 'binary' : 'multiclass';
  }
  if (numbers === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      `the target ${t.name} has no numeric values; train it with --objective crossentropy (or auto)`,
    );
  return want;
}

/** Which values of each category column occur in training rows: the others are sent to OOV. */
function seenInTraining(ids: Int32Array, size: number, train: Int32Array): Uint8Array {
  const seen = new Uint8Array(size);
  for (const r of train) seen[ids[r]!] = 1;
  return seen;
}

export function prepareTabular(
  data: TabularColumns,
  config: TabularConfig,
  initial: Partial<Record<string, InitialRows>>,
): TabularPrepared {
  const objective = objectiveOf(config, data.target);
  const classify = objective === 'binary' || objective === 'multiclass';
  const split = rowsOfSplit(data.splits);
  const labelled = (r: number): boolean =>
    classify ? data.target.classIds![r]! >= 0 : Number.isFinite(data.target.values[r]!);
  const rows = {} as Record<SplitName, Int32Array>;
  for (const s of SPLITS) rows[s] = split[s].filter(labelled);
  if (rows.train.length === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      `no training row has a target (${data.target.name}); import with a split that leaves rows in train`,
    );

  const tables: TabularTable[] = [];
  const inputs = data.categories.map((c) => {
    let table = tables.findIndex((t) => t.role === c.role);
    if (table < 0) {
      const name = c.role.slice(categoryRole('').length);
      const init = initial[name];
      const values = c.size - 2;
      const dim =
        config.columnDims?.[name] ?? (init ? init.data.length / init.found.length : ruleOfThumbDim(values, config.dim));
      tables.push({ name, role: c.role, rows: c.size, dim });
      table = tables.length - 1;
    }
    return { column: c.name, table, ids: c.ids };
  });
  const unknown = Object.keys(config.columnDims ?? {}).filter((k) => !tables.some((t) => t.name === k));
  if (unknown.length)
    throw new WorkbenchError(
      'BadRequest',
      `columnDims names ${unknown.join(', ')}, not a category column of this dataset (${tables.map((t) => t.name).join(', ') || 'none'})`,
    );
  // Values only valid or test rows have were never trained: they read as OOV, the "unknown value" row.
  const seen = tables.map((t) => new Uint8Array(t.rows));
  for (const input of inputs) {
    const s = seenInTraining(input.ids, tables[input.table]!.rows, rows.train);
    s.forEach((v, i) => (seen[input.table]![i]! |= v));
  }
  const mapped = inputs.map((input) => ({
    ...input,
    ids: Int32Array.from(input.ids, (id) => (seen[input.table]![id] ? id : OOV)),
  }));

  const { numeric, width } = standardise(data, rows.train);
  return {
    objective,
    classes: classify ? data.target.classes : null,
    tables,
    inputs: mapped,
    numeric,
    numericWidth: width,
    rows,
    labels: classify ? data.target.classIds : null,
    targets: data.target.values,
  };
}

/** (x − mean) / std over the training rows, missing → 0 with its indicator 1 (a column per numeric with gaps). */
export function standardise(data: TabularColumns, train: Int32Array): { numeric: Float32Array; width: number } {
  const cols = data.numerics.map((n) => {
    let count = 0;
    let sum = 0;
    let sq = 0;
    let missing = false;
    for (const x of n.values) if (!Number.isFinite(x)) missing = true;
    for (const r of train) {
      const x = n.values[r]!;
      if (!Number.isFinite(x)) continue;
      count++;
      sum += x;
      sq += x * x;
    }
    const mean = count ? sum / count : 0;
    const std = count ? Math.sqrt(Math.max(0, sq / count - mean * mean)) : 0;
    return { values: n.values, mean, scale: std > 0 ? 1 / std : 1, missing };
  });
  const flags = cols.filter((c) => c.missing);
  const width = cols.length + flags.length;
  const numeric = new Float32Array(data.rows * width);
  for (let r = 0; r < data.rows; r++) {
    let k = r * width;
    for (const c of cols) {
      const x = c.values[r]!;
      numeric[k++] = Number.isFinite(x) ? (x - c.mean) * c.scale : 0;
    }
    for (const c of flags) numeric[k++] = Number.isFinite(c.values[r]!) ? 0 : 1;
  }
  return { numeric, width };
}

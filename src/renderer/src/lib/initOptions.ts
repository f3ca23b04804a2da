// The Train form's "Pre-trained tables": which tables a model has, the rows the form edits, the request's
// `init` built from them, and how coverage reads in a result. Pure, so it is unit-tested.
import type { DatasetSummary, InitCoverage, ModelName, RunSummary, TableInit } from '../../../shared';
import { MODEL_RULES, sequenceRole } from '../../../shared';

/** One table's choice: no source (runId null), or a run's table, fine-tuned or frozen. */
export interface InitRow {
  target: string;
  runId: number | null;
  table: string;
  frozen: boolean;
}

/** The tables `model` trains on `dataset`, as the shared rules name them (none known without a dataset). */
export function initTargets(model: ModelName, dataset: DatasetSummary | undefined): string[] {
  return dataset ? Object.keys(MODEL_RULES[model].tables(sequenceRole(dataset), dataset.mapping)) : [];
}

/** Runs whose tables can start another run: completed ones, trained or imported. */
export const sourceRuns = (runs: readonly RunSummary[]): RunSummary[] => runs.filter((r) => r.status === 'completed');

export const sourceLabel = (r: RunSummary): string =>
  r.model === 'imported'
    ? `#${r.id} · ${r.dataset} (imported vectors) · dim ${r.config.dim}`
    : `#${r.id} · ${r.dataset} · ${r.model} · dim ${r.config.dim}`;

/** The table a source run offers for `target`: the same name, else its only table, else none chosen. */
export function defaultSourceTable(target: string, tables: readonly { name: string }[]): string {
  const names = tables.map((t) => t.name);
  if (names.includes(target)) return target;
  return names.length === 1 ? names[0]! : '';
}

/** The request's `init`, or undefined when no table has a source. */
export function buildInit(rows: readonly InitRow[]): Record<string, TableInit> | undefined {
  const chosen = rows.filter((r) => r.runId !== null && r.table !== '');
  if (chosen.length === 0) return undefined;
  return Object.fromEntries(chosen.map((r) => [r.target, { runId: r.runId!, table: r.table, trainable: !r.frozen }]));
}

/** Rows the form shows can only start a table with the run's dim: a warning per mismatch. */
export function dimProblems(
  rows: readonly InitRow[],
  dims: ReadonlyMap<string, number>,
  dim: number | undefined,
): string[] {
  if (dim === undefined) return [];
  return rows.flatMap((r) => {
    const d = r.runId === null ? undefined : dims.get(`${r.runId}/${r.table}`);
    return d !== undefined && d !== dim
      ? [`${r.target}: run #${r.runId} table ${r.table} has dim ${d}; set dim to ${d} to start from it.`]
      : [];
  });
}

/** `items: 1,650 of 1,682 rows from run #7/vectors (98.1%), frozen`. */
export function coverageLine(name: string, c: InitCoverage): string {
  return `${name}: ${c.matched.toLocaleString('en')} of ${c.rows.toLocaleString('en')} rows from run #${c.runId}/${c.table} (${(100 * c.coverage).toFixed(1)}%), ${c.trainable ? 'fine-tuned' : 'frozen'}`;
}

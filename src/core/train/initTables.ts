// Pre-trained initialisation (TrainConfig.init): which tables a model has, checking a request against the
// project before a run starts, and laying a source table's vectors on the run's vocabulary by key.
import type { InitCoverage, TableInit, TrainConfig } from '../../shared';
import { MODEL_RULES, WorkbenchError } from '../../shared';
import { alignToVocabulary, type ImportedVectors } from '../tables/importVectors';
import { getDatasetById, loadVocabulary } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun, loadTable } from '../store/runs';
import type { InitialRows } from './initialRows';

/** The tables `model` trains on a dataset, name → vocabulary role (the shared rules, given the dataset). */
export function tablesOf(db: Db, model: TrainConfig['model'], datasetId: number): Record<string, string> {
  return MODEL_RULES[model].tables(sequenceRoleOf(db, datasetId), getDatasetById(db, datasetId).mapping);
}

/** The vocabulary role of a dataset's sequences (`word`, `item`, `event`), or null without sequences. */
export function sequenceRoleOf(db: Db, datasetId: number): string | null {
  const row = db.prepare('SELECT role FROM sequences WHERE dataset_id = ? LIMIT 1').get(datasetId) as
    { role: string } | undefined;
  return row?.role ?? null;
}

interface SourceInfo {
  runId: number;
  table: string;
  dim: number;
}

/** The source table an init entry names: the given one, else the same name as the target, else the only one. */
function sourceOf(db: Db, target: string, init: TableInit): SourceInfo {
  if (!Number.isInteger(init.runId))
    throw new WorkbenchError('BadRequest', `init.${target}: runId must be a run's id (got ${String(init.runId)})`);
  const run = getRun(db, init.runId);
  // A stopped run's tables are those of its last finished epoch (its checkpoint): usable as a start too.
  if (run.status === 'running' || run.status === 'queued' || run.tables.length === 0)
    throw new WorkbenchError(
      'BadRequest',
      `init.${target}: run ${run.id} is ${run.status}${run.tables.length === 0 ? ' and stored no tables' : ''}; initialise from a completed run, a stopped run's last epoch, or imported vectors`,
    );
  const names = run.tables.map((t) => t.name);
  const name = init.table ?? (names.includes(target) ? target : names.length === 1 ? names[0]! : undefined);
  if (name === undefined)
    throw new WorkbenchError(
      'BadRequest',
      `init.${target}: run ${run.id} has tables ${names.join(', ')}; name one (e.g. run:${run.id}/${names[0]})`,
    );
  const t = run.tables.find((x) => x.name === name);
  if (!t)
    throw new WorkbenchError(
      'NotFound',
      `init.${target}: run ${run.id} has no table "${name}"; tables: ${names.join(', ')}`,
    );
  return { runId: run.id, table: name, dim: t.dim };
}

/**
 * The dim of the first init source, for a request that gives init but no dim; undefined when the source is
 * not usable (resolveInit then says why, after checking the table names).
 */
export function initDim(db: Db, init: Record<string, TableInit> | undefined): number | undefined {
  const first = init && typeof init === 'object' ? Object.entries(init)[0] : undefined;
  if (!first || typeof first[1] !== 'object' || first[1] === null) return undefined;
  try {
    return sourceOf(db, first[0], first[1]).dim;
  } catch {
    return undefined;
  }
}

/**
 * Checks `config.init` against the model's tables and the sources in the project, before the run is created:
 * unknown table names, missing runs or tables and dimension mismatches are a BadRequest that says what to do.
 * Returns the init with every source table named and `trainable` explicit (what the run stores).
 */
export function resolveInit(
  db: Db,
  config: TrainConfig,
  datasetId: number,
): Record<string, Required<TableInit>> | undefined {
  if (config.init === undefined) return undefined;
  if (typeof config.init !== 'object' || config.init === null || Array.isArray(config.init))
    throw new WorkbenchError('BadRequest', 'init maps table names to { runId, table?, trainable? }');
  const tables = tablesOf(db, config.model, datasetId);
  if (Object.keys(tables).length === 0)
    throw new WorkbenchError('BadRequest', `${config.model} on this dataset has no table to initialise`);
  const out: Record<string, Required<TableInit>> = {};
  for (const [target, init] of Object.entries(config.init)) {
    if (!(target in tables))
      throw new WorkbenchError(
        'BadRequest',
        `${config.model} has no table "${target}" to initialise; its tables are ${Object.keys(tables).join(', ')}`,
      );
    if (typeof init !== 'object' || init === null)
      throw new WorkbenchError('BadRequest', `init.${target} must be { runId, table?, trainable? }`);
    if (init.trainable !== undefined && typeof init.trainable !== 'boolean')
      throw new WorkbenchError('BadRequest', `init.${target}.trainable must be true or false`);
    const src = sourceOf(db, target, init);
    const asked = config.model === 'tabular' ? config.columnDims?.[target] : undefined;
    if (asked !== undefined && asked !== src.dim)
      throw new WorkbenchError(
        'BadRequest',
        `init.${target}: run ${src.runId} table ${src.table} has dim ${src.dim} but --column-dims asks ${target}=${asked}; leave ${target} out of --column-dims to take the source's`,
      );
    if (src.dim !== config.dim && !MODEL_RULES[config.model].initKeepsSourceDim)
      throw new WorkbenchError(
        'BadRequest',
        `init.${target}: run ${src.runId} table ${src.table} has dim ${src.dim} but this run has dim ${config.dim}; ` +
          `train with --dim ${src.dim} (or leave --dim out to take it from the source)`,
      );
    out[target] = { runId: src.runId, table: src.table, trainable: init.trainable ?? true };
  }
  return out;
}

export interface InitialTable extends InitialRows {
  coverage: InitCoverage;
}

/**
 * The source's vectors laid on the rows of the run's vocabulary of `role` (`rows` table rows, PAD and OOV
 * included): keys match exactly, or after the word2vec rule (whitespace → `_`), as alignToVocabulary does.
 */
export function buildInitialTable(
  db: Db,
  datasetId: number,
  role: string,
  rows: number,
  init: Required<TableInit>,
): InitialTable {
  const source = getRun(db, init.runId);
  const table = loadTable(db, init.runId, init.table);
  const sourceVocab = loadVocabulary(db, source.datasetId, table.role);
  // The source as a file of vectors: rows 2.. of its table, each named by its vocabulary key.
  const keys = new Array<string>(Math.max(0, table.rows - 2));
  for (let i = 0; i < keys.length; i++) keys[i] = `\u0000row ${i + 2}`; // rows without a key never match
  for (const v of sourceVocab) if (v.idx >= 2 && v.idx < table.rows) keys[v.idx - 2] = v.key;
  const vectors: ImportedVectors = {
    path: `run ${init.runId}/${init.table}`,
    format: 'word2vec',
    rows: keys.length,
    dim: table.dim,
    keys,
    data: table.data.subarray(2 * table.dim),
    duplicateKeys: 0,
  };
  const vocab = loadVocabulary(db, datasetId, role);
  const aligned = alignToVocabulary(vectors, vocab, rows);
  const real = vocab.filter((v) => v.idx >= 2 && v.idx < rows).length;
  return {
    data: aligned.data,
    found: aligned.found,
    trainable: init.trainable,
    coverage: {
      runId: init.runId,
      table: init.table,
      matched: aligned.foundKeys,
      matchedByRule: aligned.matchedByRule,
      rows: real,
      coverage: real > 0 ? aligned.foundKeys / real : 0,
      trainable: init.trainable,
    },
  };
}

/** Every table of `config.init` built against the run's dataset (inside the training process). */
export function buildInitialTables(
  db: Db,
  config: TrainConfig,
  datasetId: number,
  rowsOf: (role: string) => number,
): Map<string, InitialTable> {
  const out = new Map<string, InitialTable>();
  if (!config.init) return out;
  const tables = tablesOf(db, config.model, datasetId);
  for (const [name, init] of Object.entries(config.init)) {
    const role = tables[name];
    if (!role) throw new WorkbenchError('BadRequest', `${config.model} has no table "${name}" to initialise`);
    const full: Required<TableInit> = {
      runId: init.runId,
      table: init.table ?? name,
      trainable: init.trainable ?? true,
    };
    out.set(name, buildInitialTable(db, datasetId, role, rowsOf(role), full));
  }
  return out;
}

/** Coverage per initialised table, for the run's result. */
export function coverageOf(tables: Map<string, InitialTable>): Record<string, InitCoverage> | undefined {
  if (tables.size === 0) return undefined;
  return Object.fromEntries([...tables].map(([name, t]) => [name, t.coverage]));
}

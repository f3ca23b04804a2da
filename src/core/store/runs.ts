// Repository of training runs: config, status, per-epoch metrics, result and tables.
import type {
  EngineName,
  EpochMetrics,
  ErrorCode,
  ModelName,
  RunBackend,
  RunDetail,
  RunStatus,
  RunSummary,
  TableTransfer,
  TrainConfig,
  TrainResult,
} from '../../shared';
import { WorkbenchError } from '../../shared';
import { withSmallCache, type Db } from './db';
import { annotationOf } from './annotations';
import { STORED_TABLE, storeTable, vectorBytes, type StoredTable } from './tableParts';

/**
 * Roles of run_tables rows that are not embeddings: `sequence` rows are a classifier's per-sequence predictions
 * (read by `ewb predict`), `weights` its layers (read to predict new files). Neither is explored or exported.
 */
const NOT_EMBEDDINGS = "role NOT IN ('sequence', 'weights')";

/** A stored embedding table: rows × dim float32, with an optional per-row bias. */
export function createRun(db: Db, datasetId: number, config: TrainConfig, engine?: EngineName): number {
  // `auto` is stored as cpu until the training process reports what it resolved to (setRunEngine).
  const info = db
    .prepare(`INSERT INTO runs (dataset_id, model, engine, config_json, status) VALUES (?, ?, ?, ?, 'queued')`)
    .run(datasetId, config.model, engine ?? (config.engine === 'tfjs' ? 'tfjs' : 'cpu'), JSON.stringify(config));
  return Number(info.lastInsertRowid);
}

/** The engine and backend a run's process actually trained on (migration v4's `backend` column). */
export function setRunEngine(db: Db, runId: number, engine: EngineName, backend: RunBackend): void {
  db.prepare('UPDATE runs SET engine = ?, backend = ? WHERE id = ?').run(engine, backend, runId);
}

/** A running run records this process as its owner (markOrphanedRuns tells dead owners from live ones). */
export function setRunStatus(
  db: Db,
  runId: number,
  status: RunStatus,
  error: { code: ErrorCode; message: string } | null = null,
): void {
  const finished = status !== 'queued' && status !== 'running';
  db.prepare(
    `UPDATE runs SET status = ?, error = ?, error_code = ?, owner_pid = ?, finished_at = CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END WHERE id = ?`,
  ).run(status, error?.message ?? null, error?.code ?? null, finished ? null : process.pid, finished ? 1 : 0, runId);
}

export function recordEpoch(db: Db, runId: number, metrics: EpochMetrics): void {
  db.prepare('INSERT OR REPLACE INTO run_epochs (run_id, epoch, metrics_json) VALUES (?, ?, ?)').run(
    runId,
    metrics.epoch,
    JSON.stringify(metrics),
  );
}

const insertTables = (db: Db, runId: number, tables: TableTransfer[]): void => {
  for (const t of tables) storeTable(db, runId, t);
};

/**
 * Stores the tables as they are after an epoch: a run that then crashes keeps them (its status says failed,
 * `checkpoint_epoch` which epoch they are from) and they can still be explored.
 */
export function saveCheckpoint(db: Db, runId: number, epoch: number, tables: TableTransfer[]): void {
  withSmallCache(db, () =>
    db.transaction(() => {
      insertTables(db, runId, tables);
      db.prepare('UPDATE runs SET checkpoint_epoch = ? WHERE id = ?').run(epoch, runId);
    })(),
  );
}

/** Stores the finished (best) tables and the result together, replacing any checkpoint. */
export function completeRun(db: Db, runId: number, tables: TableTransfer[], result: TrainResult): void {
  withSmallCache(db, () =>
    db.transaction(() => {
      insertTables(db, runId, tables);
      db.prepare('UPDATE runs SET best_epoch = ?, result_json = ?, checkpoint_epoch = NULL WHERE id = ?').run(
        result.bestEpoch,
        JSON.stringify(result),
        runId,
      );
      setRunStatus(db, runId, 'completed');
    })(),
  );
}

/** A resumed run trains again from `epoch + 1`: the metrics of later epochs (without stored tables) go. */
export function clearEpochsAfter(db: Db, runId: number, epoch: number): void {
  db.prepare('DELETE FROM run_epochs WHERE run_id = ? AND epoch > ?').run(runId, epoch);
}

interface RunRow {
  id: number;
  dataset_id: number;
  dataset: string;
  model: ModelName;
  engine: EngineName;
  backend: RunBackend | null;
  config_json: string;
  status: RunStatus;
  error: string | null;
  error_code: ErrorCode | null;
  checkpoint_epoch: number | null;
  best_epoch: number | null;
  result_json: string | null;
  created_at: string;
  name: string | null;
  note: string | null;
  tags_json: string | null;
}

const SELECT_RUNS = 'SELECT r.*, d.name AS dataset FROM runs r JOIN datasets d ON d.id = r.dataset_id';

function toSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    dataset: r.dataset,
    model: r.model,
    engine: r.engine,
    backend: r.backend ?? null,
    status: r.status,
    config: JSON.parse(r.config_json) as TrainConfig,
    createdAt: r.created_at,
    bestEpoch: r.best_epoch,
    error: r.error,
    errorCode: r.error === null ? null : (r.error_code ?? (r.status === 'cancelled' ? 'Cancelled' : 'RunFailed')),
    checkpointEpoch: r.checkpoint_epoch,
    ...annotationOf(r),
  };
}

export function listRuns(db: Db): RunSummary[] {
  return (db.prepare(`${SELECT_RUNS} ORDER BY r.id DESC`).all() as RunRow[]).map(toSummary);
}

/** One run as the run list shows it (no epochs, tables or result). */
export function getRunSummary(db: Db, runId: number): RunSummary {
  const row = db.prepare(`${SELECT_RUNS} WHERE r.id = ?`).get(runId) as RunRow | undefined;
  if (!row) throw new WorkbenchError('NotFound', `no run ${runId}`);
  return toSummary(row);
}

export function getRun(db: Db, runId: number): RunDetail {
  const row = db.prepare(`${SELECT_RUNS} WHERE r.id = ?`).get(runId) as RunRow | undefined;
  if (!row) throw new WorkbenchError('NotFound', `no run ${runId}`);
  const epochs = (
    db.prepare('SELECT metrics_json FROM run_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as {
      metrics_json: string;
    }[]
  ).map((e) => JSON.parse(e.metrics_json) as EpochMetrics);
  // Rows as loadTable gives them: a table stored up to its last trained row counts the whole vocabulary.
  const tables = db
    .prepare(
      `SELECT name, dim, MAX(rows, COALESCE((SELECT MAX(idx) + 1 FROM vocab v
         WHERE v.dataset_id = ? AND v.role = run_tables.role), 0)) AS rows
       FROM run_tables WHERE run_id = ? AND ${NOT_EMBEDDINGS} ORDER BY name`,
    )
    .all(row.dataset_id, runId) as RunDetail['tables'];
  return {
    ...toSummary(row),
    epochs,
    tables,
    result: row.result_json ? (JSON.parse(row.result_json) as TrainResult) : null,
  };
}

function noSuchTable(db: Db, runId: number, name: string): WorkbenchError {
  const run = getRun(db, runId);
  const names = run.tables.map((t) => t.name);
  return new WorkbenchError(
    'NotFound',
    names.length
      ? `run ${runId} has no table "${name}"; tables: ${names.join(', ')}`
      : `run ${runId} has no tables (status: ${run.status})`,
  );
}

/** The vocabulary role whose keys address a table's rows, without reading the table. */
export function tableRole(db: Db, runId: number, name: string): string {
  const row = db
    .prepare(`SELECT role FROM run_tables WHERE run_id = ? AND name = ? AND ${NOT_EMBEDDINGS}`)
    .get(runId, name) as { role: string } | undefined;
  if (!row) throw noSuchTable(db, runId, name);
  return row.role;
}

/** Rows of the vocabulary of `role` in the run's dataset, PAD and OOV included (0 when it has none). */
function vocabularyRows(db: Db, runId: number, role: string): number {
  const row = db
    .prepare(
      'SELECT MAX(idx) + 1 AS rows FROM vocab WHERE role = ? AND dataset_id = (SELECT dataset_id FROM runs WHERE id = ?)',
    )
    .get(role, runId) as { rows: number | null };
  return row.rows ?? 0;
}

export function loadTable(db: Db, runId: number, name: string): TableTransfer {
  const row = db
    .prepare(`SELECT ${STORED_TABLE} FROM run_tables WHERE run_id = ? AND name = ? AND ${NOT_EMBEDDINGS}`)
    .get(runId, name) as StoredTable | undefined;
  if (!row) throw noSuchTable(db, runId, name);
  // A trained table may stop at its last trained row (word2vec's: the words under the min-count get none);
  // readers get it on the whole vocabulary, the missing rows zero and never trained.
  const rows = Math.max(row.rows, vocabularyRows(db, runId, row.role));
  const read = <A extends Float32Array | Int32Array>(b: Buffer, make: (n: number) => A, width: number): A => {
    const out = make(rows * width);
    new Uint8Array(out.buffer).set(b); // bytes as stored: no alignment needed, one copy
    return out;
  };
  const data = new Float32Array(rows * row.dim);
  vectorBytes(db, runId, name, row, new Uint8Array(data.buffer));
  return {
    name: row.name,
    role: row.role,
    rows,
    dim: row.dim,
    data,
    bias: row.bias ? read(row.bias, (n) => new Float32Array(n), 1) : null,
    counts: row.counts ? read(row.counts, (n) => new Int32Array(n), 1) : null,
  };
}

/** Whether a process of this machine is alive (signal 0 checks without sending; EPERM: alive, not ours). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs left `running` or `queued` by a process that died (killed, crashed, the machine off): marked
 * `interrupted` when any front end starts, with what to do. Runs whose owner still lives (another `ewb train`
 * on the same project) are left alone. Returns the ids marked.
 */
export function markOrphanedRuns(db: Db): number[] {
  const rows = db
    .prepare(`SELECT id, owner_pid, checkpoint_epoch FROM runs WHERE status IN ('running', 'queued')`)
    .all() as {
    id: number;
    owner_pid: number | null;
    checkpoint_epoch: number | null;
  }[];
  const orphans = rows.filter((r) => r.owner_pid === null || (r.owner_pid !== process.pid && !alive(r.owner_pid)));
  for (const r of orphans) {
    const kept =
      r.checkpoint_epoch !== null
        ? `; its tables after epoch ${r.checkpoint_epoch} are kept: resume it with ewb train --resume ${r.id} (or Resume in the run list)`
        : '; it had not finished an epoch: train it again';
    setRunStatus(db, r.id, 'interrupted', {
      code: 'RunFailed',
      message: `the process training this run stopped before it finished${kept}`,
    });
  }
  return orphans.map((r) => r.id);
}

// Repository of studies and their trials (migration v9). The study's resolved request is stored whole, so a
// study continues after a restart from these rows and the runs its trials point at.
import type { ModelName, SearchValue, StudyStatus, TrialState } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { Db } from './db';
import { alive } from './runs';

export interface StoredStudy<R> {
  id: number;
  datasetId: number;
  dataset: string;
  model: ModelName;
  request: R;
  status: StudyStatus;
  error: string | null;
  /** Seconds the study has run, over every session (a minutes budget counts these). */
  seconds: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface StoredTrial {
  number: number;
  kind: 'search' | 'cv';
  arm: string | null;
  fold: number | null;
  runId: number | null;
  params: Record<string, SearchValue>;
  state: TrialState;
  value: number | null;
  note: string | null;
  startedAt: string;
  finishedAt: string | null;
}

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

export function createStudy(db: Db, datasetId: number, model: ModelName, request: unknown): number {
  const info = db
    .prepare(`INSERT INTO studies (dataset_id, model, request_json, status, owner_pid) VALUES (?, ?, ?, 'running', ?)`)
    .run(datasetId, model, JSON.stringify(request), process.pid);
  return Number(info.lastInsertRowid);
}

/** A running study records this process as its owner, as runs do (markOrphanedStudies). */
export function setStudyStatus(db: Db, id: number, status: StudyStatus, error: string | null = null): void {
  const running = status === 'running';
  db.prepare(
    `UPDATE studies SET status = ?, error = ?, owner_pid = ?, finished_at = CASE WHEN ? THEN NULL ELSE ${NOW} END WHERE id = ?`,
  ).run(status, error, running ? process.pid : null, running ? 1 : 0, id);
}

export function addStudySeconds(db: Db, id: number, seconds: number): void {
  db.prepare('UPDATE studies SET seconds = seconds + ? WHERE id = ?').run(seconds, id);
}

interface StudyRow {
  id: number;
  dataset_id: number;
  dataset: string;
  model: ModelName;
  request_json: string;
  status: StudyStatus;
  error: string | null;
  seconds: number;
  created_at: string;
  finished_at: string | null;
}

const SELECT = 'SELECT s.*, d.name AS dataset FROM studies s JOIN datasets d ON d.id = s.dataset_id';

function toStudy<R>(r: StudyRow): StoredStudy<R> {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    dataset: r.dataset,
    model: r.model,
    request: JSON.parse(r.request_json) as R,
    status: r.status,
    error: r.error,
    seconds: r.seconds,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export function getStudyRow<R>(db: Db, id: number): StoredStudy<R> {
  const row = db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as StudyRow | undefined;
  if (!row) throw new WorkbenchError('NotFound', `no study ${id}`);
  return toStudy(row);
}

export function listStudyRows<R>(db: Db): StoredStudy<R>[] {
  return (db.prepare(`${SELECT} ORDER BY s.id DESC`).all() as StudyRow[]).map((r) => toStudy<R>(r));
}

export function insertTrial(db: Db, studyId: number, t: Omit<StoredTrial, 'startedAt' | 'finishedAt'>): void {
  db.prepare(
    `INSERT INTO study_trials (study_id, number, kind, arm, fold, run_id, params_json, state, value, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(studyId, t.number, t.kind, t.arm, t.fold, t.runId, JSON.stringify(t.params), t.state, t.value, t.note);
}

/** Changes a trial; one that leaves `running` gets its finishing time. */
export function updateTrial(
  db: Db,
  studyId: number,
  number: number,
  patch: Partial<Pick<StoredTrial, 'runId' | 'state' | 'value' | 'note'>>,
): void {
  const sets: string[] = [];
  const args: unknown[] = [];
  const column = { runId: 'run_id', state: 'state', value: 'value', note: 'note' } as const;
  for (const [key, value] of Object.entries(patch) as [keyof typeof column, unknown][]) {
    sets.push(`${column[key]} = ?`);
    args.push(value);
  }
  // The new state decides (in an UPDATE, a column names the row's old value).
  if (patch.state !== undefined) {
    sets.push(`finished_at = CASE WHEN ? = 'running' THEN NULL ELSE ${NOW} END`);
    args.push(patch.state);
  }
  if (sets.length === 0) return;
  db.prepare(`UPDATE study_trials SET ${sets.join(', ')} WHERE study_id = ? AND number = ?`).run(
    ...args,
    studyId,
    number,
  );
}

interface TrialRow {
  number: number;
  kind: 'search' | 'cv';
  arm: string | null;
  fold: number | null;
  run_id: number | null;
  params_json: string;
  state: TrialState;
  value: number | null;
  note: string | null;
  started_at: string;
  finished_at: string | null;
}

export function listTrials(db: Db, studyId: number): StoredTrial[] {
  return (db.prepare('SELECT * FROM study_trials WHERE study_id = ? ORDER BY number').all(studyId) as TrialRow[]).map(
    (r) => ({
      number: r.number,
      kind: r.kind,
      arm: r.arm,
      fold: r.fold,
      runId: r.run_id,
      params: JSON.parse(r.params_json) as Record<string, SearchValue>,
      state: r.state,
      value: r.value,
      note: r.note,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }),
  );
}

/** Studies left running by a process that died: interrupted, to be resumed (ewb tune --resume, or the Tune panel). */
export function markOrphanedStudies(db: Db): number[] {
  const rows = db.prepare(`SELECT id, owner_pid FROM studies WHERE status = 'running'`).all() as {
    id: number;
    owner_pid: number | null;
  }[];
  const orphans = rows.filter((r) => r.owner_pid === null || (r.owner_pid !== process.pid && !alive(r.owner_pid)));
  for (const r of orphans)
    setStudyStatus(
      db,
      r.id,
      'interrupted',
      `the process running this study stopped; resume it with ewb tune --resume ${r.id} (or Resume in the Tune panel)`,
    );
  return orphans.map((r) => r.id);
}

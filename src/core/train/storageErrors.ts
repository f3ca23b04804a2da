// What the supervisor does when the database refuses a run's write: retry while another program holds the write
// lock (each attempt already waits busy_timeout, 5 s), else fail the run saying what was not stored, where, why,
// and how to go on (its last stored epoch can be resumed).
import { WorkbenchError } from '../../shared';
import type { Db } from '../store/db';

const ATTEMPTS = 3;

function isBusy(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: unknown } | null;
  if (e?.code === 'SQLITE_BUSY' || e?.code === 'DatabaseBusy') return true;
  return e?.cause !== undefined && isBusy(e.cause);
}

/** Runs `write`, again while the database is locked by another program (up to ATTEMPTS × busy_timeout). */
export function retryBusy<T>(write: () => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return write();
    } catch (err) {
      if (!isBusy(err) || attempt >= ATTEMPTS) throw err;
    }
  }
}

/** Runs `write` with SQLite's busy timeout off: it fails at once while another program holds the lock. */
export function withoutWaiting<T>(db: Db, write: () => T): T {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return write();
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

export function storageError(err: unknown, what: string, dbPath: string, runId: number): WorkbenchError {
  const reason = err instanceof Error ? err.message : String(err);
  return new WorkbenchError(
    'RunFailed',
    `could not store ${what} of run ${runId} in ${dbPath}: ${reason}. The run stopped; once that is fixed, ` +
      `resume it from its last stored epoch with ewb train --resume ${runId} (or Resume in the run list)`,
  );
}

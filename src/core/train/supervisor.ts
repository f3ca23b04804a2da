// Starts one trainer (a process, or a thread: threadTrainer.ts) per run, relays its progress as events, and is
// the one that writes results.
// Nothing a run does may take the process that supervises it down: a database error while storing an epoch, a
// checkpoint or the result fails that run with a reason that says what to do, and the run is never left running.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  EventSink,
  RunEvent,
  TableTransfer,
  TablesSent,
  TrainerMessage,
  TrainerStart,
  TrainerStored,
  TrainResult,
} from '../../shared';
import { toApiError, WorkbenchError } from '../../shared';
import type { NodeEntry } from '../runtime';
import type { Db } from '../store/db';
import { completeRun, recordEpoch, saveCheckpoint, setRunEngine, setRunStatus } from '../store/runs';
import { retryBusy, storageError, withoutWaiting } from './storageErrors';
import { tablesReader } from './tablesFile';

/** A running trainer, whatever started it (child_process.fork, Electron's utilityProcess, a worker thread). */
export interface TrainerHandle {
  send(message: TrainerStart | TrainerStored): void;
  onMessage(listener: (message: TrainerMessage) => void): void;
  /** Called once when the process ends, with a reason when it did not end normally. */
  onExit(listener: (reason: string | null) => void): void;
  kill(): void;
}

/** Starts the trainer of one run (given what it will be sent, to choose how: a Spark run needs a process). */
export type SpawnTrainer = (run: { spark?: TrainerStart['spark'] }) => TrainerHandle;

/** The headless way: a forked Node process with structured-clone IPC (typed arrays cross intact). */
export function forkTrainer(entry: NodeEntry): SpawnTrainer {
  return () =>
    childTrainer(
      fork(entry.path, [], {
        execArgv: entry.execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
}

/** How long a process that has exited may keep its channel open (a process it started holds it) before it counts as ended. */
const CHANNEL_DRAIN_MS = 5000;

/** What `forkTrainer` needs of a child process (a fake one in tests). */
export type TrainerChild = Pick<ChildProcess, 'send' | 'on' | 'once' | 'kill' | 'connected'>;

/**
 * A forked process as a TrainerHandle. Its 'exit' can come before the messages it sent last are read (seen in
 * studies: a trial's last epochs and result arrived 30 ms after its exit, and the run failed as "ended without a
 * result"), so the end is reported once the channel has closed too: every message has been delivered by then.
 */
export function childTrainer(child: TrainerChild): TrainerHandle {
  let exited: ((reason: string | null) => void) | null = null;
  // A message to a process that has just died fails here, not as an uncaught exception.
  child.on('error', (err) => exited?.(`the training process failed: ${err.message}`));
  return {
    send: (m) => void child.send(m),
    onMessage: (l) => child.on('message', (m) => l(m as TrainerMessage)),
    onExit: (l) => {
      let reported = false;
      exited = (reason) => {
        if (!reported) l(reason);
        reported = true;
      };
      child.once('exit', (code, signal) => {
        const reason = code === 0 ? null : `the training process exited (${signal ?? `code ${code}`})`;
        if (!child.connected) return exited?.(reason);
        const timer = setTimeout(() => exited?.(reason), CHANNEL_DRAIN_MS);
        child.once('disconnect', () => {
          clearTimeout(timer);
          exited?.(reason);
        });
      });
    },
    kill: () => child.kill('SIGKILL'),
  };
}

interface ActiveRun {
  handle: TrainerHandle;
  cancelled: boolean;
  /** What the run's error says when cancelled (a study's pruner says why it stopped the run). */
  reason?: string;
  settled: Promise<TrainResult>;
}

type Ending = { status: 'failed' | 'cancelled'; error: WorkbenchError };

export class RunSupervisor {
  private readonly active = new Map<number, ActiveRun>();

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly spawn: SpawnTrainer,
    private readonly emit: EventSink,
  ) {}

  /** Starts the run's process; `settled` resolves when the run is stored, or rejects with why it is not. */
  start(start: Omit<TrainerStart, 'type' | 'dbPath' | 'tablesDir'>): Promise<TrainResult> {
    const { runId, config } = start;
    const handle = this.spawn(start);
    // The run's table files. The folder goes when the run ends, with whatever the process wrote that no one
    // read, and again once the process has exited (a killed process may still have been writing one).
    const tablesDir = mkdtempSync(join(tmpdir(), `ewb-run-${runId}-`));
    const dropTables = (): void => {
      try {
        rmSync(tablesDir, { recursive: true, force: true });
      } catch {
        // a folder in the system's temporary space: not worth failing a run over
      }
    };
    const event = (e: RunEvent): void => this.emit('runs:progress', e);
    let finished = false;
    const settled = new Promise<TrainResult>((resolve, reject) => {
      const end = (ending: Ending): void => {
        if (finished) return;
        finished = true;
        this.active.delete(runId);
        handle.kill();
        dropTables();
        this.storeEnding(runId, ending);
        event({ type: 'failed', runId, status: ending.status, error: toApiError(ending.error) });
        reject(ending.error);
      };
      /** A database write of the run; when it fails the run fails, with what happened and what to do. */
      const store = (what: string, write: () => void): boolean => {
        try {
          retryBusy(write);
          return true;
        } catch (err) {
          end({ status: 'failed', error: storageError(err, what, this.dbPath, runId) });
          return false;
        }
      };
      /** A message's tables: a thread's arrays, or those of a process's file (read once, outside the busy
       * retries: reading deletes the file). */
      const readTables = tablesReader();
      const received = (sent: TablesSent): TableTransfer[] | null => {
        if (Array.isArray(sent)) return sent;
        try {
          return readTables(sent);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          end({
            status: 'failed',
            error: new WorkbenchError(
              'RunFailed',
              `the tables the training process wrote could not be read: ${reason}`,
            ),
          });
          return null;
        }
      };
      handle.onMessage((m) => {
        if (finished) return;
        if (m.type === 'epoch') {
          if (store(`epoch ${m.metrics.epoch}'s metrics`, () => recordEpoch(this.db, runId, m.metrics)))
            event({ type: 'epoch', runId, metrics: m.metrics, examplesPerSecond: m.examplesPerSecond });
        } else if (m.type === 'progress') {
          const { type, ...progress } = m;
          event({ type, runId, ...progress });
        } else if (m.type === 'checkpoint') {
          const tables = received(m.tables);
          const stored =
            tables &&
            store(`the checkpoint of epoch ${m.epoch}`, () => saveCheckpoint(this.db, runId, m.epoch, tables));
          // A thread's arrays may be its live tables: it trains on once they are stored.
          if (stored && Array.isArray(m.tables)) handle.send({ type: 'stored', epoch: m.epoch });
        } else if (m.type === 'engine') {
          store('the engine it trains on', () => setRunEngine(this.db, runId, m.engine, m.backend));
        } else if (m.type === 'done') {
          const result: TrainResult = { type: 'result', runId, ...m.outcome };
          const tables = received(m.tables);
          if (!tables || !store('its tables and result', () => completeRun(this.db, runId, tables, result))) return;
          finished = true;
          this.active.delete(runId);
          handle.kill(); // its work is done and stored; do not wait for it to leave by itself
          dropTables();
          event({ type: 'finished', runId, result });
          resolve(result);
        } else {
          const code = m.error.code === 'TrainingDiverged' ? 'TrainingDiverged' : 'RunFailed';
          end({ status: 'failed', error: new WorkbenchError(code, m.error.message) });
        }
      });
      handle.onExit((reason) => {
        dropTables();
        const run = this.active.get(runId);
        if (run?.cancelled)
          end({ status: 'cancelled', error: new WorkbenchError('Cancelled', run.reason ?? 'cancelled by the user') });
        else
          end({
            status: 'failed',
            error: new WorkbenchError('RunFailed', reason ?? 'the training process ended without a result'),
          });
      });
    });
    settled.catch(() => undefined); // callers that do not wait must not see an unhandled rejection
    this.active.set(runId, { handle, cancelled: false, settled });
    try {
      retryBusy(() => setRunStatus(this.db, runId, 'running'));
    } catch (err) {
      this.active.delete(runId);
      handle.kill();
      dropTables();
      throw storageError(err, 'that the run started', this.dbPath, runId);
    }
    event({ type: 'started', runId, epochs: config.epochs });
    handle.send({ type: 'start', dbPath: this.dbPath, tablesDir, ...start });
    return settled;
  }

  /** Runs whose end the database refused to store (locked, full): tried again until it takes them. */
  private readonly unstored = new Map<number, Ending>();
  private retryTimer: NodeJS.Timeout | null = null;

  /** Stores how a run ended; when the database refuses, keeps trying every few seconds (never left running). */
  private storeEnding(runId: number, ending: Ending, wait = true): void {
    try {
      if (wait) retryBusy(() => setRunStatus(this.db, runId, ending.status, ending.error));
      else withoutWaiting(this.db, () => setRunStatus(this.db, runId, ending.status, ending.error));
      this.unstored.delete(runId);
    } catch {
      this.unstored.set(runId, ending);
      // Later tries do not wait for the lock: they must not hold up the process (a server) every time.
      this.retryTimer ??= setInterval(() => {
        for (const [id, e] of [...this.unstored]) this.storeEnding(id, e, false);
        if (this.unstored.size === 0 && this.retryTimer) {
          clearInterval(this.retryTimer);
          this.retryTimer = null;
        }
      }, 2000).unref();
    }
  }

  /**
   * Kills the run's process at once; the run is stored as cancelled with the epochs (and checkpoint) it finished,
   * and `reason` (default: cancelled by the user) as its error.
   */
  cancel(runId: number, reason?: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.cancelled = true;
    run.reason = reason;
    run.handle.kill();
    return true;
  }

  /** Stops every run (application exit). */
  stopAll(): void {
    for (const id of [...this.active.keys()]) this.cancel(id);
  }
}

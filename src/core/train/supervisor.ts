// Starts one training process per run, relays its progress as events, and is the one that writes results.
import { fork } from 'node:child_process';
import type { EventSink, RunEvent, TrainConfig, TrainerMessage, TrainerStart, TrainResult } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { NodeEntry } from '../runtime';
import type { Db } from '../store/db';
import { completeRun, recordEpoch, saveCheckpoint, setRunEngine, setRunStatus } from '../store/runs';

/** A running training process, whatever started it (child_process.fork or Electron's utilityProcess). */
export interface TrainerHandle {
  send(message: TrainerStart): void;
  onMessage(listener: (message: TrainerMessage) => void): void;
  /** Called once when the process ends, with a reason when it did not end normally. */
  onExit(listener: (reason: string | null) => void): void;
  kill(): void;
}

export type SpawnTrainer = () => TrainerHandle;

/** The headless way: a forked Node process with structured-clone IPC (typed arrays cross intact). */
export function forkTrainer(entry: NodeEntry): SpawnTrainer {
  return () => {
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      send: (m) => child.send(m),
      onMessage: (l) => child.on('message', (m) => l(m as TrainerMessage)),
      onExit: (l) =>
        child.once('exit', (code, signal) =>
          l(code === 0 ? null : `the training process exited (${signal ?? `code ${code}`})`),
        ),
      kill: () => child.kill('SIGKILL'),
    };
  };
}

interface ActiveRun {
  handle: TrainerHandle;
  cancelled: boolean;
  settled: Promise<TrainResult>;
}

export class RunSupervisor {
  private readonly active = new Map<number, ActiveRun>();

  constructor(
    private readonly db: Db,
    private readonly dbPath: string,
    private readonly spawn: SpawnTrainer,
    private readonly emit: EventSink,
  ) {}

  /** Starts the run's process; resolves `settled` when the run is stored (or rejects with why it is not). */
  start(
    runId: number,
    datasetId: number,
    config: TrainConfig,
    ratingMin: number,
    ratingMax: number,
  ): Promise<TrainResult> {
    const handle = this.spawn();
    const event = (e: RunEvent): void => this.emit('runs:progress', e);
    let finished = false;
    const settled = new Promise<TrainResult>((resolve, reject) => {
      const fail = (
        status: 'failed' | 'cancelled',
        message: string,
        code: 'RunFailed' | 'TrainingDiverged' | 'Cancelled',
      ): void => {
        if (finished) return;
        finished = true;
        this.active.delete(runId);
        setRunStatus(this.db, runId, status, message);
        event({ type: 'failed', runId, status, error: message });
        reject(new WorkbenchError(code, message));
      };
      handle.onMessage((m) => {
        if (finished) return;
        if (m.type === 'epoch') {
          recordEpoch(this.db, runId, m.metrics);
          event({ type: 'epoch', runId, metrics: m.metrics, examplesPerSecond: m.examplesPerSecond });
        } else if (m.type === 'progress') {
          event({
            type: 'progress',
            runId,
            epoch: m.epoch,
            fraction: m.fraction,
            examplesPerSecond: m.examplesPerSecond,
            etaSeconds: m.etaSeconds,
          });
        } else if (m.type === 'checkpoint') {
          saveCheckpoint(this.db, runId, m.epoch, m.tables);
        } else if (m.type === 'engine') {
          setRunEngine(this.db, runId, m.engine, m.backend);
        } else if (m.type === 'done') {
          finished = true;
          this.active.delete(runId);
          const result: TrainResult = { type: 'result', runId, ...m.outcome };
          completeRun(this.db, runId, m.tables, result);
          handle.kill(); // its work is done and stored; do not wait for it to leave by itself
          event({ type: 'finished', runId, result });
          resolve(result);
        } else {
          handle.kill();
          fail('failed', m.error.message, m.error.code === 'TrainingDiverged' ? 'TrainingDiverged' : 'RunFailed');
        }
      });
      handle.onExit((reason) => {
        const run = this.active.get(runId);
        if (run?.cancelled) fail('cancelled', 'cancelled by the user', 'Cancelled');
        else fail('failed', reason ?? 'the training process ended without a result', 'RunFailed');
      });
    });
    settled.catch(() => undefined); // callers that do not wait must not see an unhandled rejection
    this.active.set(runId, { handle, cancelled: false, settled });
    setRunStatus(this.db, runId, 'running');
    event({ type: 'started', runId, epochs: config.epochs });
    handle.send({ type: 'start', dbPath: this.dbPath, runId, datasetId, config, ratingMin, ratingMax });
    return settled;
  }

  /** Kills the run's process at once; the run is stored as cancelled with the epochs it finished. */
  cancel(runId: number): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.cancelled = true;
    run.handle.kill();
    return true;
  }

  /** Stops every run (application exit). */
  stopAll(): void {
    for (const id of [...this.active.keys()]) this.cancel(id);
  }
}

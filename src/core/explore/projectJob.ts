// Runs projectTable on a worker thread (projectWorker.ts): the rows to map are copied into a compact table and
// transferred; progress, paused state and snapshots of the moving layout come back as messages; pause, resume
// and stop go to it as messages, and cancel terminates the thread at once, wherever it is.
import type { Worker } from 'node:worker_threads';
import type { ApiError, ProjectionAction, TsneGradientMethod } from '../../shared';
import { WorkbenchError } from '../../shared';
import { startWorker, type NodeEntry } from '../runtime';
import type { StageProgress } from './layout/context';
import type { DenseTable } from './pca';
import type { ProjectOptions } from './project';

export type JobOptions = Omit<
  ProjectOptions,
  'rows' | 'maxRows' | 'onProgress' | 'onSnapshot' | 'signal' | 'control' | 'helperEntry' | 'allocator'
> & {
  /** Send snapshots of the moving layout. */
  snapshots?: boolean;
};

/** What the worker is asked: every row of `table` is a point, in order. */
export interface ProjectionJob {
  type: 'job';
  table: DenseTable;
  options: JobOptions;
}
export interface JobControl {
  type: 'control';
  action: ProjectionAction;
}

export type WorkerMessage =
  | { type: 'progress'; fraction: number; stage: StageProgress }
  | { type: 'paused'; paused: boolean }
  | { type: 'snapshot'; coords: Float32Array; iteration: number }
  | ({ type: 'result' } & WorkerProjection)
  | { type: 'error'; error: ApiError };

export interface WorkerProjection {
  x: Float32Array;
  y: Float32Array;
  explainedVariance: number[] | null;
  iterations: number | null;
  stopped: boolean;
  gradient: Exclude<TsneGradientMethod, 'auto'> | null;
}

export interface ProjectionHooks {
  onProgress?: (fraction: number, stage: StageProgress) => void;
  onSnapshot?: (coords: Float32Array, iteration: number) => void;
  onPaused?: (paused: boolean) => void;
}

export interface ProjectionTask {
  result: Promise<WorkerProjection>;
  /** Terminates the worker; `result` then rejects with `Cancelled`. False when it had already finished. */
  cancel(): boolean;
  /** Pauses, resumes or stops (keeping the layout) the running layout. False when it had already finished. */
  control(action: ProjectionAction): boolean;
  /** Resolves once the worker thread has exited (after its result, an error or a cancel). */
  ended: Promise<void>;
}

/**
 * Starts the worker on `entry` (`nodeEntry(…, 'projectWorker')` from source, the built `projectWorker.js` in
 * Electron) and hands it `table`, whose buffer is transferred: the caller must not use it afterwards.
 */
export function runProjection(
  entry: NodeEntry,
  table: DenseTable,
  options: JobOptions,
  hooks: ProjectionHooks = {},
): ProjectionTask {
  const worker: Worker = startWorker(entry, null);
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let settled = false;
  let rejectResult: (err: unknown) => void = () => undefined;
  const result = new Promise<WorkerProjection>((resolve, reject) => {
    rejectResult = reject;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      if (m.type === 'progress') hooks.onProgress?.(m.fraction, m.stage);
      else if (m.type === 'snapshot') hooks.onSnapshot?.(m.coords, m.iteration);
      else if (m.type === 'paused') hooks.onPaused?.(m.paused);
      else if (m.type === 'result') {
        const { x, y, explainedVariance, iterations, stopped, gradient } = m;
        finish(() => resolve({ x, y, explainedVariance, iterations, stopped, gradient }));
      } else finish(() => reject(new WorkbenchError(m.error.code, m.error.message)));
    });
    worker.on('error', (err: Error & { code?: string }) =>
      finish(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new WorkbenchError(
                'Internal',
                `the projection of ${table.rows.toLocaleString('en')} rows ran out of memory: lower the row limit, or use pca (it needs no more than the table)`,
              )
            : new WorkbenchError('Internal', `the projection worker failed: ${err.message}`),
        ),
      ),
    );
    worker.on('exit', (code) =>
      finish(() =>
        reject(new WorkbenchError('Internal', `the projection worker stopped (exit code ${code}) before its result`)),
      ),
    );
  });
  worker.postMessage({ type: 'job', table, options } satisfies ProjectionJob, [table.data.buffer as ArrayBuffer]);
  return {
    result,
    ended,
    cancel: () => {
      if (settled) return false;
      settled = true;
      void worker.terminate();
      rejectResult(new WorkbenchError('Cancelled', 'the projection was cancelled'));
      return true;
    },
    control: (action) => {
      if (settled) return false;
      worker.postMessage({ type: 'control', action } satisfies JobControl);
      return true;
    },
  };
}

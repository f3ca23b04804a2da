// The one worker pool: runs an epoch's chunks either inline (one thread: a fixed order, so a seed reproduces the
// run bit for bit) or on Hogwild worker threads sharing the tables (Recht et al. 2011, lock-free; collisions are
// rare with sparse rows and cost little accuracy), a queue keeping every worker busy. Inline, it lets the event
// loop deliver messages between chunks.
import type { Worker } from 'node:worker_threads';
import { parentPort } from 'node:worker_threads';
import { startWorker, type NodeEntry } from '../runtime';

export interface ChunkExecutor<T, R> {
  /** Runs every task; `onResult` sees each result as it arrives (in task order when inline). */
  run(tasks: readonly T[], onResult: (result: R, task: T) => void): Promise<void>;
  close(): Promise<void>;
}
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One thread, in order; yields to the event loop every ~50 ms so messages get through. */
export class InlineExecutor<T, R> implements ChunkExecutor<T, R> {
  constructor(private readonly fn: (task: T) => R) {}

  async run(tasks: readonly T[], onResult: (result: R, task: T) => void): Promise<void> {
    let last = performance.now();
    for (const task of tasks) {
      if (performance.now() - last > 50) {
        await yieldToEventLoop();
        last = performance.now();
      }
      onResult(this.fn(task), task);
    }
  }

  async close(): Promise<void> {}
}

/** N worker threads started on `entry` with `workerData(thread)`; the entry calls `serveChunks`. */
export class WorkerExecutor<T, R> implements ChunkExecutor<T, R> {
  private readonly workers: Worker[];

  constructor(entry: NodeEntry, threads: number, workerData: (thread: number) => unknown) {
    this.workers = Array.from({ length: threads }, (_, t) => startWorker(entry, workerData(t)));
  }

  run(tasks: readonly T[], onResult: (result: R, task: T) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let next = 0;
      let busy = 0;
      let failed: unknown = null;
      let done = false;
      const cleanups: (() => void)[] = [];
      const finish = (): void => {
        if (done) return;
        done = true;
        cleanups.forEach((f) => f());
        if (failed !== null) reject(failed);
        else resolve();
      };
      const feed = (w: Worker): void => {
        if (failed !== null || next >= tasks.length) {
          if (busy === 0) finish();
          return;
        }
        const task = tasks[next++]!;
        busy++;
        w.postMessage(task);
        pending.set(w, task);
      };
      const pending = new Map<Worker, T>();
      for (const w of this.workers) {
        const onMessage = (result: R): void => {
          busy--;
          const task = pending.get(w)!;
          if (failed === null) {
            try {
              onResult(result, task);
            } catch (err) {
              failed = err;
            }
          }
          feed(w);
        };
        const onError = (err: Error): void => {
          busy--;
          failed ??= err;
          if (busy === 0) finish();
        };
        w.on('message', onMessage);
        w.on('error', onError);
        cleanups.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
        });
      }
      if (tasks.length === 0) return finish();
      for (const w of this.workers) feed(w);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The worker side: answers each task message with `fn(task)`. */
export function serveChunks<T, R>(fn: (task: T) => R): void {
  if (!parentPort) throw new Error('serveChunks must run in a worker thread');
  const port = parentPort;
  port.on('message', (task: T) => port.postMessage(fn(task)));
}

/** Inline with one thread, else `threads` workers on `entry` (each given `workerData(thread)`). */
export function createPool<T, R>(
  threads: number,
  inline: () => (task: T) => R,
  workers: () => { entry: NodeEntry; workerData: (thread: number) => unknown },
): ChunkExecutor<T, R> {
  if (threads <= 1) return new InlineExecutor(inline());
  const w = workers();
  return new WorkerExecutor(w.entry, threads, w.workerData);
}

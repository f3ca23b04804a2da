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

/**
 * N worker threads started on `entry` with `workerData(thread)`; the entry calls `serveChunks`. With `inline`,
 * the calling thread takes tasks from the same queue too (between them it handles the workers' results), and
 * each worker holds two tasks, so that it never waits for a thread busy with its own.
 */
export class WorkerExecutor<T, R> implements ChunkExecutor<T, R> {
  private readonly workers: Worker[];

  constructor(
    entry: NodeEntry,
    threads: number,
    workerData: (thread: number) => unknown,
    private readonly inline: ((task: T) => R) | null = null,
  ) {
    this.workers = Array.from({ length: threads }, (_, t) => startWorker(entry, workerData(t)));
  }

  run(tasks: readonly T[], onResult: (result: R, task: T) => void): Promise<void> {
    const depth = this.inline ? 2 : 1;
    return new Promise<void>((resolve, reject) => {
      let next = 0;
      let busy = 0;
      let inlineBusy = false;
      let failed: unknown = null;
      let done = false;
      const cleanups: (() => void)[] = [];
      const pending = new Map<Worker, T[]>();
      const settle = (): void => {
        if (done || busy > 0 || inlineBusy || (failed === null && next < tasks.length)) return;
        done = true;
        cleanups.forEach((f) => f());
        if (failed !== null) reject(failed);
        else resolve();
      };
      const report = (result: R, task: T): void => {
        if (failed !== null) return;
        try {
          onResult(result, task);
        } catch (err) {
          failed = err;
        }
      };
      const feed = (w: Worker): void => {
        const queue = pending.get(w)!;
        while (failed === null && next < tasks.length && queue.length < depth) {
          const task = tasks[next++]!;
          queue.push(task);
          busy++;
          w.postMessage(task);
        }
      };
      for (const w of this.workers) {
        pending.set(w, []);
        const onMessage = (result: R): void => {
          busy--;
          report(result, pending.get(w)!.shift()!);
          feed(w);
          settle();
        };
        const onError = (err: Error): void => {
          const queue = pending.get(w)!;
          busy -= queue.length; // the thread is gone with the tasks it held
          queue.length = 0;
          failed ??= err;
          settle();
        };
        w.on('message', onMessage);
        w.on('error', onError);
        cleanups.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
        });
      }
      for (const w of this.workers) feed(w);
      const inline = this.inline;
      if (inline) {
        inlineBusy = true;
        void (async () => {
          while (failed === null && next < tasks.length) {
            const task = tasks[next++]!;
            try {
              report(inline(task), task);
            } catch (err) {
              failed ??= err;
            }
            await yieldToEventLoop(); // the workers' results, and their next tasks
          }
          inlineBusy = false;
          settle();
        })();
      }
      settle();
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

/**
 * Inline with one thread, else `threads` workers on `entry` (each given `workerData(thread)`). `callerWorks`: the
 * calling thread is one of the `threads` (thread 0, running `inline`) beside `threads − 1` workers, for a model
 * whose inline runner may share the workers' tables: a worker thread costs ~10 MiB (its own V8 heap), and the
 * caller would only wait.
 */
export function createPool<T, R>(
  threads: number,
  inline: () => (task: T) => R,
  workers: () => { entry: NodeEntry; workerData: (thread: number) => unknown },
  options: { callerWorks?: boolean } = {},
): ChunkExecutor<T, R> {
  if (threads <= 1) return new InlineExecutor(inline());
  const w = workers();
  if (!options.callerWorks) return new WorkerExecutor(w.entry, threads, w.workerData);
  return new WorkerExecutor(w.entry, threads - 1, (t) => w.workerData(t + 1), inline());
}

// Lock-free parallel SGD (Recht et al. 2011, "Hogwild!"): N worker threads update the same shared tables.
// Collisions are rare with sparse rows and cost little accuracy; the speed-up is near linear in cores.
import type { Worker } from 'node:worker_threads';
import { startWorker, type NodeEntry } from '../runtime';
import type { MfHyper, MfParams, RatingData } from './mf';
import type { MfWorkerData, MfWorkerTask } from './mfWorker';

export class HogwildPool {
  private readonly workers: Worker[];

  constructor(entry: NodeEntry, threads: number, shared: MfWorkerData) {
    this.workers = Array.from({ length: threads }, () => startWorker(entry, shared));
  }

  /** Splits order[0, count) into one contiguous slice per worker; resolves with the summed loss. */
  async epoch(count: number, hyper: MfHyper): Promise<number> {
    const per = Math.ceil(count / this.workers.length);
    const parts = this.workers.map(
      (w, t) =>
        new Promise<number>((resolve, reject) => {
          const task: MfWorkerTask = { start: Math.min(count, t * per), end: Math.min(count, (t + 1) * per), hyper };
          const onError = (err: Error): void => reject(err);
          w.once('error', onError);
          w.once('message', (loss: number) => {
            w.off('error', onError);
            resolve(loss);
          });
          w.postMessage(task);
        }),
    );
    return (await Promise.all(parts)).reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export type { MfHyper, MfParams, RatingData };

// Running batches by id: each gets an AbortSignal (`batch:cancel`) and a throttled progress reporter
// (`batch:progress` events, about four a second, always the last one).
import type { BatchKind, BatchProgress, BatchResult } from '../../shared';
import { WorkbenchError } from '../../shared';

const PROGRESS_MS = 250;

/** What a batch's work reports; the handler adds what every result says (kind, run, file, time). */
export type BatchOutcome = Pick<BatchResult, 'queries' | 'rows' | 'predictions'>;

export interface BatchJob {
  batchId: string;
  signal: AbortSignal;
  /** Reports `done` of `total`; throws `Cancelled` once the batch is cancelled (the write is then dropped). */
  progress(done: number, total: number, force?: boolean): void;
}

export class BatchJobs {
  private readonly running = new Map<string, AbortController>();
  private seq = 0;

  constructor(private readonly emit: (p: BatchProgress) => void) {}

  async run<T>(kind: BatchKind, batchId: string | undefined, work: (job: BatchJob) => Promise<T>): Promise<T> {
    const id = batchId ?? `${kind}-${Date.now()}-${++this.seq}`;
    if (this.running.has(id)) throw new WorkbenchError('BadRequest', `a batch with id "${id}" is running already`);
    const controller = new AbortController();
    this.running.set(id, controller);
    const started = performance.now();
    let last = 0;
    const job: BatchJob = {
      batchId: id,
      signal: controller.signal,
      progress: (done, total, force = false) => {
        if (controller.signal.aborted)
          throw new WorkbenchError('Cancelled', `the batch ${id} was cancelled; nothing was written`);
        const now = performance.now();
        if (!force && now - last < PROGRESS_MS) return;
        last = now;
        const seconds = (now - started) / 1000;
        const etaSeconds = done > 0 && done < total ? (seconds * (total - done)) / done : done >= total ? 0 : null;
        this.emit({ batchId: id, kind, done, total, etaSeconds });
      },
    };
    try {
      return await work(job);
    } finally {
      this.running.delete(id);
    }
  }

  cancel(batchId: string): boolean {
    const c = this.running.get(batchId);
    c?.abort();
    return c !== undefined;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}

/** Lets the event loop run (other requests, a cancel) between pieces of a long batch. */
export const yieldToLoop = (): Promise<void> => new Promise((ok) => setImmediate(ok));

// Helper threads for the map layouts: each kernel runs over a fixed list of chunks (ranges of points) that the
// calling thread and its helpers take from a shared counter, on arrays in SharedArrayBuffers. A chunk's result
// never depends on which thread ran it, so a seed gives the same map with 1 thread or 8.
import type { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../../shared';
import { startWorker, type NodeEntry } from '../../runtime';
import { KERNELS } from './kernels';
import type { KernelName, KernelParams, KernelState, LayoutPool } from './poolApi';

export type HelperRequest =
  { type: 'share'; state: KernelState } | { type: 'run'; kernel: KernelName; chunks: number; params: KernelParams };
export type HelperReply = { type: 'done' } | { type: 'error'; message: string };

/** What a helper thread is started with (workerData). */
export interface HelperData {
  role: 'layoutHelper';
  counter: Int32Array;
}

/** Runs every chunk of `kernel` on this thread, taking chunk numbers from `counter` until they run out. */
export function drainChunks(
  counter: Int32Array,
  kernel: KernelName,
  state: KernelState,
  params: KernelParams,
  chunks: number,
): void {
  const fn = KERNELS[kernel];
  for (let c = Atomics.add(counter, 0, 1); c < chunks; c = Atomics.add(counter, 0, 1)) fn(state, params, c);
}

/**
 * A pool of `threads − 1` helper threads started on `entry` (the projection worker, which turns into a helper
 * when its workerData says so). One thread means no helpers: every chunk runs here, in order.
 */
export function createPool(threads: number, entry: NodeEntry | null): LayoutPool {
  // [next chunk, gate generation]: see kernels.ts awaitGate.
  const counter = new Int32Array(new SharedArrayBuffer(8));
  const state: KernelState = { gate: counter };
  let generation = 0;
  const helpers: Worker[] = [];
  const wanted = entry ? Math.max(1, Math.floor(threads)) : 1;
  for (let t = 1; t < wanted; t++) {
    const data: HelperData = { role: 'layoutHelper', counter };
    helpers.push(startWorker(entry!, data));
  }
  // One run at a time: the helpers still to answer it.
  let current: { resolve: () => void; reject: (e: Error) => void; left: number } | null = null;
  let broken: string | null = null;
  const fail = (message: string): void => {
    broken ??= message;
    current?.reject(new WorkbenchError('Internal', `a layout helper thread failed: ${message}`));
    current = null;
  };
  let closing = false;
  for (const w of helpers) {
    w.on('message', (m: HelperReply) => {
      if (m.type === 'error') return fail(m.message);
      if (current && --current.left === 0) {
        current.resolve();
        current = null;
      }
    });
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => closing || fail(`it stopped (exit code ${code})`));
  }
  return {
    threads: helpers.length + 1,
    share(more) {
      Object.assign(state, more);
      for (const w of helpers) w.postMessage({ type: 'share', state: more } satisfies HelperRequest);
    },
    async run(kernel, chunks, params, meanwhile) {
      if (broken) throw new WorkbenchError('Internal', `a layout helper thread failed: ${broken}`);
      Atomics.store(counter, 0, 0);
      const gated = { ...params, gate: ++generation };
      const done =
        helpers.length === 0
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => (current = { resolve, reject, left: helpers.length }));
      for (const w of helpers) w.postMessage({ type: 'run', kernel, chunks, params: gated } satisfies HelperRequest);
      meanwhile?.();
      Atomics.store(counter, 1, generation);
      Atomics.notify(counter, 1);
      drainChunks(counter, kernel, state, gated, chunks);
      await done;
    },
    async close() {
      closing = true;
      await Promise.all(helpers.map((w) => w.terminate()));
    },
  };
}

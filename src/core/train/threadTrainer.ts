// The CLI's trainer: the training entry (process.ts) on a worker thread of the CLI's own process instead of a
// second Node process. It spares a Node heap and the table files: tables cross as arrays, word2vec's shared
// tables not even copied. What a thread cannot guard, and why the server and Electron keep processes, is in
// docs/architecture.md ("Where training runs").
import type { TrainerMessage } from '../../shared';
import { startWorker, type NodeEntry } from '../runtime';
import type { SpawnTrainer, TrainerHandle } from './supervisor';

/**
 * A worker thread on `entry` (the training entry). Killing it terminates the thread at once, as SIGKILL ends a
 * process; an uncaught error in it, or its JS heap reaching V8's limit (Node then ends the thread, not the
 * process: ERR_WORKER_OUT_OF_MEMORY), ends it with that reason.
 */
export function threadTrainer(entry: NodeEntry): SpawnTrainer {
  return () => {
    const worker = startWorker(entry, null);
    let failure: string | null = null;
    worker.on('error', (err) => (failure ??= `the training thread failed: ${err.message}`));
    const handle: TrainerHandle = {
      send: (m) => worker.postMessage(m),
      onMessage: (l) => worker.on('message', (m: TrainerMessage) => l(m)),
      onExit: (l) =>
        worker.once('exit', (code) => l(failure ?? (code === 0 ? null : `the training thread exited (code ${code})`))),
      kill: () => void worker.terminate(),
    };
    return handle;
  };
}

/** Spark runs keep a process of their own: their driver is a child that must die with the trainer (sparkRun.ts). */
export function threadOrProcess(thread: SpawnTrainer, processes: SpawnTrainer): SpawnTrainer {
  return (run) => (run.spark ? processes(run) : thread(run));
}

// How the training entry (process.ts) talks to its supervisor, over whichever transport started it: Electron's
// utilityProcess (process.parentPort), a forked Node process (process.send), or a worker thread of the
// supervisor's own process (worker_threads' parentPort: the CLI, to spare a second Node heap).
import { isMainThread, parentPort as threadPort } from 'node:worker_threads';
import type { TableTransfer, TablesSent, TrainerMessage, TrainerStart, TrainerStored } from '../../shared';
import { writeTablesFile } from './tablesFile';

interface UtilityPort {
  on(event: 'message', listener: (e: { data: TrainerStart }) => void): void;
  postMessage(message: TrainerMessage): void;
}
const utilityPort = (process as unknown as { parentPort?: UtilityPort }).parentPort;
const inThread = !isMainThread && threadPort !== null;

/** Resolves once a forked process's message is flushed to the pipe (a large table can take a while). */
export function send(message: TrainerMessage): Promise<void> {
  if (inThread) {
    threadPort!.postMessage(message);
    return Promise.resolve();
  }
  if (utilityPort) {
    utilityPort.postMessage(message);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * The tables as this transport carries them: a process writes them to a file in `dir` (a message would cost the
 * receiver several copies); a thread posts the arrays, which on shared memory (word2vec's live tables) are not
 * copied at all.
 */
export function tablesOut(dir: string, tables: TableTransfer[]): TablesSent {
  return inThread ? tables : writeTablesFile(dir, tables);
}

const storedWaiters = new Map<number, () => void>();

/**
 * Sends a checkpoint and resolves once it may change again: a file is a copy already; a thread's arrays may be
 * the live tables, so training waits until the supervisor says it has stored them (`stored`).
 */
export async function sendCheckpoint(dir: string, epoch: number, tables: TableTransfer[]): Promise<void> {
  const out = tablesOut(dir, tables);
  if (!Array.isArray(out)) return void send({ type: 'checkpoint', epoch, tables: out });
  const stored = new Promise<void>((resolve) => storedWaiters.set(epoch, resolve));
  await send({ type: 'checkpoint', epoch, tables: out });
  await stored;
}

/** Calls `begin` with the run's start message, however it arrives. */
export function onStart(begin: (start: TrainerStart) => void): void {
  if (inThread) {
    threadPort!.on('message', (m: TrainerStart | TrainerStored) => {
      if (m.type === 'start') begin(m);
      else {
        storedWaiters.get(m.epoch)?.();
        storedWaiters.delete(m.epoch);
      }
    });
    return;
  }
  exitWithParent();
  if (utilityPort) utilityPort.on('message', (e) => begin(e.data));
  else process.once('message', begin);
}

let leaving = false;

/**
 * After the last message. Messages go out in order, so once the last one is flushed all are: a forked process
 * disconnects (leaving earlier would drop queued messages, a large table). Electron's port has no flush callback
 * and a thread cannot end its host: there the supervisor ends the trainer when it has the result.
 */
export function leave(): void {
  if (!inThread && !utilityPort) {
    leaving = true;
    process.disconnect?.();
  }
}

/**
 * A training process never outlives its parent: a forked one leaves when the IPC channel closes (the parent
 * exited or was killed), and checks every second that the parent is still theirs (a killed parent's children are
 * re-parented, so `ppid` changes). Otherwise an orphan would compute on for minutes. (A thread dies with its
 * process.)
 */
function exitWithParent(): void {
  const ppid = process.ppid;
  process.on('disconnect', () => {
    if (!leaving) process.exit(1);
  });
  setInterval(() => {
    if (process.ppid !== ppid) process.exit(1);
  }, 1000).unref();
}

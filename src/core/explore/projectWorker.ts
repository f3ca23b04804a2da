// A worker thread that computes one 2-D map (projectJob.ts starts it and relays its progress): the map never
// blocks Electron's main process or `ewb serve`, and cancelling it is terminating the thread.
import { parentPort } from 'node:worker_threads';
import { toApiError } from '../../shared';
import { projectTable } from './project';
import type { ProjectionJob, WorkerMessage } from './projectJob';

const port = parentPort;
if (!port) throw new Error('projectWorker.ts runs as a worker thread (see projectJob.ts)');

const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

port.once('message', (job: ProjectionJob) => {
  void (async () => {
    try {
      const { table, options } = job;
      // The parent sends only the rows to map, already in order: every row of this compact table is a point.
      const rows = Int32Array.from({ length: table.rows }, (_, i) => i);
      let last = -1;
      const p = await projectTable(table, {
        ...options,
        rows,
        onProgress: (fraction) => {
          // Small steps are merged: the parent throttles again, this only spares the message channel.
          if (fraction - last >= 0.001 || fraction === 1) {
            last = fraction;
            send({ type: 'progress', fraction });
          }
        },
      });
      send({ type: 'result', x: p.x, y: p.y, explainedVariance: p.explainedVariance ?? null }, [
        p.x.buffer as ArrayBuffer,
        p.y.buffer as ArrayBuffer,
      ]);
    } catch (err) {
      send({ type: 'error', error: toApiError(err) });
    }
  })();
});

// A worker thread that computes one 2-D map (projectJob.ts starts it and relays its progress and snapshots),
// so the map never blocks Electron's main process or `ewb serve`, and cancelling it is terminating the thread.
// Started with workerData `{ role: 'layoutHelper' }` the same file is a helper thread of a layout's pool: one
// entry serves both, so the Electron build needs no second file.
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../shared';
import { nodeEntry } from '../runtime';
import { runLayoutHelper } from './layout/helper';
import type { HelperData } from './layout/pool';
import { LayoutControl, projectTable } from './project';
import type { JobControl, ProjectionJob, WorkerMessage } from './projectJob';

const port = parentPort;
if (!port) throw new Error('projectWorker.ts runs as a worker thread (see projectJob.ts)');

const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

function runCoordinator(): void {
  const control = new LayoutControl();
  control.onChange = (paused) => send({ type: 'paused', paused });
  port!.on('message', (m: ProjectionJob | JobControl) => {
    if (m.type === 'control') {
      if (m.action === 'pause') control.pause();
      else if (m.action === 'resume') control.resume();
      else control.stop();
      return;
    }
    void project(m, control);
  });
}

async function project(job: ProjectionJob, control: LayoutControl): Promise<void> {
  try {
    const { table, options } = job;
    const { snapshots, ...rest } = options;
    // The parent sends only the rows to map, already in order: every row of this compact table is a point.
    const rows = Int32Array.from({ length: table.rows }, (_, i) => i);
    let last = -1;
    const p = await projectTable(table, {
      ...rest,
      rows,
      control,
      // This file again, as the pool's helper threads (from source or as the built projectWorker.js).
      helperEntry: nodeEntry(import.meta.url, 'projectWorker'),
      onProgress: (fraction, stage) => {
        // Small steps are merged: the parent throttles again, this only spares the message channel.
        if (fraction - last >= 0.001 || fraction === 1 || stage.stage !== 'layout') {
          last = fraction;
          send({ type: 'progress', fraction, stage });
        }
      },
      onSnapshot: snapshots
        ? (coords, iteration) => send({ type: 'snapshot', coords, iteration }, [coords.buffer as ArrayBuffer])
        : undefined,
    });
    send(
      {
        type: 'result',
        x: p.x,
        y: p.y,
        explainedVariance: p.explainedVariance ?? null,
        iterations: p.iterations ?? null,
        stopped: p.stopped ?? false,
        gradient: p.gradient ?? null,
      },
      [p.x.buffer as ArrayBuffer, p.y.buffer as ArrayBuffer],
    );
  } catch (err) {
    send({ type: 'error', error: toApiError(err) });
  }
}

const data = workerData as HelperData | null;
if (data?.role === 'layoutHelper') runLayoutHelper(port, data);
else runCoordinator();

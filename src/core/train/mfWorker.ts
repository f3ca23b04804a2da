// A worker thread of the Hogwild pool: SGD over its slice of the shuffled order, on tables shared with the others.
import { parentPort, workerData } from 'node:worker_threads';
import { sgdRange, type MfHyper, type MfParams, type RatingData } from './mf';

export interface MfWorkerData {
  params: MfParams;
  data: RatingData;
  order: Int32Array;
}
export interface MfWorkerTask {
  start: number;
  end: number;
  hyper: MfHyper;
}

const { params, data, order } = workerData as MfWorkerData;
parentPort!.on('message', (task: MfWorkerTask) => {
  parentPort!.postMessage(sgdRange(params, data, order, task.start, task.end, task.hyper));
});

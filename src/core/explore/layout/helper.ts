// A layout helper thread (the projection worker started with role `layoutHelper`): it keeps the arrays the
// pool shares and runs the chunks of each kernel it is asked to, taking chunk numbers from the shared counter.
import type { MessagePort } from 'node:worker_threads';
import type { KernelState } from './poolApi';
import { keepOnlyIndex } from './knn';
import { drainChunks, type HelperData, type HelperReply, type HelperRequest } from './pool';

export function runLayoutHelper(port: MessagePort, data: HelperData): void {
  const state: KernelState = { gate: data.counter };
  port.on('message', (m: HelperRequest) => {
    if (m.type === 'share') {
      Object.assign(state, m.state);
      keepOnlyIndex(state.indexPath);
      return;
    }
    try {
      drainChunks(data.counter, m.kernel, state, m.params, m.chunks);
      port.postMessage({ type: 'done' } satisfies HelperReply);
    } catch (err) {
      port.postMessage({
        type: 'error',
        message: err instanceof Error ? err.message : String(err),
      } satisfies HelperReply);
    }
  });
}

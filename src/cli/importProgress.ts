// What `import` and `import-vectors` share: their progress printed about once a second (every event with --json),
// and Ctrl-C cancelling the import cleanly (it then writes nothing) instead of killing it half-way.
import type { EventSink, ImportProgress } from '../shared';
import type { Services } from '../core/services';
import type { Output } from './output';

export function printImportProgress(
  out: Output,
  event: 'import' | 'import-vectors',
  importId: string,
  line: (p: ImportProgress) => string,
): EventSink {
  let last = 0;
  return (name, payload) => {
    if (name !== 'imports:progress') return;
    const p = payload as ImportProgress;
    if (p.importId !== importId) return;
    const now = Date.now();
    if (out.json || now - last >= 1000 || p.stage === 'writing') {
      last = now;
      out.progress({ type: 'progress', event, ...p }, line(p));
    }
  };
}

export async function cancellable<T>(s: Services, importId: string, work: () => Promise<T>): Promise<T> {
  const cancel = (): void => void s.handlers['datasets:cancelImport']({ importId });
  process.once('SIGINT', cancel);
  try {
    return await work();
  } finally {
    process.off('SIGINT', cancel);
  }
}

// Runs one import at a time under an id of our own, follows its `imports:progress` events, and cancels it.
import { onScopeDispose, ref, shallowRef } from 'vue';
import type { ImportProgress, ImportRequest, ImportResult } from '../../../shared';
import { api, ApiCallError } from '../api';
import { newImportId } from '../lib/importProgress';

export type ImportOutcome = { status: 'imported'; result: ImportResult } | { status: 'cancelled'; message: string };

export function useImport() {
  const progress = shallowRef<ImportProgress | null>(null);
  const running = ref(false);
  const cancelling = ref(false);
  let importId: string | null = null;

  // Subscribed for the view's lifetime: in browser mode the event socket opens with the first subscription,
  // so it is open before an import starts and its first events are not lost.
  const off = api.on('imports:progress', (p) => {
    if (p.importId === importId) progress.value = p;
  });

  /** Resolves with the result, or `cancelled` when the user stopped it; other failures are thrown. */
  async function run(req: Omit<ImportRequest, 'importId'>): Promise<ImportOutcome> {
    if (running.value) throw new ApiCallError('BadRequest', 'An import is running already; wait for it or cancel it.');
    importId = newImportId();
    progress.value = null;
    running.value = true;
    cancelling.value = false;
    try {
      return { status: 'imported', result: await api.invoke('datasets:import', { ...req, importId }) };
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'Cancelled') return { status: 'cancelled', message: err.message };
      throw err;
    } finally {
      importId = null;
      running.value = false;
      cancelling.value = false;
    }
  }

  async function cancel(): Promise<void> {
    if (importId === null) return;
    cancelling.value = true;
    try {
      // The import itself then fails with `Cancelled`, which `run` turns into its outcome.
      await api.invoke('datasets:cancelImport', { importId });
    } catch (err) {
      cancelling.value = false;
      throw err;
    }
  }

  onScopeDispose(off);
  return { progress, running, cancelling, run, cancel };
}

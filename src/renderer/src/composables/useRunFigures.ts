// The run list's key figures (`test RMSE 0.9123`): a completed run's result never changes, so each is asked once.
import { ref } from 'vue';
import type { RunDetail, RunSummary } from '../../../shared';
import { api } from '../api';
import { keyFigure } from '../lib/runMetrics';

export function useRunFigures() {
  const figures = ref<Record<number, string>>({});
  const asked = new Set<number>();

  function remember(detail: Pick<RunDetail, 'id' | 'model' | 'result' | 'epochs'>): void {
    asked.add(detail.id);
    const figure =
      detail.model === 'imported' ? 'imported vectors' : keyFigure(detail.model, detail.result, detail.epochs);
    if (figure) figures.value = { ...figures.value, [detail.id]: figure };
  }

  /** Fetches the details of completed runs not seen yet (`runs:list` carries no metrics). */
  async function update(runs: readonly RunSummary[]): Promise<void> {
    const missing = runs.filter((r) => r.status === 'completed' && !asked.has(r.id));
    for (const r of missing) asked.add(r.id);
    try {
      for (const detail of await Promise.all(missing.map((r) => api.invoke('runs:get', { runId: r.id })))) {
        remember(detail);
      }
    } catch (err) {
      for (const r of missing) asked.delete(r.id); // asked again with the next refresh
      throw err;
    }
  }

  return { figures, update, remember };
}

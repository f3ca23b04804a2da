// One visible error per view: every backend call runs through `attempt`, so no failure is swallowed.
import { ref } from 'vue';
import { ApiCallError } from '../api';

export interface ShownError {
  code: string;
  message: string;
}

export function describeError(err: unknown): ShownError {
  if (err instanceof ApiCallError) return { code: err.code, message: err.message };
  return { code: 'Error', message: err instanceof Error ? err.message : String(err) };
}

export function useErrorState() {
  const error = ref<ShownError | null>(null);
  const pending = ref(0);

  /** Runs a task, clearing the previous error; a failure becomes the shown error and yields undefined. */
  async function attempt<T>(task: () => Promise<T>): Promise<T | undefined> {
    error.value = null;
    pending.value++;
    try {
      return await task();
    } catch (err) {
      error.value = describeError(err);
      return undefined;
    } finally {
      pending.value--;
    }
  }

  const show = (err: unknown) => void (error.value = describeError(err));
  const clear = () => void (error.value = null);
  return { error, pending, attempt, show, clear };
}

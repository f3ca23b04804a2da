// `app:info` never changes while the app runs: fetched once, shared by every caller.
import { shallowRef } from 'vue';
import type { AppInfo } from '../../../shared';
import { api } from '../api';

const info = shallowRef<AppInfo | null>(null);
let loading: Promise<AppInfo> | null = null;

export function useAppInfo() {
  function load(): Promise<AppInfo> {
    loading ??= api.invoke('app:info', undefined).then(
      (value) => (info.value = value),
      (err: unknown) => {
        loading = null; // let the next caller retry
        throw err;
      },
    );
    return loading;
  }
  return { info, load };
}

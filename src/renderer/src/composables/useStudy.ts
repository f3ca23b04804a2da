// Follows studies for the Tune panel: the list, the chosen study in full (refreshed as its trials end, at most
// about once a second, and polled while it runs in case the socket dropped events), start, cancel and resume.
import { onScopeDispose, ref, shallowRef } from 'vue';
import type { StudyDetail, StudySummary, TuneRequest } from '../../../shared';
import { api } from '../api';

const REFRESH_MS = 800;
const POLL_MS = 3_000;

export function useStudy(onError: (err: unknown) => void) {
  const studies = shallowRef<StudySummary[]>([]);
  const study = shallowRef<StudyDetail | null>(null);
  const selected = ref<number | null>(null);
  let timer: number | null = null;

  async function refresh(): Promise<void> {
    studies.value = await api.invoke('studies:list', undefined);
    if (selected.value !== null) study.value = await api.invoke('studies:get', { studyId: selected.value });
  }
  /** Many events arrive while trials train (one per epoch): one refresh for all that came within REFRESH_MS. */
  function soon(): void {
    if (timer !== null) return;
    timer = window.setTimeout(() => {
      timer = null;
      refresh().catch(onError);
    }, REFRESH_MS);
  }
  const off = api.on('studies:progress', (e) => {
    if (e.studyId === selected.value && (e.type !== 'trial' || e.trial.state !== 'running')) soon();
  });
  const poll = window.setInterval(() => {
    if (study.value?.status === 'running') soon();
  }, POLL_MS);

  async function select(studyId: number | null): Promise<void> {
    selected.value = studyId;
    study.value = null;
    await refresh();
  }
  async function start(req: TuneRequest): Promise<void> {
    const { studyId } = await api.invoke('studies:start', req);
    await select(studyId);
  }
  async function cancel(): Promise<void> {
    if (selected.value !== null) await api.invoke('studies:cancel', { studyId: selected.value });
    soon();
  }
  async function resume(): Promise<void> {
    if (selected.value !== null) await api.invoke('studies:resume', { studyId: selected.value });
    await refresh();
  }

  onScopeDispose(() => {
    off();
    window.clearInterval(poll);
    if (timer !== null) window.clearTimeout(timer);
  });

  return { studies, study, selected, refresh, select, start, cancel, resume };
}

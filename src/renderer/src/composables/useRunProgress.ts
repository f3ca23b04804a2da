// Follows one training run: starts or loads it, folds `runs:progress` events, and catches up via `runs:get`.
import { onScopeDispose, ref } from 'vue';
import type { RunEvent, SparkOptions, TrainRequest } from '../../../shared';
import { api } from '../api';
import { applyRunEvent, idleProgress, isFinished, mergeRunDetail, type RunProgress } from './runProgress';

/** Without an event for this long while running, ask for a snapshot: the socket may have dropped some. */
const QUIET_MS = 4_000;
const POLL_MS = 1_000;

export function useRunProgress(onError: (err: unknown) => void) {
  const progress = ref<RunProgress>(idleProgress());
  // Events can beat the `runs:start` reply (WebSocket vs HTTP); they wait here until we know our run id.
  let starting = false;
  let early: RunEvent[] = [];
  let lastHeard = 0;

  const off = api.on('runs:progress', (event) => {
    if (starting) early.push(event);
    else if (event.runId === progress.value.runId) {
      lastHeard = Date.now();
      progress.value = applyRunEvent(progress.value, event);
    }
  });

  async function catchUp(): Promise<void> {
    const runId = progress.value.runId;
    if (runId === null) return;
    lastHeard = Date.now();
    const detail = await api.invoke('runs:get', { runId });
    progress.value = mergeRunDetail(progress.value, detail);
  }

  const poll = window.setInterval(() => {
    const { status } = progress.value;
    if (status === 'idle' || isFinished(status) || Date.now() - lastHeard < QUIET_MS) return;
    catchUp().catch(onError);
  }, POLL_MS);

  /** Starts a run (on Spark with `spark`); resolves once it has an id (progress then arrives through events). */
  async function start(req: TrainRequest, spark?: SparkOptions): Promise<void> {
    progress.value = { ...idleProgress(), dataset: req.dataset, status: 'queued', totalEpochs: req.epochs ?? 0 };
    starting = true;
    early = [];
    try {
      const { runId } = spark
        ? await api.invoke('runs:startSpark', { train: req, spark })
        : await api.invoke('runs:start', req);
      progress.value = { ...progress.value, runId };
      for (const event of early) progress.value = applyRunEvent(progress.value, event);
    } catch (err) {
      progress.value = idleProgress();
      throw err;
    } finally {
      starting = false;
      early = [];
    }
    await catchUp();
  }

  /** Shows a run from the history; if it is still going, its events keep updating the view. */
  async function load(runId: number): Promise<void> {
    progress.value = { ...idleProgress(), runId, status: 'queued' };
    await catchUp();
  }

  /** Resumes a stopped run from its last stored epoch and follows it. */
  async function resume(runId: number): Promise<void> {
    progress.value = { ...idleProgress(), runId, status: 'queued' };
    await api.invoke('runs:resume', { runId });
    await catchUp();
  }

  async function cancel(): Promise<void> {
    const runId = progress.value.runId;
    if (runId !== null) await api.invoke('runs:cancel', { runId });
  }

  onScopeDispose(() => {
    off();
    window.clearInterval(poll);
  });

  return { progress, start, load, resume, cancel };
}

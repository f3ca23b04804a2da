// A running run's place inside its current epoch, in the numbers and words the progress bar shows (pure).
import type { RunProgress } from '../composables/runProgress';
import { formatEta } from './importProgress';

export interface EpochProgressView {
  /** `Epoch 3 of 20`, or what happens after the last epoch. */
  stage: string;
  /** The epoch being trained (1-based). */
  epoch: number;
  /** 0–100 of this epoch. */
  percent: number;
  /**
   * 0–100 of the whole run (epochs done plus this one's fraction): the bar follows it, so it moves even when an
   * epoch is over before its first report (small data trains an epoch in milliseconds).
   */
  runPercent: number;
  /** `12,300 tokens/s`; null before the first report. */
  speed: string | null;
  /** `about 5 s left` (in the whole run); null while unknown. */
  eta: string | null;
}

/** Null unless the run is training; between epochs the next one shows at 0 % with the last known speed. */
export function epochProgressView(p: RunProgress, unit: string): EpochProgressView | null {
  if (p.status !== 'running' && p.status !== 'queued') return null;
  const done = p.epochs.at(-1)?.epoch ?? 0;
  const epoch = Math.max(done + 1, p.within?.epoch ?? 0);
  if (p.totalEpochs > 0 && epoch > p.totalEpochs) {
    // Every epoch is in: the best tables are scored on the held-out splits and stored.
    return {
      stage: 'Scoring the best epoch and saving the tables…',
      epoch: p.totalEpochs,
      percent: 100,
      runPercent: 100,
      speed: null,
      eta: null,
    };
  }
  const current = p.within?.epoch === epoch ? p.within : null;
  const perSecond = current?.examplesPerSecond ?? p.within?.examplesPerSecond ?? p.examplesPerSecond;
  const stage = p.totalEpochs > 0 ? `Epoch ${epoch} of ${p.totalEpochs}` : `Epoch ${epoch}`;
  const fraction = Math.min(1, Math.max(0, current?.fraction ?? 0));
  return {
    // A Spark run says what it is doing (starting, reading, writing), which the epoch alone does not.
    stage: current?.note ? `${stage} · ${current.note}` : stage,
    epoch,
    percent: fraction * 100,
    runPercent: p.totalEpochs > 0 ? Math.min(100, ((epoch - 1 + fraction) / p.totalEpochs) * 100) : fraction * 100,
    speed: perSecond ? `${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s` : null,
    eta: formatEta(current?.etaSeconds ?? null),
  };
}

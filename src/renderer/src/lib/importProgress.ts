// An import's progress event in the words and numbers the progress bar shows (pure), and fresh import ids.
import type { ImportProgress } from '../../../shared';

export interface ProgressView {
  /** 0–100, or null when the size is unknown (the bar is then indeterminate). */
  percent: number | null;
  stage: string;
  detail: string;
  eta: string | null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** `about 5 s left`, `about 3 min left`; null while there is nothing to estimate from. */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 1) return 'less than a second left';
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

const count = (n: number): string => n.toLocaleString('en-US');

export function progressView(p: ImportProgress | null): ProgressView {
  if (p === null) return { percent: null, stage: 'Starting…', detail: '', eta: null };
  const rows = `${count(p.rows)} rows read, ${count(p.rejected)} rejected`;
  if (p.stage === 'writing') {
    // Writing is one transaction with no finer progress: shown as a full bar.
    return { percent: 100, stage: 'Writing to the database…', detail: rows, eta: null };
  }
  const percent = p.totalBytes > 0 ? Math.min(100, (100 * p.bytes) / p.totalBytes) : null;
  return {
    percent,
    stage: 'Reading and checking rows…',
    detail: `${rows} · ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)}`,
    eta: formatEta(p.etaSeconds),
  };
}

/** A unique id for `imports:progress` and `datasets:cancelImport`; randomUUID needs a secure context. */
export function newImportId(c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return `import-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// The quality report's numbers as an analyst reads them: dates, density, duplicates and the long tail (pure).
import type { CountSummary, DuplicatePolicy, ImportResult, QualityReport } from '../../../shared';

export const count = (n: number): string => n.toLocaleString('en-US');

/** Epoch seconds as `2024-03-01 10:00 UTC` (the importer reads zone-less times as UTC). */
export function formatDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  if (Number.isNaN(d.getTime())) return String(epochSeconds);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatTimeRange(range: QualityReport['timeRange']): string {
  if (!range) return '—';
  const days = (range.max - range.min) / 86_400;
  const span = days >= 2 ? `${Math.round(days)} days` : `${((range.max - range.min) / 3600).toFixed(1)} hours`;
  return `${formatDate(range.min)} → ${formatDate(range.max)} (${span})`;
}

/** Share of the user × item matrix that holds a row, as a percentage with two significant digits. */
export function formatDensity(density: number): string {
  if (density <= 0) return '—';
  const pct = density * 100;
  return `${pct >= 10 ? pct.toFixed(1) : pct.toPrecision(2)}%`;
}

export const POLICY_WORDS: Record<DuplicatePolicy, string> = {
  keep: 'kept all',
  last: 'kept the latest of each pair',
  average: 'kept one row per pair with the mean rating and weight',
};

export function formatDuplicates(d: QualityReport['duplicates']): string {
  if (d.pairs === 0) return 'none';
  const pairs = `${count(d.pairs)} repeated (user, item) pair${d.pairs === 1 ? '' : 's'} over ${count(d.rows)} rows`;
  const removed = d.removed > 0 ? `, ${count(d.removed)} row${d.removed === 1 ? '' : 's'} removed` : '';
  return `${pairs}: ${POLICY_WORDS[d.policy]}${removed}`;
}

/** Rejected rows counted but not listed (the importer keeps the first 100). */
export const unlistedRejects = (r: ImportResult): number => Math.max(0, r.rows.rejected - r.rejects.length);

export const QUANTILES: { key: keyof CountSummary; label: string }[] = [
  { key: 'min', label: 'min' },
  { key: 'p25', label: '25%' },
  { key: 'median', label: 'median' },
  { key: 'p75', label: '75%' },
  { key: 'p90', label: '90%' },
  { key: 'p99', label: '99%' },
  { key: 'max', label: 'max' },
  { key: 'mean', label: 'mean' },
];

export function formatQuantile(s: CountSummary, key: keyof CountSummary): string {
  const v = s[key];
  return key === 'mean' ? v.toFixed(1) : count(v);
}

/** The long tail in one sentence: how concentrated the activity is. */
export function tailSentence(s: CountSummary | null, who: string): string | null {
  if (!s) return null;
  return `Half of the ${who} have ${count(s.median)} or fewer rows; the busiest has ${count(s.max)} (mean ${s.mean.toFixed(1)}).`;
}

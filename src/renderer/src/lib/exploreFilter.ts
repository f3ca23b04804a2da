// Pure helpers of the Explore view's results: the filter an answer was drawn under in words, a row's count,
// and an mf score's parts, so the headers and tables say what they show.
import type { AppliedFilter, Recommendation, TableInfo } from '../../../shared';

const n = (x: number): string => x.toLocaleString('en');

/** A key picked by title or key (or typed as is), with a rating where the model needs one. */
export interface Chip {
  key: string;
  label: string;
  rating?: number;
}

/** "min count 5 · genre Horror · contains “star” · new only (from features)". */
export function filterLabel(f: AppliedFilter): string {
  const parts = [f.support === 'none' ? 'no counts (imported table)' : `min count ${f.minCount}`];
  if (f.genre) parts.push(`genre ${f.genre}`);
  if (f.text) parts.push(`contains “${f.text}”`);
  if (f.fromFeatures) parts.push('new only (from features)');
  return parts.join(' · ');
}

/** What the filter left out: "hidden: 770 never trained, 5,804 under 5"; empty when nothing was. */
export function hiddenLabel(f: AppliedFilter): string {
  const parts: string[] = [];
  if (f.untrained > 0) parts.push(`${n(f.untrained)} never trained`);
  if (f.belowMinCount > 0) parts.push(`${n(f.belowMinCount)} under ${Math.max(1, f.minCount)}`);
  const where = f.support === 'vocabulary' ? ' (dataset counts: this run stored none)' : '';
  return parts.length ? `hidden: ${parts.join(', ')}${where}` : where.trim();
}

/** "8,954 of 9,724 items trained; 770 never trained are never shown." */
export function supportSummary(info: TableInfo): string {
  if (info.support === 'none') return `${n(info.rows)} rows, imported: no training counts, every row is shown.`;
  const what = info.support === 'vocabulary' ? 'counts are the dataset’s (this run stored none)' : null;
  const parts = [`${n(info.trained)} of ${n(info.rows)} ${info.table} trained`];
  if (info.untrained > 0) parts.push(`${n(info.untrained)} never trained are never shown`);
  if (what) parts.push(what);
  return `${parts.join('; ')}.`;
}

/** A count with its unit in the singular where it is 1: "215 ratings", "1 rating". */
export function countLabel(count: number | null, unit: string): string {
  if (count === null) return '';
  const single = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  return `${n(count)} ${count === 1 ? single : unit}`;
}

const signed = (x: number): string => `${x < 0 ? '−' : '+'} ${Math.abs(x).toFixed(2)}`;

/**
 * The score's sum in words: mf "3.50 mean + 0.77 user + 1.09 item + 0.13 match = 5.49, shown as 5.00";
 * implicit "0.42 item + 1.10 match".
 */
export function partsLabel(r: Pick<Recommendation, 'parts' | 'score' | 'predicted'>): string {
  const p = r.parts;
  if (r.predicted === null) return `${p.itemBias.toFixed(2)} item ${signed(p.dot)} match`;
  const sum = `${p.globalMean.toFixed(2)} mean ${signed(p.userBias)} user ${signed(p.itemBias)} item ${signed(p.dot)} match`;
  const clamped = Math.abs(r.predicted - r.score) > 1e-9 ? `, shown as ${r.predicted.toFixed(2)}` : '';
  return `${sum} = ${r.score.toFixed(2)}${clamped}`;
}

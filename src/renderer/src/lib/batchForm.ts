// The batch results a run offers, in the Explore view's words, and a finished batch in one sentence (pure).
import type { BatchKind, BatchProgress, BatchResult, RunModel } from '../../../shared';
import { formatEta } from './importProgress';

export interface BatchChoice {
  kind: BatchKind;
  label: string;
}

const UNITS: Record<BatchKind, string> = { recommendations: 'users', neighbors: 'rows', predictions: 'sequences' };

/** What a run can answer for everything at once: neighbours of any table; top-K (mf, implicit); a file (classifier). */
export function batchChoices(model: RunModel, table: string | null): BatchChoice[] {
  const out: BatchChoice[] = [];
  if (model === 'mf' || model === 'implicit')
    out.push({ kind: 'recommendations', label: 'Top-K items for every user' });
  if (table) out.push({ kind: 'neighbors', label: `Nearest neighbours of every row of ${table}` });
  if (model === 'classifier')
    out.push({ kind: 'predictions', label: 'Predictions for a new file of texts or sequences' });
  return out;
}

export function batchProgressText(p: BatchProgress): { percent: number; text: string } {
  const percent = p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : 0;
  const eta = p.done < p.total ? formatEta(p.etaSeconds) : null;
  const text = `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} ${UNITS[p.kind]}${eta ? `, ${eta}` : ''}`;
  return { percent, text };
}

export function batchSummary(r: BatchResult): string {
  const head = `Wrote ${r.rows.toLocaleString('en-US')} rows for ${r.queries.toLocaleString('en-US')} ${UNITS[r.kind]} as ${r.format.toUpperCase()} in ${r.seconds.toFixed(1)} s.`;
  const p = r.predictions;
  if (!p) return head;
  const parts = [head, `${(100 * p.oovShare).toFixed(1)}% of the file's tokens are outside the run's vocabulary.`];
  if (p.metrics)
    parts.push(
      `${p.labelled} labelled: accuracy ${p.metrics.accuracy.toFixed(4)}${p.metrics.auc !== undefined ? `, AUC ${p.metrics.auc.toFixed(4)}` : ''}.`,
    );
  if (p.unknownLabels.length) parts.push(`Labels the run never saw (not scored): ${p.unknownLabels.join(', ')}.`);
  return parts.join(' ');
}

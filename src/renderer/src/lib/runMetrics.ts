// Metric names as users know them, which way is better, and a run's result against its baselines in words (pure).
import type { EpochMetrics, ModelName, SplitMetrics, SplitName, TrainResult } from '../../../shared';
import { SPLITS } from '../../../shared';

// The order tables list metrics in; `@K` follows the run's k.
const ORDER = ['rmse', 'mae', 'recall', 'ndcg', 'map', 'hitrate', 'coverage', 'auc', 'accuracy', 'loss'];
const LABELS: Record<string, string> = {
  rmse: 'RMSE',
  mae: 'MAE',
  recall: 'Recall',
  ndcg: 'NDCG',
  map: 'MAP',
  hitrate: 'HitRate',
  coverage: 'Coverage',
  auc: 'AUC',
  accuracy: 'Accuracy',
  loss: 'Loss',
};
const LOWER_IS_BETTER = new Set(['rmse', 'mae', 'loss']);

export const BASELINE_LABELS: Record<string, string> = {
  globalMean: 'global mean',
  biasOnly: 'bias only',
  biasFeatures: 'biases + features',
  popularity: 'popularity',
  majority: 'majority class',
  mean: 'training mean',
};
export const baselineLabel = (name: string): string => BASELINE_LABELS[name] ?? name;

/** A metric on part of a split (`cold:rmse`: the items never trained, docs/features.md), and the metric itself. */
const split = (name: string): { part: string; metric: string } => {
  const m = /^(cold|warm):(.*)$/.exec(name);
  return m ? { part: `${m[1]} `, metric: m[2]! } : { part: '', metric: name };
};
const base = (name: string): string => split(name).metric.split('@')[0] ?? name;

/** `recall@10` → `Recall@10`, `rmse` → `RMSE`, `cold:rmse` → `cold RMSE`; unknown names as they are. */
export function metricLabel(name: string): string {
  const { part, metric } = split(name);
  const [head = metric, k] = metric.split('@');
  const label = LABELS[head] ?? head;
  return part + (k === undefined ? label : `${label}@${k}`);
}

export const lowerIsBetter = (name: string): boolean => LOWER_IS_BETTER.has(base(name));

/** Every metric name any split carries, in the usual order (unknown names last, alphabetically). */
export function metricNames(splits: readonly SplitMetrics[]): string[] {
  const names = new Set(splits.flatMap((m) => Object.keys(m)));
  const rank = (n: string) => {
    const i = ORDER.indexOf(base(n));
    return i < 0 ? ORDER.length : i;
  };
  // Each metric first, then its cold: and warm: parts.
  const parted = (n: string) => (split(n).part ? 1 : 0);
  return [...names].sort((a, b) => rank(a) - rank(b) || parted(a) - parted(b) || a.localeCompare(b));
}

/** The metric a model is judged by: RMSE for mf, Recall@K for implicit and ials, HitRate@K for item sequences. */
export function headlineMetric(model: ModelName, metrics: SplitMetrics): string | null {
  // Over the whole split: a `cold:` part is never the headline.
  const names = Object.keys(metrics).filter((n) => !split(n).part);
  if (model === 'classifier' || model === 'tabular') {
    const wanted = ['auc', 'accuracy', 'rmse'].find((n) => names.includes(n));
    return wanted ?? null;
  }
  const wanted = model === 'mf' ? 'rmse' : model === 'implicit' || model === 'ials' ? 'recall' : 'hitrate';
  return names.find((n) => base(n) === wanted) ?? null;
}

/** A figure to 4 places; '–' where there is none (absent, or NaN stored as JSON null, as a Spark Word2Vec run's loss). */
export const formatMetric = (value: number | null | undefined): string =>
  value === undefined || value === null || !Number.isFinite(value) ? '–' : value.toFixed(4);

/** A run's key figure for the run list: its headline test metric, or the best epoch's loss (word2vec on text). */
export function keyFigure(
  model: ModelName,
  result: TrainResult | null,
  epochs: readonly EpochMetrics[],
): string | null {
  if (result) {
    for (const split of ['test', 'valid'] as SplitName[]) {
      const name = headlineMetric(model, result.metrics[split]);
      const value = name ? result.metrics[split][name] : undefined;
      if (name && value !== undefined) return `${split} ${metricLabel(name)} ${formatMetric(value)}`;
    }
  }
  const best = epochs.find((e) => e.epoch === result?.bestEpoch) ?? epochs.at(-1);
  return best ? `loss ${formatMetric(best.loss)}` : null;
}

export interface BaselineComparison {
  metric: string;
  value: number;
  baseline: string;
  baselineValue: number;
  /** The comparison in one sentence, in three parts so that the view can mark the baseline's value. */
  before: string;
  baselineText: string;
  after: string;
}

export const comparisonWords = (c: BaselineComparison): string => `${c.before}${c.baselineText}${c.after}`;

/** The model's test headline against the best baseline on the same metric; null when there is none to compare. */
export function compareWithBaselines(result: TrainResult): BaselineComparison | null {
  const test = result.metrics.test;
  const metric = headlineMetric(result.model, test);
  const value = metric ? test[metric] : undefined;
  if (!metric || value === undefined) return null;
  const lower = lowerIsBetter(metric);
  let best: { name: string; value: number } | null = null;
  for (const [name, splits] of Object.entries(result.baselines)) {
    const v = splits.test?.[metric];
    if (v !== undefined && (!best || (lower ? v < best.value : v > best.value))) best = { name, value: v };
  }
  if (!best) return null;
  const head = `Test ${metricLabel(metric)} ${formatMetric(value)}`;
  const ref = `the best baseline (${baselineLabel(best.name)}, `;
  let before: string;
  let after = ')';
  if (value === best.value) before = `${head} equals ${ref}`;
  else if (best.value === 0) before = `${head} against ${ref}`;
  else {
    const better = lower ? value < best.value : value > best.value;
    const ratio = value / best.value;
    const pct = Math.abs(ratio - 1) * 100;
    const change = `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}% ${value < best.value ? 'lower' : 'higher'}`;
    if (better && !lower && ratio >= 2) before = `${head} is ${ratio.toFixed(1)}× ${ref}`;
    else before = `${head} is ${change} than ${ref}`;
    after = `): ${better ? 'better' : 'worse — the model does not beat it yet'}.`;
  }
  if (!after.endsWith('.')) after += '.';
  return {
    metric,
    value,
    baseline: best.name,
    baselineValue: best.value,
    before,
    baselineText: formatMetric(best.value),
    after,
  };
}

/** Splits that carry at least one metric (implicit runs have none on train; text word2vec none at all). */
export const splitsWithMetrics = (metrics: Record<SplitName, SplitMetrics>): SplitName[] =>
  SPLITS.filter((s) => Object.keys(metrics[s]).length > 0);

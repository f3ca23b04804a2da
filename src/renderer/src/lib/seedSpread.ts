// Is a run's gain over its best baseline more than what reseeding alone moves it? The seed-to-seed spread is
// measured on runs of the project that differ from this one only in their seed (same dataset, model and every
// other option): the sample standard deviation of their test headline metric. A gain within two of those
// standard deviations cannot be told from seed noise, so the verdict says "no better than" the baseline (pure).
import type { ModelName, RunSummary, TrainRequest } from '../../../shared';
import { baselineLabel, metricLabel, formatMetric, lowerIsBetter, type BaselineComparison } from './runMetrics';

/** Options that change how a run is computed but not what it learns. */
const NOT_A_SETTING = new Set(['seed', 'threads']);

const settings = (r: RunSummary): string =>
  JSON.stringify(
    Object.entries(r.config)
      .filter(([k]) => !NOT_A_SETTING.has(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** Completed runs with this run's dataset, model and settings, seeds aside (the run itself included). */
export function seedSiblings(run: RunSummary, runs: readonly RunSummary[]): RunSummary[] {
  const mine = settings(run);
  return runs.filter(
    (r) => r.status === 'completed' && r.datasetId === run.datasetId && r.model === run.model && settings(r) === mine,
  );
}

/** The same request with other seeds: `n` seeds not used by any sibling yet. */
export function reseeded(run: RunSummary, siblings: readonly RunSummary[], n: number): TrainRequest[] {
  const config = run.config;
  if (config.model === 'imported') return [];
  const used = new Set(siblings.map((s) => (s.config.model === 'imported' ? null : s.config.seed)));
  const out: TrainRequest[] = [];
  for (let seed = config.seed + 1; out.length < n; seed++)
    if (!used.has(seed)) out.push({ ...config, dataset: run.dataset, seed });
  return out;
}

export interface Spread {
  /** Sample standard deviation of the test metric over `n` seeds. */
  sd: number;
  n: number;
}

export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { sd: Math.sqrt(variance), n: values.length };
}

const SUGGESTIONS: Record<ModelName, string> = {
  mf: 'Try more epochs with patience, another reg (0.01–0.1), or dim 32–64; with few ratings per user, biases are hard to beat.',
  implicit: 'Try loss warp, more epochs, or a larger dim; check that the threshold leaves enough positives.',
  ials: 'Try a larger alpha (confidence) or reg, more factors, or more iterations.',
  sgns: 'Try a larger window, more epochs, or min count 1 for rare items.',
  cbow: 'Try sgns instead, a larger window, or more epochs.',
  classifier: 'Try the gru or conv1d encoder (word order), more epochs, or a larger maxLen.',
  tabular: 'Try wider hidden layers, more epochs with patience, or larger dims for the columns with many values.',
};

export interface SpreadVerdict {
  /** True when the gain is within two standard deviations of the seed spread (or the model is worse). */
  noBetter: boolean;
  text: string;
  suggestion: string | null;
}

/** What the run's comparison with its baseline means, given the seed spread (null: not measured yet). */
export function spreadVerdict(c: BaselineComparison, spread: Spread | null, model: ModelName): SpreadVerdict {
  const gain = lowerIsBetter(c.metric) ? c.baselineValue - c.value : c.value - c.baselineValue;
  const baseline = `the ${baselineLabel(c.baseline).replace(/ /g, '-')} baseline`;
  const metric = `test ${metricLabel(c.metric)}`;
  if (spread === null)
    return {
      noBetter: gain <= 0,
      text: `One seed so far: train these settings with other seeds to see whether a gain of ${formatMetric(gain)} is more than seed noise.`,
      suggestion: gain <= 0 ? SUGGESTIONS[model] : null,
    };
  const band = 2 * spread.sd;
  const how = `two standard deviations of ${metric} over ${spread.n} seeds, ${formatMetric(band)}`;
  if (gain <= band)
    return {
      noBetter: true,
      text: `No better than ${baseline}: the gain, ${formatMetric(gain)}, is within the seed-to-seed spread (${how}).`,
      suggestion: SUGGESTIONS[model],
    };
  return {
    noBetter: false,
    text: `Better than ${baseline} beyond seed noise: the gain, ${formatMetric(gain)}, exceeds ${how}.`,
    suggestion: null,
  };
}

// How a `tabular` run is judged on any engine: cross-entropy, accuracy (and ROC AUC for two classes) against the
// majority class, or RMSE and MAE against the training mean; predictions are per example, in the order of the
// split's rows (one probability of class 1 for two classes, one row of class probabilities for more, a value
// for regression).
import type { SplitMetrics, SplitName } from '../../shared';
import { SPLITS } from '../../shared';
import { classificationMetrics, priorProbabilities } from '../eval/classification';
import type { SplitScores } from './loop';
import type { TabularPrepared } from './tabularData';

/** Outputs per example of the model: 1 (regression, binary) or the number of classes. */
export const outputsOf = (p: TabularPrepared): number => (p.objective === 'multiclass' ? p.classes!.length : 1);

/** The classes of some rows (crossentropy only). */
export const labelsOf = (p: TabularPrepared, rows: Int32Array): Int32Array =>
  Int32Array.from(rows, (r) => p.labels![r]!);

export function regressionMetrics(predicted: Float32Array, targets: Float32Array, rows: Int32Array): SplitMetrics {
  let sq = 0;
  let abs = 0;
  for (let i = 0; i < rows.length; i++) {
    const e = predicted[i]! - targets[rows[i]!]!;
    sq += e * e;
    abs += Math.abs(e);
  }
  const n = Math.max(rows.length, 1);
  return { rmse: Math.sqrt(sq / n), mae: abs / n };
}

/** The metrics of predictions for `rows`; the loss is what the objective minimises (on the target's own scale). */
export function tabularMetrics(p: TabularPrepared, predicted: Float32Array, rows: Int32Array): SplitMetrics {
  if (rows.length === 0) return {};
  if (p.objective === 'mse' || p.objective === 'mae') {
    const m = regressionMetrics(predicted, p.targets, rows);
    return { loss: p.objective === 'mse' ? m.rmse! ** 2 : m.mae!, ...m };
  }
  const m = classificationMetrics({ classes: p.classes!.length, values: predicted }, labelsOf(p, rows));
  const out: SplitMetrics = { loss: m.loss, accuracy: m.accuracy };
  if (m.auc !== undefined && Number.isFinite(m.auc)) out.auc = m.auc;
  return out;
}

/** The training mean (regression) or the training class frequencies (classes) as every row's prediction. */
export function tabularBaselines(
  p: TabularPrepared,
  evalRows: Record<SplitName, Int32Array>,
): Record<string, SplitScores> {
  const scores = {} as SplitScores;
  if (p.objective === 'mse' || p.objective === 'mae') {
    let mean = 0;
    for (const r of p.rows.train) mean += p.targets[r]!;
    mean /= p.rows.train.length;
    for (const s of SPLITS) scores[s] = tabularMetrics(p, new Float32Array(evalRows[s].length).fill(mean), evalRows[s]);
    return { mean: scores };
  }
  const train = labelsOf(p, p.rows.train);
  for (const s of SPLITS)
    scores[s] = tabularMetrics(p, priorProbabilities(train, p.classes!.length, evalRows[s].length).values, evalRows[s]);
  return { majority: scores };
}

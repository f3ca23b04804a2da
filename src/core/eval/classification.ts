// Metrics of a classifier's predicted probabilities: ROC AUC (binary), accuracy and cross-entropy.

/**
 * Area under the ROC curve of scores for binary labels (1 positive, 0 negative): the probability that a random
 * positive scores above a random negative, ties counting one half (the Mann–Whitney U statistic). NaN when a
 * class is missing. O(n log n).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError('scores and labels differ in length');
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0; // of the positives, 1-based, ties given their mean rank
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += meanRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Class probabilities of n examples: binary as one probability of class 1 each (`classes` 2, length n), more
 * classes row-major (`n × classes`).
 */
export interface Probabilities {
  classes: number;
  values: Float32Array;
}

/** The most probable class of example i (binary: class 1 when p ≥ 0.5). */
export function predictedClass(p: Probabilities, i: number): number {
  if (p.classes === 2) return p.values[i]! >= 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < p.classes; c++) if (p.values[i * p.classes + c]! > p.values[i * p.classes + best]!) best = c;
  return best;
}

/** Share of examples whose most probable class is their label. */
export function accuracy(p: Probabilities, labels: ArrayLike<number>): number {
  if (labels.length === 0) return NaN;
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictedClass(p, i) === labels[i]) right++;
  return right / labels.length;
}

/** The probability given to example i's true class. */
function probabilityOf(p: Probabilities, i: number, label: number): number {
  if (p.classes === 2) return label === 1 ? p.values[i]! : 1 - p.values[i]!;
  return p.values[i * p.classes + label]!;
}

/**
 * Mean cross-entropy −log p(true class): Keras' binary and sparse categorical cross-entropy, probabilities
 * clipped to [1e-7, 1 − 1e-7] as Keras' epsilon does.
 */
export function crossEntropy(p: Probabilities, labels: ArrayLike<number>): number {
  if (labels.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const q = Math.min(Math.max(probabilityOf(p, i, labels[i]!), 1e-7), 1 - 1e-7);
    sum -= Math.log(q);
  }
  return sum / labels.length;
}

export interface ClassificationMetrics {
  loss: number;
  accuracy: number;
  /** Binary only. */
  auc?: number;
}

export function classificationMetrics(p: Probabilities, labels: Int32Array): ClassificationMetrics {
  const m: ClassificationMetrics = { loss: crossEntropy(p, labels), accuracy: accuracy(p, labels) };
  if (p.classes === 2) m.auc = rocAuc(p.values, labels);
  return m;
}

/**
 * The majority-class baseline: every example gets the class frequencies of `trainLabels` as its
 * probabilities, so it predicts the most frequent training class (AUC 0.5: every score ties).
 */
export function priorProbabilities(trainLabels: Int32Array, classes: number, n: number): Probabilities {
  const counts = new Float64Array(classes);
  for (const l of trainLabels) counts[l]!++;
  const total = Math.max(trainLabels.length, 1);
  if (classes === 2) return { classes, values: new Float32Array(n).fill(counts[1]! / total) };
  const values = new Float32Array(n * classes);
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) values[i * classes + c] = counts[c]! / total;
  return { classes, values };
}

// The four model families in words, and which datasets each can train on (pure).
import type { DatasetSummary, ModelName } from '../../../shared';
import { MODELS } from '../../../shared';

export interface ModelInfo {
  label: string;
  /** One line: what it learns from and what it is good for. */
  summary: string;
  /** What `examplesPerSecond` counts for this model. */
  unit: string;
}

export const MODEL_INFO: Record<ModelName, ModelInfo> = {
  mf: {
    label: 'mf: matrix factorisation of ratings',
    summary: 'Biased matrix factorisation of explicit ratings; judged by RMSE against global-mean and bias-only.',
    unit: 'ratings',
  },
  implicit: {
    label: 'implicit: ranking from clicks or purchases',
    summary: 'Ranks items per user from implicit feedback (BPR or WARP); judged by Recall@K against popularity.',
    unit: 'positives',
  },
  sgns: {
    label: 'sgns: word2vec skip-gram',
    summary: 'Skip-gram with negative sampling over token sequences (words, or items per session: item2vec).',
    unit: 'tokens',
  },
  cbow: {
    label: 'cbow: word2vec CBOW',
    summary: 'Continuous bag of words: predicts a token from the mean of its context; faster, smoother on rare tokens.',
    unit: 'tokens',
  },
  classifier: {
    label: 'classifier: labelled sequences (Keras Embedding + encoder)',
    summary:
      'Predicts each sequence’s label (text or behaviour) through an embedding, an encoder and dense layers; judged by AUC or accuracy against the majority class.',
    unit: 'sequences',
  },
};

export const hasRatings = (d: DatasetSummary): boolean => d.kind === 'interactions' && !!d.mapping.rating;

/** Why `model` cannot train on `dataset`, in one line; null when it can. */
export function unavailableReason(model: ModelName, d: DatasetSummary): string | null {
  switch (model) {
    case 'mf':
      if (d.kind !== 'interactions') return `needs user × item ratings; this is a ${d.kind} dataset`;
      return d.mapping.rating ? null : 'needs a rating column; this dataset was imported without one (try implicit)';
    case 'implicit':
      return d.kind === 'interactions' ? null : `needs user × item interactions; this is a ${d.kind} dataset`;
    case 'sgns':
    case 'cbow':
      return d.sequences > 0
        ? null
        : 'needs token sequences; import with a session column, user + timestamp, or a text column';
    case 'classifier':
      if (d.sequences === 0) return 'needs labelled sequences; import text or sessions with a label column';
      return d.mapping.label ? null : 'needs a label; import the file again with a label column mapped';
  }
}

export const availableModels = (d: DatasetSummary): ModelName[] =>
  MODELS.filter((m) => unavailableReason(m, d) === null);

/** Keeps the current model when the dataset supports it, else the first that fits (mf, implicit, sgns, cbow). */
export function pickModel(d: DatasetSummary | undefined, current: ModelName): ModelName {
  if (!d || unavailableReason(current, d) === null) return current;
  return availableModels(d)[0] ?? current;
}

// The training defaults the Train view shows. A copy of TRAIN_DEFAULTS in src/core/config.ts (the renderer may
// not import core); e2e/train.e2e.ts fails when the two drift apart.
import type { ModelName, TrainConfig } from '../../../shared';

/** Everything but `threads`: left unset, the backend uses every core. */
export type ModelDefaults = Omit<TrainConfig, 'threads'>;

const COMMON = { seed: 42, patience: 0 };
const WORD2VEC = { schedule: 'linear', window: 5, negative: 5, nsExponent: 0.75, sample: 1e-3, minCount: 1 } as const;

export const TRAIN_DEFAULTS: Record<ModelName, ModelDefaults> = {
  mf: { ...COMMON, model: 'mf', dim: 64, epochs: 20, lr: 0.025, schedule: 'constant', reg: 0.08, regBias: 0.01 },
  implicit: {
    ...COMMON,
    model: 'implicit',
    dim: 32,
    epochs: 20,
    lr: 0.05,
    schedule: 'adagrad',
    loss: 'warp',
    k: 10,
    reg: 1e-4,
    regBias: 1e-4,
  },
  sgns: { ...COMMON, ...WORD2VEC, model: 'sgns', dim: 100, epochs: 5, lr: 0.025 },
  cbow: { ...COMMON, ...WORD2VEC, model: 'cbow', dim: 100, epochs: 5, lr: 0.05 },
  classifier: {
    ...COMMON,
    model: 'classifier',
    dim: 32,
    epochs: 10,
    lr: 1e-3,
    schedule: 'constant',
    patience: 2,
    maxLen: 100,
    padding: 'pre',
    truncating: 'pre',
    encoder: 'average',
    units: 32,
    filters: 64,
    kernelSize: 5,
    hidden: [16],
    dropout: 0.2,
    batchSize: 32,
  },
};

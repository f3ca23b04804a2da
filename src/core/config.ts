// Resolves a train request on this machine: the shared training rules (src/shared/training) with `threads`
// defaulting to the cores here. The one place the core turns a request into a config.
import { availableParallelism } from 'node:os';
import type { TrainConfig, TrainRequest } from '../shared';
import { resolveTrainRequest } from '../shared';

export function resolveTrainConfig(req: TrainRequest): TrainConfig {
  return resolveTrainRequest(req, availableParallelism());
}

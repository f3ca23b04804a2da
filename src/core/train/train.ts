// Trains a model on an engine through the one run loop: what the training process does once the data is loaded,
// and what tests and benchmarks call to train on columns they built themselves.
import type { ModelName } from '../../shared';
import { WorkbenchError } from '../../shared';
import type { TfjsRuntime } from '../tfjs/backend';
import { runLoop, type LoopOptions, type LoopResult, type RunHooks } from './loop';
import { MODEL_FACTORIES, type FactoryInput } from './registry';

export interface TrainOptions extends RunHooks, LoopOptions {
  /** A loaded TensorFlow.js runtime trains on the tfjs engine; null or absent: the CPU engine. */
  runtime?: TfjsRuntime | null;
}

export async function trainModel<M extends ModelName>(
  input: FactoryInput<M>,
  options: TrainOptions = {},
): Promise<LoopResult> {
  const factories = MODEL_FACTORIES[input.config.model as M];
  const engine = options.runtime ? 'tfjs' : 'cpu';
  const model = options.runtime ? factories.tfjs?.(input, options.runtime) : factories.cpu?.(input);
  if (!model) throw new WorkbenchError('BadRequest', `${input.config.model} has no ${engine} engine`);
  return runLoop(model, input.config, options, options);
}

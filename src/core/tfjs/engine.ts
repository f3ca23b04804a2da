/**
 * Which engine a run trains on. `cpu` and `tfjs` are taken as asked (the training rules have refused the
 * combinations an engine cannot train); `auto` picks tfjs only when the rules let tfjs train the config and
 * tfjs-node-gpu loads and sees a GPU; otherwise the CPU engine, which is faster than TensorFlow.js on a CPU
 * (docs/training.md, "Engines"). A model only one engine trains (the classifier) goes there.
 */
import type { EngineName, TrainConfig } from '../../shared';
import { engineProblem, MODEL_RULES } from '../../shared';
import { gpuAvailable, loadTfjs, type LoadTfjsOptions, type TfjsRuntime } from './backend';

export interface EngineChoiceResult {
  engine: EngineName;
  /** The loaded TensorFlow.js runtime when the engine is tfjs. */
  runtime: TfjsRuntime | null;
  /** Why `auto` chose what it chose, and why earlier backends were skipped. */
  reasons: string[];
}

/** Whether the tfjs engine trains this config as it is. */
export const tfjsTrains = (config: TrainConfig): boolean =>
  MODEL_RULES[config.model].engines.tfjs !== undefined && engineProblem({ ...config, engine: 'tfjs' }) === null;

export async function chooseEngine(
  config: TrainConfig,
  options: Pick<LoadTfjsOptions, 'resolveFrom' | 'packages'> = {},
): Promise<EngineChoiceResult> {
  const onlyTfjs = MODEL_RULES[config.model].engines.cpu === undefined;
  if (config.engine === 'tfjs' || onlyTfjs) {
    const runtime = await loadTfjs(options);
    return { engine: 'tfjs', runtime, reasons: runtime.reasons };
  }
  if (config.engine === 'cpu') return { engine: 'cpu', runtime: null, reasons: [] };
  // The missing GPU comes first: without one auto never picks tfjs, whatever the config (and the mf defaults,
  // ν = 0.5, are ones tfjs refuses), so it is the reason that says what would change the choice.
  if (MODEL_RULES[config.model].engines.tfjs !== undefined) {
    const gpu = await gpuAvailable(options);
    if (!gpu.available)
      return {
        engine: 'cpu',
        runtime: null,
        reasons: [`auto: the CPU engine, as there is no GPU path (${gpu.reason})`],
      };
  }
  if (!tfjsTrains(config)) {
    const loss = config.model === 'implicit' ? ` with loss ${config.loss}` : '';
    const mf =
      config.model === 'mf'
        ? ` with solver ${config.solver}, reg exponent ${config.regExponent} and features ${config.features}`
        : '';
    return {
      engine: 'cpu',
      runtime: null,
      reasons: [`auto: the tfjs engine does not train ${config.model}${loss}${mf}`],
    };
  }
  const runtime = await loadTfjs({ ...options, only: 'tfjs-node-gpu' });
  return { engine: 'tfjs', runtime, reasons: runtime.reasons };
}

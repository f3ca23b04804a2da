/**
 * Which engine a run trains on. `cpu` and `tfjs` are taken as asked (config.ts has refused the combinations
 * an engine cannot train); `auto` picks tfjs only when tfjs-node-gpu loads and sees a GPU and the tfjs engine
 * trains the model (mf, implicit with bpr, sgns); otherwise the CPU engine, which is faster than TensorFlow.js
 * on a CPU (../shared/TOOLCHAIN.md). The classifier exists only on tfjs.
 */
import type { EngineName, TrainConfig } from '../../shared';
import { gpuAvailable, loadTfjs, type LoadTfjsOptions, type TfjsRuntime } from './backend';

export interface EngineChoiceResult {
  engine: EngineName;
  /** The loaded TensorFlow.js runtime when the engine is tfjs. */
  runtime: TfjsRuntime | null;
  /** Why `auto` chose what it chose, and why earlier backends were skipped. */
  reasons: string[];
}

/** Whether the tfjs engine trains this config as it is (the CPU engine's own options aside). */
export function tfjsTrains(config: TrainConfig): boolean {
  if (config.model === 'mf' || config.model === 'sgns' || config.model === 'classifier') return true;
  return config.model === 'implicit' && config.loss === 'bpr';
}

export async function chooseEngine(
  config: TrainConfig,
  options: Pick<LoadTfjsOptions, 'resolveFrom' | 'packages'> = {},
): Promise<EngineChoiceResult> {
  const requested = config.engine ?? 'auto';
  if (requested === 'tfjs' || config.model === 'classifier') {
    const runtime = await loadTfjs(options);
    return { engine: 'tfjs', runtime, reasons: runtime.reasons };
  }
  if (requested === 'cpu') return { engine: 'cpu', runtime: null, reasons: [] };
  if (!tfjsTrains(config))
    return {
      engine: 'cpu',
      runtime: null,
      reasons: [
        `auto: the tfjs engine does not train ${config.model}${config.loss ? ` with loss ${config.loss}` : ''}`,
      ],
    };
  const gpu = await gpuAvailable(options);
  if (!gpu.available)
    return { engine: 'cpu', runtime: null, reasons: [`auto: the CPU engine, as there is no GPU path (${gpu.reason})`] };
  const runtime = await loadTfjs({ ...options, only: 'tfjs-node-gpu' });
  return { engine: 'tfjs', runtime, reasons: runtime.reasons };
}

// Test support: train a model on columns a test built itself, through the same factories and run loop as the
// training process (defaults from the shared rules; one thread unless asked, so a seed reproduces the run).
import type { AllOptions, EpochMetrics, ModelName } from '../../shared';
import { resolveTrainRequest } from '../../shared';
import { nodeEntry } from '../runtime';
import type { InteractionColumns, LabelledSequences, SequenceColumns } from '../store/datasets';
import type { TabularColumns } from '../store/tabular';
import type { TfjsRuntime } from '../tfjs/backend';
import type { InitialRows } from './initialRows';
import type { TrainingData } from './input';
import { runLoop, type LoopOptions, type LoopResult, type RunHooks } from './loop';
import type { FactoryInput } from './registry';
import { trainModel } from './train';
import { ialsOnCpu } from './ialsCpu';
import { word2vecOnCpu } from './word2vecCpu';

export interface TestTraining extends RunHooks {
  /** Train on the tfjs engine with this runtime; absent: the CPU engine. */
  runtime?: TfjsRuntime;
  initial?: Partial<Record<string, InitialRows>>;
  /** word2vec and ials on the CPU engine: the TypeScript reference kernel instead of WebAssembly SIMD. */
  kernel?: 'simd' | 'scalar';
  progressEveryMs?: number;
  /** A resumed run (loop.ts): `initial` then holds the checkpoint's tables, as the training process gives them. */
  resume?: LoopOptions['resume'];
}

export async function trainOn(
  req: Partial<AllOptions> & { model: ModelName },
  data: TrainingData,
  t: TestTraining = {},
): Promise<LoopResult & { epochs: EpochMetrics[] }> {
  const config = resolveTrainRequest({ dataset: 'test', threads: 1, ...req }, 1);
  const input = {
    config,
    data,
    initial: t.initial ?? {},
    workerEntry: (name: string) => nodeEntry(import.meta.url, name),
  } as FactoryInput<ModelName>;
  const epochs: EpochMetrics[] = [];
  const hooks: RunHooks = {
    ...t,
    onEpoch: (m, perSecond) => {
      epochs.push(m);
      t.onEpoch?.(m, perSecond);
    },
  };
  const onKernel = t.kernel && !t.runtime;
  const out =
    onKernel && (config.model === 'sgns' || config.model === 'cbow')
      ? await runLoop(word2vecOnCpu(input as FactoryInput<'sgns'>, t.kernel), config, hooks)
      : onKernel && config.model === 'ials'
        ? await runLoop(
            ialsOnCpu(input as FactoryInput<'ials'>, t.kernel === 'simd' ? 'wasm' : 'scalar'),
            config,
            hooks,
          )
        : await trainModel(input, {
            ...hooks,
            runtime: t.runtime,
            progressEveryMs: t.progressEveryMs,
            resume: t.resume,
          });
  return { ...out, epochs };
}

export const interactionData = (columns: InteractionColumns, ratingMin = 1, ratingMax = 5): TrainingData => ({
  kind: 'interactions',
  columns,
  ratingMin,
  ratingMax,
});

export const sequenceData = (columns: SequenceColumns): TrainingData => ({ kind: 'sequences', columns });
export const labelledData = (columns: LabelledSequences): TrainingData => ({ kind: 'labelled', columns });
export const tabularData = (columns: TabularColumns): TrainingData => ({ kind: 'tabular', columns });

/** Token sequences as a dataset's columns: every sequence in train unless `splits` says otherwise. */
export function sequenceColumns(
  tokens: Int32Array,
  offsets: Int32Array,
  rows: number,
  role = 'word',
  splits = new Uint8Array(offsets.length - 1),
): SequenceColumns {
  return { role, tokens, offsets, splits, rows };
}

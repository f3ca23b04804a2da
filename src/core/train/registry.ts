// Which code trains each model on each engine. With the rules table (src/shared/training/models.ts) this is all a
// new model touches besides its own file: one factory per engine it trains on.
import type { EngineName, ModelName } from '../../shared';
import type { TfjsRuntime } from '../tfjs/backend';
import { classifierOnTfjs } from '../tfjs/classifierTfjs';
import { implicitOnTfjs } from '../tfjs/implicitTfjs';
import { mfOnTfjs } from '../tfjs/mfTfjs';
import { tabularOnTfjs } from '../tfjs/tabularTfjs';
import { word2vecOnTfjs } from '../tfjs/word2vecTfjs';
import { ialsOnCpu } from './ialsCpu';
import { implicitOnCpu } from './implicitCpu';
import type { InteractionData, LabelledData, ModelInput, SequenceData, TabularData } from './input';
import type { ModelRun } from './loop';
import { mfAlsOnCpu } from './mfAlsCpu';
import { mfOnCpu } from './mfCpu';
import { word2vecOnCpu } from './word2vecCpu';

/** The data each model trains on (MODEL_RULES[m].data says the same in words; registry.test.ts checks both). */
export interface DataByModel {
  mf: InteractionData;
  implicit: InteractionData;
  ials: InteractionData;
  sgns: SequenceData;
  cbow: SequenceData;
  classifier: LabelledData;
  tabular: TabularData;
}

export type FactoryInput<M extends ModelName> = ModelInput<M, DataByModel[M]>;

interface Factories<M extends ModelName> {
  cpu?: (input: FactoryInput<M>) => ModelRun<unknown>;
  tfjs?: (input: FactoryInput<M>, runtime: TfjsRuntime) => ModelRun<unknown>;
}

export const MODEL_FACTORIES: { [M in ModelName]: Factories<M> } = {
  mf: { cpu: (input) => (input.config.solver === 'als' ? mfAlsOnCpu(input) : mfOnCpu(input)), tfjs: mfOnTfjs },
  implicit: { cpu: implicitOnCpu, tfjs: implicitOnTfjs },
  ials: { cpu: ialsOnCpu },
  sgns: { cpu: (input) => word2vecOnCpu(input), tfjs: word2vecOnTfjs },
  cbow: { cpu: (input) => word2vecOnCpu(input) },
  classifier: { tfjs: classifierOnTfjs },
  tabular: { tfjs: tabularOnTfjs },
};

/** The engines with code for a model (the rules say which may be asked for; a test keeps the two equal). */
export const enginesOf = (model: ModelName): EngineName[] =>
  (['cpu', 'tfjs'] as const).filter((e) => MODEL_FACTORIES[model][e] !== undefined);

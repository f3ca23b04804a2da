// The `implicit` model on the CPU engine: BPR or WARP (LightFM's sampling) over shuffled chunks of the training
// positives, inline (reproducible with a seed) or on Hogwild threads; Adagrad or linearly decayed SGD.
import { WorkbenchError } from '../../shared';
import type { ModelRun } from './loop';
import { createRng, shuffle } from '../random';
import { copyModel, initImplicit, negativeTable, normalizePositives, sharedCopy, sharedNegatives } from './implicit';
import { runImplicitChunk, type ImplicitChunk, type ImplicitChunkResult, type ImplicitShared } from './implicitChunk';
import {
  epochMetrics,
  finalMetrics,
  implicitSelection,
  implicitTables,
  popularityBaseline,
  positivesOf,
} from './implicitData';
import type { ImplicitModel } from './implicitKernel';
import { coldStartBaselines, withColdStart } from './coldStart';
import {
  composedTables,
  copyFeatures,
  featureTransfers,
  initFeatureTables,
  supportWithFeatures,
} from './implicitFeatureTables';
import type { ImplicitFeatures } from './implicitFeatures';
import { applyInitialBias, applyInitialRows, isFrozen } from './initialRows';
import type { InteractionData, ModelInput } from './input';
import { workerEntryOf } from './input';
import { createPool } from './pool';
import { hashSeed } from './sampling';

const CHUNK_PAIRS = 20_000;
/** WARP: negatives drawn per positive before giving up (LightFM's max_sampled). */
const MAX_SAMPLED = 10;

/** The tables after an epoch: own rows and, with side features, the feature rows. */
interface Snapshot {
  model: ImplicitModel;
  features: ImplicitFeatures | null;
}

export function implicitOnCpu(input: ModelInput<'implicit', InteractionData>): ModelRun<Snapshot> {
  const { config } = input;
  const { columns } = input.data;
  const p = positivesOf(columns, config);
  const multi = config.threads > 1;
  let positives = normalizePositives({ ...p.csr.train, numUsers: columns.numUsers, numItems: columns.numItems });
  const pairs = positives.items.length;
  if (pairs === 0) throw new WorkbenchError('DatasetInvalid', 'there are no positive interactions to train on');
  let pairUser: Int32Array = new Int32Array(pairs);
  for (let u = 0; u < columns.numUsers; u++) pairUser.fill(u, positives.indptr[u]!, positives.indptr[u + 1]!);
  let order: Int32Array = Int32Array.from({ length: pairs }, (_, n) => n);
  let negatives = negativeTable(positives, columns.numItems, config.loss, config.nsExponent);
  if (multi) {
    positives = { indptr: sharedCopy(positives.indptr), items: sharedCopy(positives.items) };
    pairUser = sharedCopy(pairUser);
    order = sharedCopy(order);
    negatives = sharedNegatives(negatives);
  }
  const { model, adagrad } = initImplicit(columns.numUsers, columns.numItems, config.dim, config.seed, multi);
  applyInitialRows(model.users, config.dim, input.initial.users);
  applyInitialRows(model.items, config.dim, input.initial.items);
  applyInitialBias(model.itemBias, input.initial.items);
  model.frozenUsers = isFrozen(input.initial.users);
  model.frozenItems = isFrozen(input.initial.items);
  const adagradOn = config.schedule === 'adagrad';
  const features = initFeatureTables(model, input.data.features, positives, adagradOn, multi, input.initial);
  const shared: ImplicitShared = {
    model,
    adagrad: adagradOn ? adagrad() : null,
    positives,
    pairUser,
    order,
    negatives,
    loss: config.loss,
    maxSampled: MAX_SAMPLED,
    lr: config.lr,
    decay: config.schedule === 'linear',
    reg: config.reg,
    regBias: config.regBias,
    epochs: config.epochs,
    features,
  };
  const pool = createPool<ImplicitChunk, ImplicitChunkResult>(
    config.threads,
    () => (chunk) => runImplicitChunk(shared, chunk),
    () => ({ entry: workerEntryOf(input, 'implicitWorker'), workerData: () => shared }),
  );
  const rng = createRng(hashSeed(config.seed, 0x5eed));
  // Entities without a training positive are their features alone: they count the training behind those.
  const support = supportWithFeatures(features, p.support, config.dim);
  const tablesOf = (s: Snapshot) => [
    ...implicitTables(composedTables(s.model, s.features), p, support),
    ...featureTransfers(s.features, config.dim, support),
  ];
  return {
    examplesPerEpoch: pairs,
    selection: implicitSelection(p),
    carved: p.carved,
    cold: p.cold,
    baselines: { ...popularityBaseline(p), ...coldStartBaselines(p, input.data.features?.item ?? null) },
    async epoch(epoch, progress) {
      shuffle(order, rng);
      const chunks: ImplicitChunk[] = [];
      for (let start = 0, c = 0; start < pairs; start += CHUNK_PAIRS, c++)
        chunks.push({
          start,
          end: Math.min(pairs, start + CHUNK_PAIRS),
          epoch: epoch - 1,
          seed: hashSeed(config.seed, epoch, c),
        });
      let loss = 0;
      let done = 0;
      await pool.run(chunks, (r) => {
        loss += r.loss;
        done += r.pairs;
        progress(done);
      });
      return { loss: loss / pairs };
    },
    evaluate: () => epochMetrics(p, composedTables(model, features)),
    snapshot: () => ({ model: copyModel(model), features: copyFeatures(features) }),
    tables: (s) => tablesOf(s),
    finish: async (best) => ({
      tables: tablesOf(best),
      metrics: withColdStart(
        p,
        finalMetrics(p, composedTables(best.model, best.features)),
        composedTables(best.model, best.features),
      ),
    }),
    close: () => pool.close(),
  };
}

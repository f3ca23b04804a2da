// `node --import tsx bench/tfjs.ts`: the tfjs engine against the CPU engine, per epoch, on synthetic data.
// With tfjs-node-gpu and a GPU: mf and sgns on the GPU against the CPU engine. Without (this machine): says so,
// then times one embedding training step on the tfjs cpu backend with the stock UnsortedSegmentSum against
// our scatter-add (stock only at a small vocabulary: it is O(vocabulary × batch × dim)), and mf and sgns
// epochs on the tfjs cpu and wasm backends (scatter-add) against the CPU engine. Not part of CI.
// Usage: node --import tsx bench/tfjs.ts [--ratings 100000] [--tokens 100000] [--dim 32] [--epochs 2]
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/random';
import type { InteractionColumns, SequenceColumns } from '../src/core/store/datasets';
import { plantedRatings } from './plantedRatings';
import { gpuAvailable, loadTfjs, type TfjsRuntime } from '../src/core/tfjs/backend';
import { interactionData, sequenceData, trainOn } from '../src/core/train/testTraining';

const { values } = parseArgs({
  options: {
    ratings: { type: 'string' },
    tokens: { type: 'string' },
    dim: { type: 'string' },
    epochs: { type: 'string' },
  },
});
const RATINGS = Number(values.ratings ?? 100_000);
const TOKENS = Number(values.tokens ?? 100_000);
const DIM = Number(values.dim ?? 32);
const EPOCHS = Number(values.epochs ?? 2);
const USERS = 6040;
const ITEMS = 3706;
const VOCAB = 5000;

/** MovieLens-1M-shaped ratings from a planted rank-8 model, 80/10/10. */
const ratings = (): InteractionColumns => plantedRatings({ ratings: RATINGS, users: USERS, items: ITEMS, seed: 1 });

/** Sentences of 10 Zipf-distributed tokens over a vocabulary of VOCAB, all in the training split. */
function corpus(): SequenceColumns {
  const rng = createRng(2);
  const tokens = new Int32Array(TOKENS);
  for (let t = 0; t < TOKENS; t++) tokens[t] = 2 + Math.floor(VOCAB ** rng()) - 1;
  const sentences = Math.ceil(TOKENS / 10);
  const offsets = Int32Array.from({ length: sentences + 1 }, (_, s) => Math.min(TOKENS, s * 10));
  return { role: 'word', tokens, offsets, splits: new Uint8Array(sentences), rows: VOCAB + 2 };
}

const base = { seed: 42, threads: 1, epochs: EPOCHS, dim: DIM };
const MF = { ...base, model: 'mf', lr: 0.01, reg: 0.05, regBias: 0.01 } as const;
const SGNS = { ...base, model: 'sgns', lr: 0.025, window: 5, negative: 5, sample: 1e-3 } as const;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`);

interface Timing {
  label: string;
  perSecond: number;
  score: string;
}

async function cpuEngine(model: 'mf' | 'sgns', data: InteractionColumns | SequenceColumns): Promise<Timing> {
  const rates: number[] = [];
  const onEpoch = (_m: unknown, perSecond: number): void => void rates.push(perSecond);
  if (model === 'mf') {
    const out = await trainOn(MF, interactionData(data as InteractionColumns), { onEpoch });
    return {
      label: 'CPU engine, 1 thread',
      perSecond: median(rates),
      score: `test RMSE ${out.outcome.metrics.test.rmse!.toFixed(4)}`,
    };
  }
  const out = await trainOn(SGNS, sequenceData(data as SequenceColumns), { onEpoch });
  return { label: 'CPU engine, 1 thread', perSecond: median(rates), score: `tables ${out.tables.length}` };
}

async function tfjsEngine(
  model: 'mf' | 'sgns',
  data: InteractionColumns | SequenceColumns,
  runtime: TfjsRuntime,
  label: string,
): Promise<Timing> {
  const rates: number[] = [];
  const hooks = { runtime, onEpoch: (_m: unknown, perSecond: number) => void rates.push(perSecond) };
  const out =
    model === 'mf'
      ? await trainOn(MF, interactionData(data as InteractionColumns), hooks)
      : await trainOn(SGNS, sequenceData(data as SequenceColumns), hooks);
  const score =
    model === 'mf' ? `test RMSE ${out.outcome.metrics.test.rmse!.toFixed(4)}` : `tables ${out.tables.length}`;
  return { label, perSecond: median(rates), score };
}

function report(title: string, unit: string, rows: Timing[]): void {
  const ref = rows[rows.length - 1]!.perSecond;
  console.log(`\n${title}`);
  for (const r of rows)
    console.log(
      `  ${r.label.padEnd(34)} ${rate(r.perSecond).padStart(8)} ${unit}/s   ${(r.perSecond / ref).toFixed(3)}× CPU engine   ${r.score}`,
    );
}

/** Seconds of one training step (forward, gradient, SGD) of an embedding + dense model on a batch of 512. */
async function kernelStep(runtime: TfjsRuntime, vocab: number, repeats: number): Promise<number> {
  const { tf, layers } = runtime;
  const model = layers.sequential({
    layers: [
      layers.layers.embedding({ inputDim: vocab, outputDim: 32, inputLength: 1 }),
      layers.layers.flatten(),
      layers.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy' });
  const rng = createRng(3);
  const x = tf.tensor2d(
    Int32Array.from({ length: 512 }, () => Math.floor(rng() * vocab)),
    [512, 1],
    'int32',
  );
  const y = tf.tensor2d(
    Float32Array.from({ length: 512 }, () => (rng() < 0.5 ? 1 : 0)),
    [512, 1],
  );
  await model.trainOnBatch(x, y); // warm-up
  const t0 = performance.now();
  for (let r = 0; r < repeats; r++) await model.trainOnBatch(x, y);
  const seconds = (performance.now() - t0) / 1000 / repeats;
  tf.dispose([x, y]);
  model.dispose();
  return seconds;
}

const gpu = await gpuAvailable();
const mfData = ratings();
const words = corpus();
console.log(
  `mf: ${RATINGS.toLocaleString()} ratings, ${USERS}×${ITEMS}; sgns: ${TOKENS.toLocaleString()} tokens, vocabulary ${VOCAB}; dim ${DIM}, ${EPOCHS} epochs (median epoch, training only)`,
);
if (gpu.available) {
  const rt = await loadTfjs({ only: 'tfjs-node-gpu' });
  for (const model of ['mf', 'sgns'] as const) {
    const data = model === 'mf' ? mfData : words;
    report(`${model}`, model === 'mf' ? 'ratings' : 'words', [
      await tfjsEngine(model, data, rt, 'tfjs on tfjs-node-gpu'),
      await cpuEngine(model, data),
    ]);
  }
} else {
  console.log(`No GPU path here (${gpu.reason}).`);
  console.log(
    'Timing the TensorFlow.js cpu backend with and without the scatter-add kernel, wasm, and the CPU engine.',
  );

  console.log('\none training step, embedding (vocabulary V × 32) + dense, batch 512:');
  for (const vocab of [1000, 10_000]) {
    const fast = await kernelStep(await loadTfjs({ only: 'cpu' }), vocab, 20);
    const wasm = await kernelStep(await loadTfjs({ only: 'wasm' }), vocab, 20);
    // The stock kernel is O(V × batch × dim): only at the small vocabulary, and only a few steps.
    const stock = vocab <= 1000 ? await kernelStep(await loadTfjs({ only: 'cpu', kernel: 'stock' }), vocab, 3) : null;
    console.log(
      `  V ${String(vocab).padStart(6)}: cpu scatter-add ${(fast * 1000).toFixed(2)} ms, wasm scatter-add ${(wasm * 1000).toFixed(2)} ms` +
        (stock === null
          ? ', cpu stock not run (it loops over every segment: 25.7 s per step at V 10,000 when measured)'
          : `, cpu stock ${(stock * 1000).toFixed(1)} ms (${(stock / fast).toFixed(0)}× slower)`),
    );
  }
  await loadTfjs({ only: 'cpu', kernel: 'fast' });

  for (const model of ['mf', 'sgns'] as const) {
    const data = model === 'mf' ? mfData : words;
    report(`${model}`, model === 'mf' ? 'ratings' : 'words', [
      await tfjsEngine(model, data, await loadTfjs({ only: 'cpu' }), 'tfjs cpu backend, scatter-add'),
      await tfjsEngine(model, data, await loadTfjs({ only: 'wasm' }), 'tfjs wasm backend, scatter-add'),
      await cpuEngine(model, data),
    ]);
  }
}

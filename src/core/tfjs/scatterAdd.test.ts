import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { loadTfjs, type TfjsRuntime } from './backend';
import { registerScatterAdd, scatterAddChoice } from './scatterAdd';

interface Case {
  x: Float32Array | Int32Array;
  xShape: number[];
  ids: Int32Array;
  idShape: number[];
  numSegments: number;
}

function randomCase(seed: number, idShape: number[], inner: number[], numSegments: number, int = false): Case {
  const rng = createRng(seed);
  const rows = idShape.reduce((a, b) => a * b, 1);
  const size = rows * inner.reduce((a, b) => a * b, 1);
  const x = int ? new Int32Array(size) : new Float32Array(size);
  for (let k = 0; k < size; k++) x[k] = int ? Math.floor(rng() * 20) - 10 : rng() * 2 - 1;
  // Ids repeat (several rows per segment) and some fall outside [0, numSegments): those are dropped.
  const ids = new Int32Array(rows);
  for (let r = 0; r < rows; r++) ids[r] = Math.floor(rng() * (numSegments + 2)) - 1;
  return { x, xShape: [...idShape, ...inner], ids, idShape, numSegments };
}

function segmentSum(rt: TfjsRuntime, c: Case): { shape: number[]; values: number[] } {
  const { tf } = rt;
  return tf.tidy(() => {
    const x = tf.tensor(c.x, c.xShape, c.x instanceof Int32Array ? 'int32' : 'float32');
    const ids: Tensor = tf.tensor(c.ids, c.idShape, 'int32');
    // Typed 1-D, but the kernel (like TensorFlow's) takes any prefix of x's shape.
    const out = tf.unsortedSegmentSum(x, ids as Tensor1D, c.numSegments);
    return { shape: out.shape, values: Array.from(out.dataSync()) };
  });
}

const CASES: [string, Case][] = [
  ['2-D rows', randomCase(1, [40], [8], 13)],
  ['3-D x, 1-D ids', randomCase(2, [25], [3, 4], 7)],
  ['int32', randomCase(4, [30], [5], 6, true)],
  ['scalar rows', randomCase(5, [50], [], 11)],
];

describe('the scatter-add UnsortedSegmentSum', () => {
  it.each(CASES)('gives the stock cpu kernel’s result: %s', async (_name, c) => {
    const stock = await loadTfjs({ only: 'cpu', kernel: 'stock' });
    expect(scatterAddChoice('cpu')).toBe('stock');
    const expected = segmentSum(stock, c);
    const fast = await loadTfjs({ only: 'cpu', kernel: 'fast' });
    expect(scatterAddChoice('cpu')).toBe('fast');
    const got = segmentSum(fast, c);
    expect(got.shape).toEqual(expected.shape);
    // Same additions, possibly in another order: equal up to float32 rounding.
    got.values.forEach((v, k) => expect(v).toBeCloseTo(expected.values[k]!, 5));
    const wasm = await loadTfjs({ only: 'wasm' });
    const onWasm = segmentSum(wasm, c);
    expect(onWasm.shape).toEqual(expected.shape);
    onWasm.values.forEach((v, k) => expect(v).toBeCloseTo(expected.values[k]!, 5));
  });

  it('takes multi-dimensional segment ids as their flattening (the stock kernel fails on them)', async () => {
    const c = randomCase(3, [6, 5], [4], 9);
    const flat: Case = { ...c, xShape: [30, 4], idShape: [30] };
    const expected = segmentSum(await loadTfjs({ only: 'cpu', kernel: 'stock' }), flat);
    for (const rt of [await loadTfjs({ only: 'cpu' }), await loadTfjs({ only: 'wasm' })]) {
      const got = segmentSum(rt, c);
      expect(got.shape).toEqual([9, 4]);
      got.values.forEach((v, k) => expect(v).toBeCloseTo(expected.values[k]!, 5));
    }
  });

  it('is the gradient of gather: identical embedding gradients on cpu (stock, fast) and wasm', async () => {
    const grad = async (rt: TfjsRuntime): Promise<number[]> => {
      const { tf } = rt;
      return tf.tidy(() => {
        const table = tf.tensor2d(
          Float32Array.from({ length: 50 * 4 }, (_, k) => Math.sin(k)),
          [50, 4],
        );
        const ids = tf.tensor1d([3, 7, 3, 49, 0, 7, 7], 'int32');
        const g = tf.grad((t) => tf.sum(tf.mul(tf.gather(t, ids), tf.gather(t, ids))))(table);
        return Array.from(g.dataSync());
      });
    };
    const stock = await grad(await loadTfjs({ only: 'cpu', kernel: 'stock' }));
    const fast = await grad(await loadTfjs({ only: 'cpu' }));
    const wasm = await grad(await loadTfjs({ only: 'wasm' }));
    expect(fast).toEqual(stock);
    wasm.forEach((v, k) => expect(v).toBeCloseTo(stock[k]!, 5));
    expect(stock.some((v) => v !== 0)).toBe(true);
  });

  it('is missing on wasm without it, so registering matters there', async () => {
    const rt = await loadTfjs({ only: 'wasm' });
    registerScatterAdd(rt.tf, 'wasm', 'stock');
    expect(rt.tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
    registerScatterAdd(rt.tf, 'wasm', 'fast');
    expect(rt.tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it('trains an embedding on wasm: the loss falls', async () => {
    const { tf, layers } = await loadTfjs({ only: 'wasm' });
    const model = layers.sequential({
      layers: [
        layers.layers.embedding({ inputDim: 200, outputDim: 8, inputLength: 1 }),
        layers.layers.flatten(),
        layers.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
    const ids = Int32Array.from({ length: 512 }, (_, k) => (k * 37) % 200);
    const x = tf.tensor2d(ids, [512, 1], 'int32');
    const y = tf.tensor2d(
      Float32Array.from(ids, (i) => (i % 2 === 0 ? 1 : 0)),
      [512, 1],
    );
    const h = await model.fit(x, y, { epochs: 8, batchSize: 64, verbose: 0 });
    const losses = h.history.loss as number[];
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.5);
    tf.dispose([x, y]);
    model.dispose();
  });
});

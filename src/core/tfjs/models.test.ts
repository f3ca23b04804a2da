import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs-core';
import { loadTfjs } from './backend';
import { buildBpr, buildMf, buildSgns, embeddingLayer, readTable } from './models';

const rt = await loadTfjs({ only: 'cpu' });
const { tf, layers } = rt;

const ids = (values: number[], cols = 1): Tensor => tf.tensor2d(values, [values.length / cols, cols], 'int32');

describe('model builders', () => {
  it('mf: [B, 1] ids in, one prediction per example out; tables sized by the vocabulary incl. PAD and OOV', () => {
    const { model, tables } = buildMf(tf, layers, { numUsers: 12, numItems: 9, dim: 4 });
    // Layer names are unique per process (user, user_1, …): inputs are fed by position.
    expect(model.inputs.map((i) => i.name.replace(/_\d+$/, ''))).toEqual(['user', 'item']);
    expect(model.outputs[0]!.shape).toEqual([null, 1]);
    expect(readTable(tables.users!).length).toBe(12 * 4);
    expect(readTable(tables.items!).length).toBe(9 * 4);
    expect(readTable(tables['users.bias']!).length).toBe(12);
    const out = model.predict([ids([2, 3, 11]), ids([4, 5, 8])]) as Tensor;
    expect(out.shape).toEqual([3, 1]);
    model.dispose();
  });

  it('mf with initial weights: the prediction is b_u + b_i + p_u·q_i of exactly those weights', () => {
    const users = Float32Array.from({ length: 5 * 2 }, (_, k) => k / 10);
    const items = Float32Array.from({ length: 4 * 2 }, (_, k) => 1 - k / 10);
    const bu = Float32Array.from([0, 0, 0.5, -0.5, 1]);
    const bi = Float32Array.from([0, 0, 0.25, 2]);
    const { model } = buildMf(tf, layers, {
      numUsers: 5,
      numItems: 4,
      dim: 2,
      users: { initial: users },
      items: { initial: items },
      userBias: { initial: bu },
      itemBias: { initial: bi },
    });
    const out = Array.from((model.predict([ids([2, 4]), ids([3, 2])]) as Tensor).dataSync());
    const expected = (u: number, i: number): number =>
      bu[u]! + bi[i]! + users[u * 2]! * items[i * 2]! + users[u * 2 + 1]! * items[i * 2 + 1]!;
    expect(out[0]).toBeCloseTo(expected(2, 3), 6);
    expect(out[1]).toBeCloseTo(expected(4, 2), 6);
    model.dispose();
  });

  it('refuses initial weights of the wrong size', () => {
    expect(() =>
      buildMf(tf, layers, { numUsers: 5, numItems: 4, dim: 2, users: { initial: new Float32Array(9) } }),
    ).toThrow(/users: initial weights hold 9 values, expected 5 × 2/);
  });

  it('bpr: σ((u·i + b_i) − (u·j + b_j)), 0.5 when the positive and the negative item are the same', () => {
    const { model } = buildBpr(tf, layers, { numUsers: 6, numItems: 7, dim: 3 });
    expect(model.inputs.map((i) => i.name.replace(/_\d+$/, ''))).toEqual(['user', 'pair']);
    const out = model.predict([ids([2, 3]), ids([4, 4, 5, 6], 2)]) as Tensor;
    expect(out.shape).toEqual([2, 1]);
    expect(out.dataSync()[0]).toBeCloseTo(0.5, 6);
    model.dispose();
  });

  it('sgns: a word and 1 + negative contexts in, one probability per context out; context table starts at 0', () => {
    const { model, tables } = buildSgns(tf, layers, { rows: 20, dim: 5, negative: 3 });
    expect(Object.keys(tables)).toEqual(['words', 'words.context']);
    const out = model.predict([ids([2, 9]), ids([3, 4, 5, 6, 7, 8, 9, 10], 4)]) as Tensor;
    expect(out.shape).toEqual([2, 4]);
    // σ(w·0) = 0.5 everywhere before training.
    for (const v of out.dataSync()) expect(v).toBeCloseTo(0.5, 6);
    expect(readTable(tables['words.context']!).every((v) => v === 0)).toBe(true);
    const w = readTable(tables.words!);
    expect(w.every((v) => Math.abs(v) <= 0.5 / 5)).toBe(true);
    expect(w.some((v) => v !== 0)).toBe(true);
    model.dispose();
  });

  it('maskZero masks PAD (index 0) of a padded sequence, and only when asked', () => {
    const padded = ids([0, 0, 4, 5, 0, 3, 0, 0], 4);
    const masked = embeddingLayer(tf, layers, { name: 'm', rows: 8, dim: 2, initializer: 'zeros', maskZero: true });
    masked.apply(padded);
    expect(Array.from(masked.computeMask(padded)!.dataSync())).toEqual([0, 0, 1, 1, 0, 1, 0, 0]);
    const plain = embeddingLayer(tf, layers, { name: 'p', rows: 8, dim: 2, initializer: 'zeros' });
    plain.apply(padded);
    expect(plain.computeMask(padded)).toBeNull();
    expect((masked.apply(padded) as Tensor).shape).toEqual([2, 4, 2]);
  });

  it('a table with trainable: false stays bit-identical through fit while the others learn', async () => {
    const initial = Float32Array.from({ length: 8 * 3 }, (_, k) => Math.cos(k) / 3);
    const built = buildMf(tf, layers, { numUsers: 10, numItems: 8, dim: 3, items: { initial, trainable: false } });
    built.model.compile({ optimizer: tf.train.sgd(0.05), loss: built.loss });
    const usersBefore = readTable(built.tables.users!);
    const u = ids([2, 3, 4, 5, 6, 7, 8, 9]);
    const i = ids([2, 3, 4, 5, 6, 7, 2, 3]);
    const y = tf.tensor2d([1, -1, 0.5, 2, -2, 1, 0, 1], [8, 1]);
    await built.model.fit([u, i], y, { epochs: 5, batchSize: 4, verbose: 0 });
    expect(built.tables.items!.trainable).toBe(false);
    // Buffer equality: every bit of every float, not "close".
    expect(Buffer.from(readTable(built.tables.items!).buffer).equals(Buffer.from(initial.buffer))).toBe(true);
    expect(readTable(built.tables.users!)).not.toEqual(usersBefore);
    tf.dispose([u, i, y]);
    built.model.dispose();
  });

  it('keeps no tensors behind once a built model is disposed', () => {
    const before = tf.memory().numTensors;
    const models = [
      buildSgns(tf, layers, { rows: 30, dim: 4, negative: 2, input: { initial: new Float32Array(120) } }),
      buildMf(tf, layers, { numUsers: 5, numItems: 6, dim: 2, users: { initial: new Float32Array(10) } }),
      buildBpr(tf, layers, { numUsers: 5, numItems: 6, dim: 2 }),
    ];
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    for (const m of models) m.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

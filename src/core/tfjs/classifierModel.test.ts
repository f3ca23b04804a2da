// Builders of the classifier: output shapes, masking (PAD never matters) and padding-side invariance.
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { loadTfjs, type TfjsRuntime } from './backend';
import { buildClassifier, ENCODERS, orthogonalRows, type ClassifierSpec } from './classifierModel';
import { padArrays } from './padSequences';

let rt: TfjsRuntime;
beforeAll(async () => {
  rt = await loadTfjs({ only: 'cpu' });
});

const spec = (encoder: ClassifierSpec['encoder'], classes = 2): ClassifierSpec => ({
  vocabSize: 12,
  dim: 4,
  maxLen: 6,
  classes,
  encoder,
  units: 3,
  filters: 5,
  kernelSize: 3,
  hidden: [4],
  dropout: 0.3,
  seed: 7,
});

function predict(encoder: ClassifierSpec['encoder'], rows: Int32Array, classes = 2, padRow?: number): number[] {
  const { tf, layers } = rt;
  const model = buildClassifier(tf, layers, spec(encoder, classes));
  try {
    if (padRow !== undefined) {
      // Fill the PAD row (index 0) with large values: a model that respects the mask must not change.
      const emb = model.getLayer('embedding');
      const w = emb.getWeights()[0]!.arraySync() as number[][];
      w[0] = w[0]!.map(() => padRow);
      const t = tf.tensor2d(w);
      emb.setWeights([t]);
      t.dispose();
    }
    return tf.tidy(() => {
      const x = tf.tensor2d(rows, [rows.length / 6, 6], 'int32');
      return Array.from((model.predict(x) as ReturnType<typeof tf.tensor>).dataSync());
    });
  } finally {
    model.dispose();
    model.optimizer?.dispose();
  }
}

describe('buildClassifier', () => {
  const seqs = [[3, 4, 5], [6, 7, 8, 9, 10, 11], [2]];

  it('gives one probability per sequence for two classes and a distribution for more', () => {
    for (const encoder of ENCODERS) {
      const p = predict(encoder, padArrays(seqs, { maxLen: 6 }));
      expect(p).toHaveLength(3);
      for (const v of p) expect(v > 0 && v < 1).toBe(true);
      const q = predict(encoder, padArrays(seqs, { maxLen: 6 }), 4);
      expect(q).toHaveLength(12);
      for (let r = 0; r < 3; r++) expect(q.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('ignores whatever the PAD row holds (the mask is respected by every encoder)', () => {
    const rows = padArrays(seqs, { maxLen: 6 });
    for (const encoder of ENCODERS) {
      const plain = predict(encoder, rows);
      const loud = predict(encoder, rows, 2, 50);
      for (let i = 0; i < plain.length; i++) expect(loud[i]).toBeCloseTo(plain[i]!, 5);
    }
  });

  it('gives the same output for pre and post padding with average, gru, lstm and conv1d', () => {
    const pre = padArrays(seqs, { maxLen: 6, padding: 'pre' });
    const post = padArrays(seqs, { maxLen: 6, padding: 'post' });
    for (const encoder of ['average', 'gru', 'lstm', 'conv1d'] as const) {
      const a = predict(encoder, pre);
      const b = predict(encoder, post);
      for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
    }
    // Flatten keeps positions: the same tokens at other positions give another output.
    const a = predict('flatten', pre);
    const b = predict('flatten', post);
    expect(a.some((v, i) => Math.abs(v - b[i]!) > 1e-4)).toBe(true);
  });

  it('does not leak tensors when a model is built, used and disposed', () => {
    const before = rt.tf.memory().numTensors;
    for (const encoder of ENCODERS) predict(encoder, padArrays(seqs, { maxLen: 6 }));
    expect(rt.tf.memory().numTensors).toBe(before);
  });
});

describe('conv1d as windows + Dense', () => {
  it('computes exactly tf.conv1d with padding same on the embedded sequence', () => {
    const { tf, layers } = rt;
    for (const kernelSize of [1, 2, 3, 4]) {
      const model = buildClassifier(tf, layers, { ...spec('conv1d'), kernelSize, dropout: 0 });
      try {
        const ids = padArrays(
          [
            [3, 4, 5, 6],
            [7, 8, 9, 10, 11, 2],
          ],
          { maxLen: 6 },
        );
        const convOut = layers.model({ inputs: model.inputs, outputs: model.getLayer('conv1d').output });
        const [kernel, bias] = model.getLayer('conv1d').getWeights();
        const emb = model.getLayer('embedding').getWeights()[0]!;
        const [got, want] = tf.tidy(() => {
          const x = tf.tensor2d(ids, [2, 6], 'int32');
          const embedded = tf.gather(emb, x) as ReturnType<typeof tf.tensor3d>;
          const mask = tf.expandDims(tf.cast(tf.notEqual(x, 0), 'float32'), 2);
          const k = tf.reshape(kernel!, [kernelSize, 4, 5]) as ReturnType<typeof tf.tensor3d>;
          const ref = tf.relu(tf.add(tf.conv1d(tf.mul(embedded, mask) as typeof embedded, k, 1, 'same'), bias!));
          return [
            Array.from((convOut.predict(x) as ReturnType<typeof tf.tensor>).dataSync()),
            Array.from(ref.dataSync()),
          ];
        });
        expect(got).toHaveLength(want.length);
        for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
      } finally {
        model.dispose();
        model.optimizer?.dispose();
      }
    }
  });
});

describe('orthogonalRows', () => {
  it('gives rows of unit length, orthogonal to each other', () => {
    const m = orthogonalRows(3, 9, createRng(1));
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        let dot = 0;
        for (let c = 0; c < 9; c++) dot += m[a * 9 + c]! * m[b * 9 + c]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
      }
  });
});

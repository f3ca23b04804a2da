import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { windowKernel, type WindowKernel, type Word2VecShared } from './word2vecChunk';
import { softplus } from './word2vecKernel';
import { word2VecLayout, word2VecMemory, word2VecModule } from './word2vecWasm';

const ROWS = 7;
const DIM = 10; // not a multiple of 4: row padding, and an odd number of vectors (the unrolled loop's tail)
const NEG = 3;
const WINDOW = 2;

interface Fixture {
  kernel: WindowKernel;
  input: (r: number, k: number) => number;
  context: (r: number, k: number) => number;
  set: (table: 'input' | 'context', r: number, k: number, v: number) => void;
}

/** The same random tables behind either kernel; values ~0.4 so that dot products stay inside (−6, 6). */
function fixture(kind: 'scalar' | 'simd'): Fixture {
  const rng = createRng(3);
  const values = Array.from({ length: 2 * ROWS * DIM }, () => (rng() - 0.5) * 0.8);
  if (kind === 'scalar') {
    const input = Float32Array.from(values.slice(0, ROWS * DIM));
    const context = Float32Array.from(values.slice(ROWS * DIM));
    const tables: Word2VecShared['tables'] = { kind: 'js', input, context, dim: DIM };
    const arr = { input, context };
    return {
      kernel: windowKernel(tables, 0, NEG, WINDOW),
      input: (r, k) => input[r * DIM + k]!,
      context: (r, k) => context[r * DIM + k]!,
      set: (t, r, k, v) => (arr[t][r * DIM + k] = v),
    };
  }
  const layout = word2VecLayout(ROWS, DIM, 1, NEG, WINDOW)!;
  const memory = word2VecMemory(layout);
  const arr = {
    input: new Float32Array(memory.buffer, layout.input, ROWS * layout.stride),
    context: new Float32Array(memory.buffer, layout.context, ROWS * layout.stride),
  };
  for (let r = 0; r < ROWS; r++) {
    for (let k = 0; k < DIM; k++) {
      arr.input[r * layout.stride + k] = values[r * DIM + k]!;
      arr.context[r * layout.stride + k] = values[ROWS * DIM + r * DIM + k]!;
    }
  }
  const tables: Word2VecShared['tables'] = { kind: 'wasm', memory, module: word2VecModule(layout), layout };
  return {
    kernel: windowKernel(tables, 0, NEG, WINDOW),
    input: (r, k) => arr.input[r * layout.stride + k]!,
    context: (r, k) => arr.context[r * layout.stride + k]!,
    set: (t, r, k, v) => (arr[t][r * layout.stride + k] = v),
  };
}

/** The exact loss of one step: softplus(−h·c_t0) + Σ softplus(h·c_t), h the mean of the input rows. */
function exactLoss(f: Fixture, inputRows: number[], targets: number[]): number {
  let loss = 0;
  targets.forEach((t, d) => {
    let dot = 0;
    for (let k = 0; k < DIM; k++) {
      const h = inputRows.reduce((s, r) => s + f.input(r, k), 0) / inputRows.length;
      dot += h * f.context(t, k);
    }
    loss += d === 0 ? softplus(-dot) : softplus(dot);
  });
  return loss;
}

function numericGradient(f: Fixture, table: 'input' | 'context', r: number, k: number, loss: () => number): number {
  const eps = 1e-3;
  const keep = table === 'input' ? f.input(r, k) : f.context(r, k);
  f.set(table, r, k, keep + eps);
  const up = loss();
  f.set(table, r, k, keep - eps);
  const down = loss();
  f.set(table, r, k, keep);
  return (up - down) / (2 * eps);
}

const ALPHA = 1e-3;
const TARGETS = [2, 5, 6];

describe.each(['scalar', 'simd'] as const)('word2vec steps (%s kernel)', (kind) => {
  // A window of three context words, one of them twice: each predicts the same targets (shared negatives).
  it.each([[[3]], [[3, 4, 3]]])(
    'skip-gram window %j moves every row by −α × the finite-difference gradient of the summed pair losses',
    (rows) => {
      const f = fixture(kind);
      const loss = (): number => rows.reduce((sum, r) => sum + exactLoss(f, [r], TARGETS), 0);
      const inputs = [...new Set(rows)];
      const slots: ['input' | 'context', number, number][] = [];
      for (let k = 0; k < DIM; k++) {
        slots.push(...inputs.map((r): ['input', number, number] => ['input', r, k]));
        slots.push(...TARGETS.map((t): ['context', number, number] => ['context', t, k]));
      }
      const grads = slots.map(([t, r, k]) => numericGradient(f, t, r, k, loss));
      const before = slots.map(([t, r, k]) => (t === 'input' ? f.input(r, k) : f.context(r, k)));
      const expectedLoss = loss();
      const untouched = Array.from({ length: DIM }, (_, k) => [f.input(1, k), f.context(1, k)]);
      f.kernel.targets.set(TARGETS);
      f.kernel.contextRows.set(rows);
      const reported = f.kernel.skipGram(rows.length, TARGETS.length, ALPHA);
      expect(reported).toBeCloseTo(expectedLoss, 3);
      slots.forEach(([t, r, k], n) => {
        const after = t === 'input' ? f.input(r, k) : f.context(r, k);
        expect((before[n]! - after) / ALPHA).toBeCloseTo(grads[n]!, 2);
      });
      expect(grads.some((g) => Math.abs(g) > 0.05)).toBe(true);
      // Rows not in the step are untouched.
      expect(Array.from({ length: DIM }, (_, k) => [f.input(1, k), f.context(1, k)])).toEqual(untouched);
    },
  );

  it('CBOW moves target rows by −α × the gradient and every context row by −α × n × its gradient', () => {
    const f = fixture(kind);
    const rows = [3, 4];
    const loss = (): number => exactLoss(f, rows, TARGETS);
    const slots: ['input' | 'context', number, number][] = [];
    for (let k = 0; k < DIM; k++) {
      slots.push(...rows.map((r): ['input', number, number] => ['input', r, k]));
      slots.push(...TARGETS.map((t): ['context', number, number] => ['context', t, k]));
    }
    const grads = slots.map(([t, r, k]) => numericGradient(f, t, r, k, loss));
    const before = slots.map(([t, r, k]) => (t === 'input' ? f.input(r, k) : f.context(r, k)));
    const expectedLoss = loss();
    f.kernel.targets.set(TARGETS);
    f.kernel.contextRows.set(rows);
    const reported = f.kernel.cbow(rows.length, TARGETS.length, ALPHA);
    expect(reported).toBeCloseTo(expectedLoss, 3);
    slots.forEach(([t, r, k], n) => {
      const after = t === 'input' ? f.input(r, k) : f.context(r, k);
      // word2vec.c (and gensim's cbow_mean) hand each context row the whole error, not error / n.
      const scale = t === 'input' ? rows.length : 1;
      expect((before[n]! - after) / ALPHA).toBeCloseTo(scale * grads[n]!, 2);
    });
  });

  it('clips like word2vec.c outside (−6, 6): no update when the label already agrees', () => {
    const f = fixture(kind);
    for (let k = 0; k < DIM; k++) {
      f.set('input', 3, k, 3);
      f.set('context', 2, k, 3); // h·c = 54 for the positive: σ = 1, g = 0
    }
    const before = Array.from({ length: DIM }, (_, k) => f.context(2, k));
    f.kernel.targets.set([2]);
    f.kernel.contextRows.set([3]);
    expect(f.kernel.skipGram(1, 1, ALPHA)).toBe(0);
    expect(Array.from({ length: DIM }, (_, k) => f.context(2, k))).toEqual(before);
  });
});

describe('the SIMD kernel against the scalar reference', () => {
  it('takes the same skip-gram window and CBOW steps up to float32 rounding, large steps included', () => {
    const [scalar, simd] = [fixture('scalar'), fixture('simd')];
    const steps: [rows: number[], targets: number[]][] = [
      [
        [3, 4, 3, 0],
        [2, 5, 6, 4],
      ],
      [[6], [1, 2]],
      [
        [2, 5],
        [4, 3, 3, 0],
      ], // a negative drawn twice
    ];
    for (const [rows, targets] of steps) {
      for (const f of [scalar, simd]) {
        f.kernel.targets.set(targets);
        f.kernel.contextRows.set(rows);
      }
      // α large enough that the rows move far between steps.
      expect(simd.kernel.skipGram(rows.length, targets.length, 0.5)).toBeCloseTo(
        scalar.kernel.skipGram(rows.length, targets.length, 0.5),
        4,
      );
      expect(simd.kernel.cbow(rows.length, targets.length, 0.5)).toBeCloseTo(
        scalar.kernel.cbow(rows.length, targets.length, 0.5),
        4,
      );
    }
    let worst = 0;
    let moved = 0;
    const values = fixture('scalar');
    for (let r = 0; r < ROWS; r++)
      for (let k = 0; k < DIM; k++) {
        worst = Math.max(worst, Math.abs(simd.input(r, k) - scalar.input(r, k)));
        worst = Math.max(worst, Math.abs(simd.context(r, k) - scalar.context(r, k)));
        moved = Math.max(moved, Math.abs(scalar.input(r, k) - values.input(r, k)));
      }
    expect(moved).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-5);
  });
});

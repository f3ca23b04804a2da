import { describe, expect, it } from 'vitest';
import type { SequenceColumns } from '../store/datasets';
import { createRng } from '../random';
import { sequenceColumns, sequenceData, trainOn } from './testTraining';
import { chunkBoundaries } from './word2vecChunk';
import { MAX_SENTENCE } from './word2vecKernel';

const PAIRS = 8;
const GROUP = 6;

/**
 * Sentences `c c c T c c c`: T is A_k or B_k (ids 2 + 2k, 3 + 2k), the c's words of group k. A_k and B_k never
 * meet but share every context, so each one's nearest neighbour must be the other.
 */
function twinCorpus(sentences: number, seed = 5): SequenceColumns {
  const rng = createRng(seed);
  const groupBase = 2 + 2 * PAIRS;
  const rows = groupBase + PAIRS * GROUP;
  const tokens: number[] = [];
  const offsets = [0];
  for (let s = 0; s < sentences; s++) {
    const k = Math.floor(rng() * PAIRS);
    const c = (): number => groupBase + k * GROUP + Math.floor(rng() * GROUP);
    tokens.push(c(), c(), c(), 2 + 2 * k + (rng() < 0.5 ? 0 : 1), c(), c(), c());
    if (rng() < 0.1) tokens.push(1); // OOV tokens are dropped, never trained
    offsets.push(tokens.length);
  }
  return sequenceColumns(Int32Array.from(tokens), Int32Array.from(offsets), rows);
}

function nearest(table: Float32Array, dim: number, row: number, rows: number): number {
  const cos = (a: number, b: number): number => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < dim; k++) {
      dot += table[a * dim + k]! * table[b * dim + k]!;
      na += table[a * dim + k]! ** 2;
      nb += table[b * dim + k]! ** 2;
    }
    return dot / Math.sqrt(na * nb);
  };
  let best = -1;
  for (let r = 2; r < rows; r++) if (r !== row && (best < 0 || cos(row, r) > cos(row, best))) best = r;
  return best;
}

const base = (mode: 'sgns' | 'cbow') => ({ model: mode, dim: 16, window: 3, sample: 0, epochs: 5, seed: 9 }) as const;
/** The input table of a run as `twinsFound` reads it. */
const input = (out: { tables: { data: Float32Array; dim: number; rows: number }[] }) => ({
  input: out.tables[0]!.data,
  dim: out.tables[0]!.dim,
  rows: out.tables[0]!.rows,
});

function twinsFound(out: { input: Float32Array; dim: number; rows: number }): number {
  let found = 0;
  for (let k = 0; k < PAIRS; k++) {
    const a = 2 + 2 * k;
    if (nearest(out.input, out.dim, a, out.rows) === a + 1) found++;
    if (nearest(out.input, out.dim, a + 1, out.rows) === a) found++;
  }
  return found;
}

describe('word2vec on the CPU engine', () => {
  const columns = twinCorpus(3000);
  const data = sequenceData(columns);

  for (const mode of ['sgns', 'cbow'] as const) {
    for (const kernel of ['simd', 'scalar'] as const) {
      it(`${mode} (${kernel}): tokens that share contexts are each other's nearest neighbours`, async () => {
        const out = await trainOn(base(mode), data, { kernel });
        expect(twinsFound(input(out))).toBe(2 * PAIRS);
        expect(out.epochs).toHaveLength(5);
        expect(out.epochs[4]!.loss).toBeLessThan(out.epochs[0]!.loss);
        expect(out.tables.map((t) => t.name)).toEqual(['words', 'words.context']);
        // PAD and OOV rows are never trained.
        for (const t of out.tables) expect(t.data.subarray(0, 2 * t.dim).every((v) => v === 0)).toBe(true);
      });
    }
  }

  it('gives bit-for-bit identical tables for one thread and the same seed, different ones for another seed', async () => {
    const o = { ...base('sgns'), epochs: 2, sample: 1e-3 };
    const [a, b, c] = [await trainOn(o, data), await trainOn(o, data), await trainOn({ ...o, seed: 10 }, data)];
    const same = (x: Float32Array, y: Float32Array): boolean => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    expect(same(a.tables[0]!.data, b.tables[0]!.data) && same(a.tables[1]!.data, b.tables[1]!.data)).toBe(true);
    expect(same(a.tables[0]!.data, c.tables[0]!.data)).toBe(false);
  });

  it('agrees between the SIMD and the scalar kernel (float32 vs float64 arithmetic)', async () => {
    const o = { ...base('sgns'), epochs: 1 };
    const simd = await trainOn(o, data, { kernel: 'simd' });
    const scalar = await trainOn(o, data, { kernel: 'scalar' });
    let worst = 0;
    const [x, y] = [simd.tables[0]!.data, scalar.tables[0]!.data];
    for (let n = 0; n < x.length; n++) worst = Math.max(worst, Math.abs(x[n]! - y[n]!));
    expect(worst).toBeGreaterThan(0); // two kernels ran
    expect(worst).toBeLessThan(1e-3);
    expect(simd.epochs[0]!.loss).toBeCloseTo(scalar.epochs[0]!.loss, 4);
  });

  it('trains on two Hogwild worker threads to the same structure', async () => {
    for (const kernel of ['simd', 'scalar'] as const) {
      const out = await trainOn({ ...base('sgns'), threads: 2 }, data, { kernel });
      expect(twinsFound(input(out))).toBeGreaterThanOrEqual(2 * PAIRS - 2);
    }
  });

  it('reports the mean pair loss per epoch, from ln 2 down, and progress in tokens', async () => {
    const fractions: number[] = [];
    const out = await trainOn({ ...base('sgns'), epochs: 1, sample: 1e-3 }, data, {
      progressEveryMs: 0,
      onProgress: (p) => fractions.push(p.fraction),
    });
    const loss = out.epochs[0]!.loss;
    expect(loss).toBeGreaterThan(0);
    expect(loss).toBeLessThan(Math.log(2) + 0.01); // starts at ln 2 (context vectors 0) and falls
    expect(fractions.length).toBeGreaterThan(0);
    expect(fractions.every((f, i) => f > 0 && f < 1 && (i === 0 || f > fractions[i - 1]!))).toBe(true);
  });

  it('rejects token ids outside the vocabulary', async () => {
    const bad = sequenceColumns(Int32Array.from([2, 99]), Int32Array.from([0, 2]), 20);
    await expect(trainOn(base('sgns'), sequenceData(bad))).rejects.toMatchObject({ code: 'BadRequest' });
  });
});

describe('chunkBoundaries', () => {
  it('cuts at sequence ends near the target and inside long sequences at MAX_SENTENCE', () => {
    const offsets = Int32Array.from([0, 3, 3, 8, 8 + 2 * MAX_SENTENCE + 5, 8 + 2 * MAX_SENTENCE + 6]);
    expect(Array.from(chunkBoundaries(offsets, 4))).toEqual([
      0,
      8,
      8 + MAX_SENTENCE,
      8 + 2 * MAX_SENTENCE,
      8 + 2 * MAX_SENTENCE + 5,
      8 + 2 * MAX_SENTENCE + 6,
    ]);
    expect(Array.from(chunkBoundaries(Int32Array.from([0]), 4))).toEqual([0]);
  });
});

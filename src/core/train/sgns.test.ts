import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { nodeEntry } from '../runtime';
import { trainWord2Vec, word2VecDefaults, type TokenCorpus, type Word2VecOptions } from './sgns';
import { chunkBoundaries } from './sgnsChunk';
import { MAX_SENTENCE } from './sgnsKernel';

const PAIRS = 8;
const GROUP = 6;

/**
 * Sentences `c c c T c c c`: T is A_k or B_k (ids 2 + 2k, 3 + 2k), the c's words of group k. A_k and B_k never
 * meet but share every context, so each one's nearest neighbour must be the other.
 */
function twinCorpus(sentences: number, seed = 5): { corpus: TokenCorpus; counts: Float64Array } {
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
  const counts = new Float64Array(rows);
  for (const t of tokens) counts[t]!++;
  counts[1] = 0;
  return { corpus: { tokens: Int32Array.from(tokens), offsets: Int32Array.from(offsets) }, counts };
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

const base = (mode: 'sgns' | 'cbow'): Word2VecOptions => ({
  ...word2VecDefaults(mode),
  dim: 16,
  window: 3,
  sample: 0,
  epochs: 5,
  seed: 9,
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

describe('trainWord2Vec', () => {
  const { corpus, counts } = twinCorpus(3000);

  for (const mode of ['sgns', 'cbow'] as const) {
    for (const kernel of ['simd', 'scalar'] as const) {
      it(`${mode} (${kernel}): tokens that share contexts are each other's nearest neighbours`, async () => {
        const epochs: number[] = [];
        const out = await trainWord2Vec(
          corpus,
          counts,
          { ...base(mode), kernel },
          { onEpoch: (e) => epochs.push(e.loss) },
        );
        expect(twinsFound(out)).toBe(2 * PAIRS);
        expect(epochs).toHaveLength(5);
        expect(epochs[4]!).toBeLessThan(epochs[0]!);
        // PAD and OOV rows are never trained.
        expect(out.input.subarray(0, 2 * out.dim).every((v) => v === 0)).toBe(true);
        expect(out.context.subarray(0, 2 * out.dim).every((v) => v === 0)).toBe(true);
      });
    }
  }

  it('gives bit-for-bit identical tables for one thread and the same seed, different ones for another seed', async () => {
    const o = { ...base('sgns'), epochs: 2, sample: 1e-3 };
    const a = await trainWord2Vec(corpus, counts, o);
    const b = await trainWord2Vec(corpus, counts, o);
    const c = await trainWord2Vec(corpus, counts, { ...o, seed: 10 });
    const same = (x: Float32Array, y: Float32Array): boolean => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));
    expect(same(a.input, b.input) && same(a.context, b.context)).toBe(true);
    expect(same(a.input, c.input)).toBe(false);
  });

  it('agrees between the SIMD and the scalar kernel (float32 vs float64 arithmetic)', async () => {
    const o = { ...base('sgns'), epochs: 1 };
    const simd = await trainWord2Vec(corpus, counts, o);
    const scalar = await trainWord2Vec(corpus, counts, { ...o, kernel: 'scalar' });
    expect([simd.kernel, scalar.kernel]).toEqual(['simd', 'scalar']);
    let worst = 0;
    for (let n = 0; n < simd.input.length; n++) worst = Math.max(worst, Math.abs(simd.input[n]! - scalar.input[n]!));
    expect(worst).toBeLessThan(1e-3);
    expect(simd.epochs[0]!.loss).toBeCloseTo(scalar.epochs[0]!.loss, 4);
  });

  it('trains on two Hogwild worker threads to the same structure', async () => {
    const workerEntry = nodeEntry(import.meta.url, 'sgnsWorker');
    for (const kernel of ['simd', 'scalar'] as const) {
      const out = await trainWord2Vec(corpus, counts, { ...base('sgns'), threads: 2, kernel }, { workerEntry });
      expect(twinsFound(out)).toBeGreaterThanOrEqual(2 * PAIRS - 2);
    }
  });

  it('reports raw and subsampled word counts and mean pair loss per epoch', async () => {
    const seen: number[] = [];
    const out = await trainWord2Vec(
      corpus,
      counts,
      { ...base('sgns'), epochs: 1, sample: 1e-3 },
      {
        onEpoch: (e) => seen.push(e.epoch),
      },
    );
    const e = out.epochs[0]!;
    expect(seen).toEqual([1]);
    expect(e.words).toBe(corpus.tokens.length);
    expect(e.trainedWords).toBeLessThan(0.9 * (corpus.tokens.length - counts[1]!));
    expect(e.loss).toBeGreaterThan(0);
    expect(e.loss).toBeLessThan(Math.log(2) + 0.01); // starts at ln 2 (context vectors 0) and falls
  });

  it('stops as TrainingDiverged with the epoch and a hint when the loss blows up', async () => {
    await expect(trainWord2Vec(corpus, counts, { ...base('sgns'), alpha: 1e30 })).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: expect.stringMatching(/in epoch 1; lower the learning rate/),
    });
  });

  it('stops between chunks when asked, as Cancelled', async () => {
    await expect(trainWord2Vec(corpus, counts, base('sgns'), { shouldStop: () => true })).rejects.toMatchObject({
      code: 'Cancelled',
    });
  });

  it('rejects token ids outside the vocabulary', async () => {
    const bad = { tokens: Int32Array.from([2, 99]), offsets: Int32Array.from([0, 2]) };
    await expect(trainWord2Vec(bad, counts, base('sgns'))).rejects.toMatchObject({ code: 'BadRequest' });
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

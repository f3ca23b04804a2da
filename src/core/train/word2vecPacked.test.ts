// Packed corpora (store/packedTokens.ts): ids pack and unpack unchanged, wide ones (≥ 65535) included, and
// word2vec trains on a packed corpus exactly as on its plain ids: the same tables bit for bit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headlessServices } from '../headless';
import { loadSequences, unpacked, type PackedSequenceColumns, type SequenceColumns } from '../store/datasets';
import { tokenPacker, unpackRange, WIDE } from '../store/packedTokens';
import { createRng } from '../random';
import { tempDir, writePlantedSessions } from '../testing';
import { sequenceColumns, trainOn } from './testTraining';

const plain = (b: number) => new ArrayBuffer(b);

function pack(columns: SequenceColumns): PackedSequenceColumns {
  const packer = tokenPacker(columns.tokens.length, plain);
  // In pieces, as the loader adds a sequence at a time.
  for (let s = 0; s + 1 < columns.offsets.length; s++)
    packer.add(columns.tokens.subarray(columns.offsets[s]!, columns.offsets[s + 1]!));
  const { tokens, wide } = packer.done();
  return { ...columns, tokens, wide };
}

describe('packed tokens', () => {
  it('unpack to the ids packed, in any range, wide ones included', () => {
    const rng = createRng(4);
    const ids = Int32Array.from({ length: 5000 }, () => Math.floor(rng() * 2 * WIDE));
    ids[0] = WIDE; // the boundary itself is wide
    ids[1] = WIDE - 1;
    const offsets = Int32Array.from([0, 7, 7, 1300, 5000]);
    const packed = pack(sequenceColumns(ids, offsets, 2 * WIDE));
    expect(packed.tokens.byteLength).toBe(2 * ids.length);
    expect(packed.wide.ids.length).toBe(ids.filter((id) => id >= WIDE).length);
    expect(unpacked(packed).tokens).toEqual(ids);
    for (const [a, b] of [
      [0, 1],
      [1, 2],
      [5, 1301],
      [4999, 5000],
      [2000, 2000],
    ] as const)
      expect(unpackRange(packed, a, b)).toEqual(ids.subarray(a, b));
  });

  it('are what the store loads when asked, equal to the ids it holds', async () => {
    const tmp = tempDir();
    const services = headlessServices(join(tmp.dir, 'p.db'), () => undefined);
    try {
      writePlantedSessions(join(tmp.dir, 's.csv'));
      const mapping = { session: 'session', item: 'item', timestamp: 'ts' };
      const { datasetId } = await services.handlers['datasets:import']({ path: join(tmp.dir, 's.csv'), mapping });
      const ids = loadSequences(services.db, datasetId);
      const packed = loadSequences(services.db, datasetId, true, true) as PackedSequenceColumns;
      expect(packed.tokens).toBeInstanceOf(Uint16Array);
      expect(packed.tokens.buffer).toBeInstanceOf(SharedArrayBuffer);
      // The wide ids are plain, copied when posted: shared, they would pin the reading thread's malloc arena.
      expect(packed.wide.ids.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(unpacked(packed)).toEqual(ids);
    } finally {
      services.close();
      tmp.cleanup();
    }
  });

  it('train word2vec to the same tables as plain ids', async () => {
    // Sentences over 60 words whose ids straddle 65535: half of them are wide.
    const rng = createRng(8);
    const first = WIDE - 30;
    const tokens: number[] = [];
    const offsets = [0];
    for (let s = 0; s < 800; s++) {
      const group = Math.floor(rng() * 3) * 20;
      for (let k = 0; k < 8; k++) tokens.push(first + group + Math.floor(rng() * 20));
      offsets.push(tokens.length);
    }
    const columns = sequenceColumns(Int32Array.from(tokens), Int32Array.from(offsets), first + 60);
    const packed = pack(columns);
    expect(packed.wide.ids.length).toBeGreaterThan(tokens.length / 3);
    const o = { model: 'sgns', dim: 8, window: 3, sample: 1e-3, epochs: 2, seed: 3 } as const;
    const a = await trainOn(o, { kind: 'sequences', columns });
    const b = await trainOn(o, { kind: 'sequences', columns: packed });
    const bytes = (x: Float32Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    for (let t = 0; t < 2; t++) expect(bytes(b.tables[t]!.data).equals(bytes(a.tables[t]!.data))).toBe(true);
    expect(b.tables[0]!.counts).toEqual(a.tables[0]!.counts);
    expect(b.epochs.map((e) => e.loss)).toEqual(a.epochs.map((e) => e.loss));
    // Hogwild threads read the packed corpus they share too.
    const threaded = await trainOn({ ...o, threads: 2 }, { kind: 'sequences', columns: packed });
    expect(threaded.epochs[1]!.loss).toBeLessThan(threaded.epochs[0]!.loss);
  });
});

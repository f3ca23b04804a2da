// A corpus's token ids in half the memory: Uint16 where an id fits (ids below 65535, which in a vocabulary
// sorted by frequency are nearly every token: 17M tokens of Wikipedia are 34 MB instead of 68), and the few
// wider ones by position beside them. The word2vec CPU kernel reads it in order with a cursor (train/word2vecChunk.ts).

/** The Uint16 a wide id leaves in its place. No id is stored as it: ids from WIDE on are all wide. */
export const WIDE = 0xffff;

/** The ids ≥ WIDE of a packed corpus: positions ascending, the id at each. */
export interface WideTokens {
  positions: Int32Array;
  ids: Int32Array;
}

type Alloc = (bytes: number) => ArrayBuffer | SharedArrayBuffer;

/** Packs `total` tokens given a piece at a time, in order, into an array from `alloc` allocated up front. */
export function tokenPacker(total: number, alloc: Alloc): { add(ids: Int32Array): void; done(): PackedTokens } {
  const tokens = new Uint16Array(alloc(total * 2));
  let positions: Int32Array<ArrayBufferLike> = new Int32Array(1024);
  let ids: Int32Array<ArrayBufferLike> = new Int32Array(1024);
  let wide = 0;
  let at = 0;
  return {
    add(piece) {
      for (let i = 0; i < piece.length; i++, at++) {
        const id = piece[i]!;
        if (id < WIDE) {
          tokens[at] = id;
          continue;
        }
        tokens[at] = WIDE;
        if (wide === ids.length) {
          positions = grow(positions);
          ids = grow(ids);
        }
        positions[wide] = at;
        ids[wide++] = id;
      }
    },
    // The wide ids come out in plain memory, whatever `alloc` is: they are few, and known only once every piece
    // has been read. A thread that reads a corpus (train/sequencesWorker.ts) and posts them has them copied to
    // the receiver; shared, they would be the one allocation of that thread to outlive it, on top of its malloc
    // arena above the freed pieces, and keep the whole arena resident (22 MB at 5M tokens).
    done() {
      return { tokens, wide: { positions: positions.slice(0, wide), ids: ids.slice(0, wide) } };
    },
  };
}

export interface PackedTokens {
  tokens: Uint16Array;
  wide: WideTokens;
}

function grow(a: Int32Array<ArrayBufferLike>): Int32Array<ArrayBufferLike> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** The index of the first wide token at or after position `at`. */
export function firstWideFrom(wide: WideTokens, at: number): number {
  let lo = 0;
  let hi = wide.positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (wide.positions[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Tokens [from, to) as ids. */
export function unpackRange(packed: PackedTokens, from: number, to: number): Int32Array {
  const out = Int32Array.from(packed.tokens.subarray(from, to));
  const { positions, ids } = packed.wide;
  for (let o = firstWideFrom(packed.wide, from); o < positions.length && positions[o]! < to; o++)
    out[positions[o]! - from] = ids[o]!;
  return out;
}

// Keras `pad_sequences` for token sequences stored as CSR: every sequence becomes exactly `maxLen` ids, cut
// and padded with 0 (PAD) on the side asked for.

import type { PadSide } from '../../shared';

export type { PadSide };

export interface PadOptions {
  maxLen: number;
  /** Where the zeros go when a sequence is shorter than maxLen (Keras' default `pre`: before it). */
  padding?: PadSide;
  /** Which end is cut when a sequence is longer (Keras' default `pre`: its beginning, keeping the last ids). */
  truncating?: PadSide;
  /** The padding id (Keras' `value`, default 0). */
  value?: number;
}

/** Token sequences as CSR: sequence s is tokens[offsets[s] .. offsets[s + 1]). */
export interface Csr {
  tokens: Int32Array;
  offsets: Int32Array;
}

/**
 * `pick` sequences of `csr` (all of them when omitted), padded and truncated to a row-major
 * `pick.length × maxLen` matrix, as `keras.utils.pad_sequences(seqs, maxlen, padding=…, truncating=…)`.
 * An empty sequence becomes a row of padding.
 */
export function padSequences(csr: Csr, options: PadOptions, pick?: ArrayLike<number>): Int32Array {
  const { maxLen } = options;
  if (!Number.isInteger(maxLen) || maxLen < 1)
    throw new RangeError(`maxLen must be a whole number ≥ 1 (got ${maxLen})`);
  const padding = options.padding ?? 'pre';
  const truncating = options.truncating ?? 'pre';
  const n = pick ? pick.length : csr.offsets.length - 1;
  const out = new Int32Array(n * maxLen);
  if (options.value) out.fill(options.value);
  for (let r = 0; r < n; r++) {
    const s = pick ? pick[r]! : r;
    let from = csr.offsets[s]!;
    let to = csr.offsets[s + 1]!;
    if (to - from > maxLen) {
      if (truncating === 'pre') from = to - maxLen;
      else to = from + maxLen;
    }
    const len = to - from;
    const at = r * maxLen + (padding === 'pre' ? maxLen - len : 0);
    out.set(csr.tokens.subarray(from, to), at);
  }
  return out;
}

/** The same from plain arrays (tests, small inputs): a `seqs.length × maxLen` matrix. */
export function padArrays(seqs: readonly (readonly number[])[], options: PadOptions): Int32Array {
  const offsets = new Int32Array(seqs.length + 1);
  seqs.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.length));
  return padSequences({ tokens: Int32Array.from(seqs.flat()), offsets }, options);
}

// Token sequences from collected rows: text documents (chunked like gensim's 10,000-word limit), sessions from
// a session column, or a user's rows cut where the time gap is too long.
import { int32Column } from './columns';
import { groupBy } from './grouping';
import { NO_SPLIT } from './split';

export interface SequenceSet {
  /** Vocabulary whose indices the tokens are. */
  role: 'word' | 'item' | 'event';
  tokens: Int32Array;
  /** Sequence s is tokens[offsets[s] .. offsets[s + 1]). */
  offsets: Int32Array;
  keys: (string | null)[];
  /** Per sequence, the row whose user, label, split and time it carries (its first row). */
  firstRow: Int32Array;
}

/** Packs variable-length sequences built by `add` into one CSR set. */
class SequenceBuilder {
  private readonly tokens = int32Column();
  private readonly offsets: number[] = [0];
  private readonly keys: (string | null)[] = [];
  private readonly firstRows: number[] = [];

  add(tokens: ArrayLike<number>, key: string | null, firstRow: number): void {
    if (tokens.length === 0) return;
    for (let i = 0; i < tokens.length; i++) this.tokens.push(tokens[i]!);
    this.offsets.push(this.tokens.length);
    this.keys.push(key);
    this.firstRows.push(firstRow);
  }

  build(role: SequenceSet['role']): SequenceSet {
    return {
      role,
      tokens: this.tokens.drain(),
      offsets: Int32Array.from(this.offsets),
      keys: this.keys,
      firstRow: Int32Array.from(this.firstRows),
    };
  }
}

/**
 * Documents as sequences of word indices; a document longer than `maxLength` becomes several. The sequences are
 * the documents' tokens in order, so the token array is remapped in place and kept: a second copy of a 17M-token
 * corpus would cost another 68 MB (and more while it grew).
 */
export function documentSequences(
  tokens: Int32Array,
  starts: Int32Array,
  docRows: Int32Array,
  remap: Int32Array,
  maxLength: number,
): SequenceSet {
  for (let k = 0; k < tokens.length; k++) tokens[k] = remap[tokens[k]!]!;
  const offsets = int32Column();
  const firstRows = int32Column();
  offsets.push(0);
  for (let d = 0; d < starts.length; d++) {
    const to = d + 1 < starts.length ? starts[d + 1]! : tokens.length;
    for (let s = starts[d]!; s < to; s += maxLength) {
      offsets.push(Math.min(to, s + maxLength));
      firstRows.push(docRows[d]!);
    }
  }
  const firstRow = firstRows.drain();
  return {
    role: 'word',
    tokens,
    offsets: offsets.drain(),
    keys: new Array<null>(firstRow.length).fill(null),
    firstRow,
  };
}

/** One sequence per session, its rows in time order (then file order). */
export function sessionSequences(
  sessions: Int32Array,
  sessionKeys: string[],
  times: Float64Array | null,
  tokens: Int32Array,
  role: SequenceSet['role'],
): SequenceSet {
  const { order, starts } = groupBy(sessions, sessionKeys.length, times);
  const b = new SequenceBuilder();
  for (let g = 0; g < sessionKeys.length; g++) {
    const rows = order.subarray(starts[g]!, starts[g + 1]!);
    if (rows.length)
      b.add(
        Array.from(rows, (r) => tokens[r]!),
        sessionKeys[g]!,
        rows[0]!,
      );
  }
  return b.build(role);
}

/** Per user, rows in time order, a new sequence wherever the gap exceeds `gapSeconds`. */
export function gapSequences(
  users: Int32Array,
  userKeys: string[],
  times: Float64Array,
  tokens: Int32Array,
  role: SequenceSet['role'],
  gapSeconds: number,
): SequenceSet {
  const { order, starts } = groupBy(users, userKeys.length, times);
  const b = new SequenceBuilder();
  for (let g = 0; g < userKeys.length; g++) {
    let run: number[] = [];
    let first = -1;
    let part = 0;
    for (let k = starts[g]!; k < starts[g + 1]!; k++) {
      const r = order[k]!;
      if (run.length && times[r]! - times[order[k - 1]!]! > gapSeconds) {
        b.add(run, `${userKeys[g]}#${++part}`, first);
        run = [];
      }
      if (!run.length) first = r;
      run.push(tokens[r]!);
    }
    b.add(run, `${userKeys[g]}#${part + 1}`, first);
  }
  return b.build(role);
}

/** The split of each sequence's first row (NO_SPLIT where the file gave none). */
export function sequenceGivenSplits(set: SequenceSet, rowSplits: Uint8Array | null): Uint8Array | null {
  if (!rowSplits) return null;
  return Uint8Array.from(set.firstRow, (r) => rowSplits[r] ?? NO_SPLIT);
}

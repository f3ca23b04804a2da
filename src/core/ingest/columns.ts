// Append-only typed columns: rows are collected with a few bytes each (no object per row). One contiguous
// array per column, grown by 1.5× and pre-sized from an estimate of the row count, so that the finished
// column is handed over without a copy. (Large typed arrays are mmapped and go back to the OS when freed;
// many small chunks would stay in the malloc heap and double the peak when copied out.)

type TypedArray = Int32Array | Float64Array | Float32Array | Uint8Array;
type Ctor<T extends TypedArray> = new (n: number) => T;

const INITIAL = 1 << 16;

export class Column<T extends TypedArray> {
  private data: T;
  length = 0;

  constructor(private readonly ctor: Ctor<T>) {
    this.data = new ctor(INITIAL);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(Math.ceil(this.data.length * 1.5));
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  /** Makes room for `rows` rows at once (an estimate from the file size); never shrinks. */
  reserve(rows: number): void {
    if (rows > this.data.length) this.grow(Math.ceil(rows));
  }

  private grow(capacity: number): void {
    const next = new this.ctor(capacity);
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  /** The rows as one array (a view, no copy); the column starts empty again. */
  drain(): T {
    const out = this.data.subarray(0, this.length) as T;
    this.data = new this.ctor(0);
    this.length = 0;
    return out;
  }
}

export const int32Column = (): Column<Int32Array> => new Column(Int32Array);
export const float64Column = (): Column<Float64Array> => new Column(Float64Array);
export const float32Column = (): Column<Float32Array> => new Column(Float32Array);
export const uint8Column = (): Column<Uint8Array> => new Column(Uint8Array);

/** The value of text[start, end) when it is a canonical decimal integer below 10^7 ("0", "17", not "017"), else -1. */
function smallInt(text: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 0 || n > 7 || (n > 1 && text.charCodeAt(start) === 48)) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Assigns ids to keys in order of first appearance and counts them. Keys that are small integers (most ids in
 * real files) skip string hashing: a direct table maps their value to the id.
 */
/**
 * The key as a string of its own. A substring V8 cuts from a line or a text chunk may point into it (a sliced
 * string, from 13 characters on), and a vocabulary that kept it would keep every chunk that brought a new key:
 * copying new keys out took the import of 17M tokens of text from a 730 to a 404 MiB peak. Concatenating and slicing off again makes V8
 * copy the characters out (flattening the concatenation); the chunk is then free.
 */
function ownCopy(key: string): string {
  return key.length < 13 ? key : ` ${key}`.slice(1);
}

export class KeyIds {
  readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  readonly counts: number[] = [];
  private direct = new Int32Array(1024); // value → id + 1 (0: not seen)

  id(key: string): number {
    return this.idRange(key, 0, key.length);
  }

  /** The id of the key text[start, end), without making a substring for small-integer keys. */
  idRange(text: string, start: number, end: number): number {
    const v = smallInt(text, start, end);
    if (v >= 0) {
      if (v >= this.direct.length) {
        const grown = new Int32Array(Math.max(v + 1, this.direct.length * 2));
        grown.set(this.direct);
        this.direct = grown;
      }
      let id = this.direct[v]! - 1;
      if (id < 0) {
        id = this.add(text.slice(start, end));
        this.direct[v] = id + 1;
      }
      this.counts[id]!++;
      return id;
    }
    const key = start === 0 && end === text.length ? text : text.slice(start, end);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.add(key);
      this.ids.set(this.keys[id]!, id);
    }
    this.counts[id]!++;
    return id;
  }

  private add(key: string): number {
    this.keys.push(ownCopy(key));
    this.counts.push(0);
    return this.keys.length - 1;
  }

  get size(): number {
    return this.keys.length;
  }
}

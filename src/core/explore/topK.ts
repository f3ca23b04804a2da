// The k best (score, row) pairs of a stream, in a min-heap of size k: O(n log k) with no per-item allocation.

/** Higher score wins; on equal scores the lower row wins, so results are deterministic. */
export class TopK {
  readonly k: number;
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  size = 0;

  constructor(k: number) {
    this.k = k;
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  /** The score an item must beat to enter (−∞ until the heap is full). */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0]!;
  }

  /** Would (score, row) enter? Cheap enough to call for every item before any costlier check. */
  admits(score: number, row: number): boolean {
    if (this.size < this.k) return this.k > 0;
    const s = this.scores[0]!;
    return score > s || (score === s && row < this.rows[0]!);
  }

  push(score: number, row: number): void {
    if (!this.admits(score, row)) return;
    if (this.size < this.k) {
      this.scores[this.size] = score;
      this.rows[this.size] = row;
      this.siftUp(this.size++);
    } else {
      this.scores[0] = score;
      this.rows[0] = row;
      this.siftDown(0);
    }
  }

  /** The items, best first. */
  sorted(): { row: number; score: number }[] {
    const out: { row: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ row: this.rows[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  /** a is worse than b: the root of the heap is the worst item. */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.rows[a]! > this.rows[b]!);
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a]!;
    this.scores[a] = this.scores[b]!;
    this.scores[b] = s;
    const r = this.rows[a]!;
    this.rows[a] = this.rows[b]!;
    this.rows[b] = r;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

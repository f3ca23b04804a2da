// Per-table data for fast exact search, built once and reused by every query: row norms, and a bfloat16 copy
// of the unit rows in WebAssembly memory for the SIMD scan (dotKernel.ts): extra memory of half the table.
import type { VectorTable } from '../../shared';
import { permuteQuery, toBfloat16 } from './bfloat16';
import { instantiateDots, wasm, type DotsFn, type WasmMemory } from './dotKernel';

/** Largest WebAssembly memory we ask for (wasm32 allows 4 GiB; leave room below it). */
const MAX_WASM_BYTES = 3.5 * 2 ** 30;
/** Kernel queries per search at most (3CosMul needs one per input row). */
export const MAX_QUERIES = 8;

interface Kernel {
  dots: DotsFn;
  memory: WasmMemory;
  dimPadded: number;
  groups: number;
  qOffset: number;
  outOffset: number;
}

export class TableIndex {
  readonly table: VectorTable;
  /** ‖row‖ in double precision. */
  readonly norms: Float64Array;
  private readonly kernel: Kernel | null;
  private readonly kernelRequested: boolean;
  /** Scratch for search.ts, one slot per row: reused, so queries allocate nothing of table size. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly candidates: Int32Array;
  /** ‖row‖². */
  readonly sqNorms: Float64Array;

  private constructor(table: VectorTable, useKernel: boolean) {
    this.table = table;
    const { rows, dim, data } = table;
    this.norms = new Float64Array(rows);
    this.sqNorms = new Float64Array(rows);
    for (let r = 0, o = 0; r < rows; r++, o += dim) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += data[o + d]! * data[o + d]!;
      this.sqNorms[r] = s;
      this.norms[r] = Math.sqrt(s);
    }
    this.lower = new Float64Array(rows);
    this.upper = new Float64Array(rows);
    this.candidates = new Int32Array(rows);
    this.kernelRequested = useKernel;
    this.kernel = useKernel ? this.buildKernel() : null;
  }

  private static cache = new WeakMap<Float32Array, TableIndex>();

  /** The index of a table, built on first use and cached for as long as the table's data array lives. */
  static of(table: VectorTable, options: { kernel?: boolean } = {}): TableIndex {
    const useKernel = options.kernel ?? true;
    const cached = TableIndex.cache.get(table.data);
    if (
      cached &&
      cached.table.rows === table.rows &&
      cached.table.dim === table.dim &&
      cached.kernelRequested === useKernel
    )
      return cached;
    const index = new TableIndex(table, useKernel);
    TableIndex.cache.set(table.data, index);
    return index;
  }

  get hasKernel(): boolean {
    return this.kernel !== null;
  }

  /**
   * Approximate x̂·q for every unit row x̂ and each query (at most MAX_QUERIES), as float32 views into kernel
   * memory (valid until the next call); null when there is no kernel. `errorBound` gives, per query, a bound
   * on |approx − x̂·q| (see the derivation in search.ts).
   */
  approxDots(queries: readonly ArrayLike<number>[]): { approx: Float32Array[]; errorBound: number[] } | null {
    const k = this.kernel;
    if (!k) return null;
    const approx: Float32Array[] = [];
    const errorBound: number[] = [];
    queries.forEach((q, i) => {
      const qView = new Float32Array(k.memory.buffer, k.qOffset + i * k.dimPadded * 4, k.dimPadded);
      permuteQuery(q, k.dimPadded, qView);
      const outOffset = k.outOffset + i * k.groups * 16;
      k.dots(0, k.qOffset + i * k.dimPadded * 4, outOffset, k.groups, k.dimPadded * 2);
      approx.push(new Float32Array(k.memory.buffer, outOffset, this.table.rows));
      let qq = 0;
      for (let d = 0; d < q.length; d++) qq += q[d]! * q[d]!;
      errorBound.push(bf16ErrorBound(Math.sqrt(qq), k.dimPadded));
    });
    return { approx, errorBound };
  }

  private buildKernel(): Kernel | null {
    const { rows, dim, data } = this.table;
    const dimPadded = Math.ceil(dim / 8) * 8;
    const groups = Math.ceil(rows / 4);
    const dataBytes = groups * 4 * dimPadded * 2;
    const qOffset = dataBytes;
    const outOffset = qOffset + MAX_QUERIES * dimPadded * 4;
    const total = outOffset + MAX_QUERIES * groups * 16;
    if (total > MAX_WASM_BYTES || rows === 0) return null;
    const pages = Math.ceil(total / 65536);
    const memory = new wasm.Memory({ initial: pages, maximum: pages });
    const dots = instantiateDots(memory);
    if (!dots) return null;
    const bf = new Uint16Array(memory.buffer, 0, groups * 4 * dimPadded);
    for (let r = 0, o = 0; r < rows; r++, o += dim) {
      const inv = this.norms[r]! > 0 ? 1 / this.norms[r]! : 0;
      for (let d = 0; d < dim; d++) bf[r * dimPadded + d] = toBfloat16(data[o + d]! * inv);
    }
    return { dots, memory, dimPadded, groups, qOffset, outOffset };
  }
}

/**
 * |approx − x̂·q| for a unit row x̂ and query q (‖q‖ = qNorm), summing: bfloat16 rounding of each x̂_d
 * (≤ 2⁻⁸|x̂_d|, after the float32 rounding of x/‖x‖, ≤ 2⁻²⁴) times |q_d|, which sums to ≤ (2⁻⁸+2⁻²³)‖q‖ by
 * Cauchy–Schwarz; the float32 rounding of q (2⁻²⁴ relative); and float32 accumulation over dimPadded/4
 * terms per lane plus the 3 lane adds (≤ (dimPadded + 8)·2⁻²⁴ relative, Higham's γ_n, doubled for margin).
 * A further 1% covers the second-order terms.
 */
export function bf16ErrorBound(qNorm: number, dimPadded: number): number {
  return qNorm * (2 ** -8 + 2 ** -23 + 2 ** -24 + (dimPadded + 8) * 2 ** -23) * 1.01 + 1e-30;
}

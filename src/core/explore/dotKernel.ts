// A WebAssembly SIMD kernel for the hot loop of exact search: approximate dot products of one float32 query
// with every row of a bfloat16 copy of a table, four rows per pass. A scan is memory-bound, so half-size rows
// halve its time; search.ts bounds the bfloat16 error and rescores candidates exactly. Plain JS would be ~5×
// slower (V8 does not vectorise); WASM SIMD is on in every Node ≥ 16.4 and Electron.
// The module is assembled here byte by byte (WebAssembly Core Spec 2.0, §5 binary format) so there is no
// build step; `dotsBf16Js` in bfloat16.ts is the reference it is tested against.

// The part of the WebAssembly JS API used here: tsconfig.node.json has no DOM lib, and @types/node only
// declares WebAssembly's interfaces as empty shells.
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Unsigned LEB128 (spec §5.2.2). */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
const str = (s: string): number[] => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// Opcodes (spec §5.4). SIMD ones are 0xfd followed by a LEB128 sub-opcode.
const I32 = 0x7f;
const V128 = 0x7b;
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const tee = (i: number): number[] => [0x22, i];
const i32Const = (n: number): number[] => [0x41, n]; // small non-negative constants only (< 64)
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const I32_EQZ = 0x45;
const F32_ADD = 0x92;
const f32Store = (offset: number): number[] => [0x38, 2, ...uleb(offset)];
const v128Load = [0xfd, 0x00, 4, 0]; // align 2^4, offset 0
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const F32X4_ADD = [0xfd, ...uleb(228)];
const F32X4_MUL = [0xfd, ...uleb(230)];
const lane = (i: number): number[] => [0xfd, 0x1f, i];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = 0x0b;
const brIf = (depth: number): number[] => [0x0d, depth];

const V128_AND = [0xfd, ...uleb(78)];
const I32X4_SHL = [0xfd, ...uleb(171)];
/** A v128 constant with `word` in each lane (its low 16 bits must be 0). */
const v128Const32 = (word: number): number[] => [
  0xfd,
  0x0c,
  ...Array.from({ length: 4 }, () => [0, 0, (word >>> 16) & 0xff, word >>> 24]).flat(),
];
const v128LoadAt = (offset: number): number[] => [0xfd, 0x00, 4, ...uleb(offset)];

// Parameters and locals of `dots(data, q, out, groups, rowBytes)`; all addresses are byte offsets.
const [DATA, Q, OUT, GROUPS, ROW_BYTES, J, K, P, RB2, RB3, RB4] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [V, QA, QB, MASK, A0] = [11, 12, 13, 14, 15];

/**
 * acc += even(v) * qa + odd(v) * qb, where v holds 8 bfloat16 of one row: in each 32-bit lane the low half is
 * an even dimension and the high half the next odd one, so `shl 16` and `and 0xffff0000` turn them into
 * float32 lanes without any conversion instruction (bfloat16 is the top half of a float32).
 */
// prettier-ignore
const accumulate = (acc: number, rowOffset: number | null): number[] => [
  ...get(acc), ...get(P), ...(rowOffset === null ? [] : [...get(rowOffset), I32_ADD]), ...v128Load, ...tee(V),
  ...i32Const(16), ...I32X4_SHL, ...get(QA), ...F32X4_MUL, ...F32X4_ADD,                  // + even(v) · qa
  ...get(V), ...get(MASK), ...V128_AND, ...get(QB), ...F32X4_MUL, ...F32X4_ADD,          // + odd(v) · qb
  ...set(acc),
];
// prettier-ignore
const horizontalSum = (acc: number): number[] => [
  ...get(acc), ...lane(0), ...get(acc), ...lane(1), F32_ADD, ...get(acc), ...lane(2), F32_ADD, ...get(acc), ...lane(3), F32_ADD,
];

/**
 * for each group of 4 rows: a0..a3 = 0; for each 16-byte block j of a row (8 bfloat16) and the matching
 * 32 bytes k = 2j of the query (8 float32, permuted as [q0 q2 q4 q6 q1 q3 q5 q7]): a_i += row_i[j] · q[k];
 * out[i] = Σ lanes(a_i). Rows are padded to a multiple of 8 values and the row count to a multiple of 4.
 */
// prettier-ignore
const body: number[] = [
  ...get(ROW_BYTES), ...i32Const(1), I32_SHL, ...tee(RB2), ...get(ROW_BYTES), I32_ADD, ...set(RB3), // rb2, rb3
  ...get(ROW_BYTES), ...i32Const(2), I32_SHL, ...set(RB4),                                         // rb4
  ...v128Const32(0xffff0000), ...set(MASK),
  ...BLOCK, ...get(GROUPS), I32_EQZ, ...brIf(0),                                                   // no rows: done
  ...LOOP,                                                                                         // each group of 4 rows
  ...v128Zero, ...tee(A0), ...tee(A0 + 1), ...tee(A0 + 2), ...set(A0 + 3),
  ...i32Const(0), ...set(J), ...get(Q), ...set(K),
  ...LOOP,                                                                                         // each 8 dimensions
  ...get(K), ...v128Load, ...set(QA), ...get(K), ...v128LoadAt(16), ...set(QB),
  ...get(DATA), ...get(J), I32_ADD, ...set(P),
  ...accumulate(A0, null), ...accumulate(A0 + 1, ROW_BYTES), ...accumulate(A0 + 2, RB2), ...accumulate(A0 + 3, RB3),
  ...get(K), ...i32Const(32), I32_ADD, ...set(K),
  ...get(J), ...i32Const(16), I32_ADD, ...tee(J), ...get(ROW_BYTES), I32_LT_U, ...brIf(0),
  END,
  ...[0, 1, 2, 3].flatMap((i) => [...get(OUT), ...horizontalSum(A0 + i), ...f32Store(4 * i)]),  // out[i] = Σ a_i
  ...get(OUT), ...i32Const(16), I32_ADD, ...set(OUT),
  ...get(DATA), ...get(RB4), I32_ADD, ...set(DATA),
  ...get(GROUPS), ...i32Const(1), I32_SUB, ...tee(GROUPS), ...brIf(0),
  END,
  END,
];
const locals = [2, 6, I32, 8, V128]; // 6 × i32 (J, K, P, RB2, RB3, RB4), 8 × v128 (V, QA, QB, MASK, A0..A3)
const code = [...locals, ...body, END];

// prettier-ignore
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                      // "\0asm", version 1
  ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]),              // type 0: (i32 × 5) → ()
  ...section(2, [1, ...str('env'), ...str('memory'), 0x02, 0x00, 1]),  // import env.memory, min 1 page
  ...section(3, [1, 0]),                                               // function 0 has type 0
  ...section(7, [1, ...str('dots'), 0x00, 0]),                         // exported as "dots"
  ...section(10, [1, ...uleb(code.length), ...code]),
]);

let compiled: WasmModule | null | undefined;

/** The compiled kernel, or null where WASM SIMD is unavailable (then search scans exactly in plain JS). */
export function dotKernelModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new wasm.Module(MODULE);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export type DotsFn = (data: number, q: number, out: number, groups: number, rowBytes: number) => void;

export function instantiateDots(memory: WasmMemory): DotsFn | null {
  const module = dotKernelModule();
  if (!module) return null;
  const instance = new wasm.Instance(module, { env: { memory } });
  return instance.exports.dots as DotsFn;
}

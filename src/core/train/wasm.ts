// A tiny WebAssembly binary emitter for the SIMD kernels: the opcodes they use, LEB128, and a module with one
// imported (shared) memory. Hand-assembled so that no compiler toolchain is needed; the spec's numbering
// (https://webassembly.github.io/spec/core/binary/) is cited by the names below.

export type Code = number[];

export const i32 = 0x7f;
export const f32 = 0x7d;
export const f64 = 0x7c;
export const v128 = 0x7b;

export function uleb(n: number): Code {
  const out: Code = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): Code {
  const out: Code = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (op: number): Code => [0xfd, ...uleb(op)];
const f32Bytes = (x: number): Code => Array.from(new Uint8Array(new Float32Array([x]).buffer));

/** Instructions, each a byte sequence; `memarg` alignment is log2 bytes. */
export const op = {
  block: (): Code => [0x02, 0x40],
  loop: (): Code => [0x03, 0x40],
  if: (): Code => [0x04, 0x40],
  else: (): Code => [0x05],
  end: (): Code => [0x0b],
  br: (depth: number): Code => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Code => [0x0d, ...uleb(depth)],
  call: (fn: number): Code => [0x10, ...uleb(fn)],
  get: (local: number): Code => [0x20, ...uleb(local)],
  set: (local: number): Code => [0x21, ...uleb(local)],
  tee: (local: number): Code => [0x22, ...uleb(local)],
  i32Load: (): Code => [0x28, 2, 0],
  f32Load: (offset = 0): Code => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0): Code => [0x38, 2, ...uleb(offset)],
  i32Const: (x: number): Code => [0x41, ...sleb(x)],
  f32Const: (x: number): Code => [0x43, ...f32Bytes(x)],
  f64Const: (x: number): Code => [0x44, ...Array.from(new Uint8Array(new Float64Array([x]).buffer))],
  i32Eqz: (): Code => [0x45],
  i32LtS: (): Code => [0x48],
  i32GeS: (): Code => [0x4e],
  f32Ne: (): Code => [0x5c],
  f32Lt: (): Code => [0x5d],
  f32Ge: (): Code => [0x60],
  i32Add: (): Code => [0x6a],
  i32Mul: (): Code => [0x6c],
  i32Shl: (): Code => [0x74],
  f32Neg: (): Code => [0x8c],
  f32Add: (): Code => [0x92],
  f32Sub: (): Code => [0x93],
  f32Mul: (): Code => [0x94],
  f32Div: (): Code => [0x95],
  f64Add: (): Code => [0xa0],
  f32ConvertI32S: (): Code => [0xb2],
  f64PromoteF32: (): Code => [0xbb],
  /** Saturating: NaN becomes 0 instead of trapping (0xfc 0). */
  i32TruncSatF32S: (): Code => [0xfc, 0x00],
  select: (): Code => [0x1b],
  v128Load: (offset = 0): Code => [...simd(0x00), 4, ...uleb(offset)],
  v128Store: (offset = 0): Code => [...simd(0x0b), 4, ...uleb(offset)],
  v128Zero: (): Code => [...simd(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Splat: (): Code => simd(0x13),
  f32x4ExtractLane: (lane: number): Code => [...simd(0x1f), lane],
  f32x4Add: (): Code => simd(0xe4),
  f32x4Mul: (): Code => simd(0xe6),
};

export interface WasmFunction {
  name: string;
  params: number[];
  results: number[];
  /** Local types after the parameters. */
  locals: number[];
  body: Code;
}

function section(id: number, payload: Code): Code {
  return [id, ...uleb(payload.length), ...payload];
}
const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
const name = (s: string): Code => vec(Array.from(new TextEncoder().encode(s), (b) => [b]));

/** A module importing `env.memory` (shared, exactly `pages` pages) and exporting every function by name. */
export function assemble(pages: number, fns: WasmFunction[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const memory = [...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(pages), ...uleb(pages)];
  const bodies = fns.map((f) => {
    const body = [...vec(f.locals.map((t) => [1, t])), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([memory])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}

// The WebAssembly JS API, typed here: the node typecheck has no DOM lib, and @types/node 20 omits these.
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
export type WasmModule = object & { readonly __wasmModule?: never };
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared: true }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: { env: { memory: WasmMemory } }) => { exports: Record<string, unknown> };
}
export const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

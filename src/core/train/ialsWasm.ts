// The ials kernel (ials.ts) as WebAssembly SIMD (f32x4), on one shared memory that holds the tables, both CSR
// matrices, the Gram matrices and each thread's scratch, and that every worker thread instantiates. The same
// steps in the same order as the TypeScript kernel; each vector operation over a row is unrolled for the run's
// dim (known when the module is built), four accumulators wide, so V8 runs it several times faster.
import type { IalsKernel, IalsShared } from './ials';
import { GRAM_PARTS } from './ials';
import type { Csr } from './sparse';
import { assemble, f32, f64, i32, op, uleb, v128, Wasm, type Code, type WasmMemory, type WasmModule } from './wasm';

/**
 * f32x4 accumulators of G·v kept at once: measured in CPU time per ials epoch at dim 64, 2 took 19.5 ms, 4 and 6
 * 16.5 ms, 8 20.5 ms and 16 more (registers spill).
 */
const BLOCK = 4;
const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, wasm32's limit

/** Byte offsets of a CSR matrix in the memory. */
interface CsrAt {
  indptr: number;
  index: number;
  value: number;
}

/** Byte offsets of everything in the shared memory. */
export interface IalsLayout {
  pages: number;
  dim: number;
  stride: number;
  gram: number;
  parts: number;
  scratch: number;
  scratchFloats: number;
  users: number;
  items: number;
  byUser: CsrAt;
  byItem: CsrAt;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** The layout for these sizes, or null when it does not fit in 4 GiB (the TypeScript kernel takes over). */
export function ialsLayout(dim: number, threads: number, byUser: Csr, byItem: Csr): IalsLayout | null {
  const stride = Math.ceil(dim / 4) * 4;
  let at = 0;
  const take = (bytes: number): number => {
    const start = at;
    at = align16(at + bytes);
    return start;
  };
  const csr = (m: Csr): CsrAt => ({
    indptr: take((m.rows + 1) * 4),
    index: take(m.index.length * 4),
    value: take(m.value.length * 4),
  });
  const gram = take(stride * stride * 4);
  const parts = take(GRAM_PARTS * stride * stride * 4);
  const scratch = take(threads * 3 * stride * 4);
  const users = take(byUser.rows * stride * 4);
  const items = take(byItem.rows * stride * 4);
  const scratchFloats = threads * 3 * stride;
  const layout = {
    dim,
    stride,
    gram,
    parts,
    scratch,
    scratchFloats,
    users,
    items,
    byUser: csr(byUser),
    byItem: csr(byItem),
  };
  const pages = Math.max(1, Math.ceil(at / PAGE));
  return pages > MAX_PAGES ? null : { pages, ...layout };
}

/**
 * The shared state of a run in a new shared memory of `layout`: the CSR matrices copied in, tables zero (the
 * caller initialises them), and the compiled module the threads instantiate.
 */
export function ialsInMemory(
  l: IalsLayout,
  byUser: Csr,
  byItem: Csr,
  settings: Pick<IalsShared, 'alpha' | 'frozenUsers' | 'frozenItems'>,
): { shared: IalsShared; wasm: IalsWasm } {
  const memory = new Wasm.Memory({ initial: l.pages, maximum: l.pages, shared: true });
  const f32s = (at: number, n: number): Float32Array => new Float32Array(memory.buffer, at, n);
  const csr = (m: Csr, at: CsrAt): Csr => {
    const out = {
      rows: m.rows,
      indptr: new Int32Array(memory.buffer, at.indptr, m.rows + 1),
      index: new Int32Array(memory.buffer, at.index, m.index.length),
      value: f32s(at.value, m.value.length),
    };
    out.indptr.set(m.indptr);
    out.index.set(m.index);
    out.value.set(m.value);
    return out;
  };
  const shared: IalsShared = {
    dim: l.dim,
    stride: l.stride,
    users: { table: f32s(l.users, byUser.rows * l.stride), m: csr(byUser, l.byUser) },
    items: { table: f32s(l.items, byItem.rows * l.stride), m: csr(byItem, l.byItem) },
    gram: f32s(l.gram, l.stride * l.stride),
    parts: f32s(l.parts, GRAM_PARTS * l.stride * l.stride),
    scratch: f32s(l.scratch, l.scratchFloats),
    ...settings,
  };
  return { shared, wasm: { memory, module: ialsModule(l), layout: l } };
}

/** What a thread needs to run the WebAssembly kernel: the memory, the compiled module and the layout. */
export interface IalsWasm {
  memory: WasmMemory;
  module: WasmModule;
  layout: IalsLayout;
}

/** The WebAssembly kernel for thread `thread` (its scratch), on its own instance of the module. */
export function wasmKernel(w: IalsWasm, s: IalsShared, thread: number): IalsKernel {
  const { exports } = new Wasm.Instance(w.module, { env: { memory: w.memory } });
  const gram = exports.gram as (table: number, start: number, end: number, out: number) => void;
  const solve = exports.solve as (...args: number[]) => number;
  const l = w.layout;
  const S = l.stride * 4;
  const work = l.scratch + thread * 3 * S;
  const table = (side: 'users' | 'items'): number => (side === 'users' ? l.users : l.items);
  return {
    gram: (side, start, end, part) => gram(table(side), start, end, l.parts + part * l.stride * S),
    solve: (side, start, end, steps, withLoss) => {
      const m = side === 'users' ? l.byUser : l.byItem;
      const other = table(side === 'users' ? 'items' : 'users');
      const args = [m.indptr, m.index, m.value, start, end, steps, s.alpha, l.gram, work, withLoss ? 1 : 0];
      return solve(table(side), other, ...args);
    },
  };
}

// Opcodes the shared emitter (wasm.ts) does not have; numbers from the spec's binary format.
const i32LoadAt = (offset: number): Code => [0x28, 2, ...uleb(offset)];
const f32Gt = (): Code => [0x5e];
const f64Sub = (): Code => [0xa1];
const i32Eq = (): Code => [0x46];
const f32x4Sub = (): Code => [0xfd, ...uleb(0xe5)];

/** `for (counter = from; counter < to; counter++) body`, `from` and `to` as code that pushes an i32. */
function forRange(counter: number, from: Code, to: Code, body: Code): Code {
  return [
    ...[...from, ...op.set(counter), ...op.block(), ...op.loop()],
    ...[...op.get(counter), ...to, ...op.i32GeS(), ...op.brIf(1)],
    ...body,
    ...[
      ...op.get(counter),
      ...op.i32Const(1),
      ...op.i32Add(),
      ...op.set(counter),
      ...op.br(0),
      ...op.end(),
      ...op.end(),
    ],
  ];
}

/** Code generators for one row length (`vectors` f32x4 per row), unrolled with memarg offsets. */
function rowOps(vectors: number, acc: readonly number[], sv: number) {
  const each = (f: (offset: number, j: number) => Code): Code =>
    [...Array(vectors).keys()].flatMap((j) => f(16 * j, j));
  return {
    /** Pushes Σ a[k]·b[k] (f32) for row addresses in locals a and b. */
    dot: (a: number, b: number): Code => [
      ...acc.flatMap((x) => [...op.v128Zero(), ...op.set(x)]),
      ...each((o, j) => {
        const x = acc[j % acc.length]!;
        return [
          ...op.get(x),
          ...op.get(a),
          ...op.v128Load(o),
          ...op.get(b),
          ...op.v128Load(o),
          ...op.f32x4Mul(),
        ].concat(op.f32x4Add(), op.set(x));
      }),
      ...[...op.get(acc[0]!), ...op.get(acc[1]!), ...op.f32x4Add(), ...op.get(acc[2]!), ...op.get(acc[3]!)],
      ...[...op.f32x4Add(), ...op.f32x4Add(), ...op.set(acc[0]!)],
      ...[0, 1, 2, 3].flatMap((lane) => [
        ...op.get(acc[0]!),
        ...op.f32x4ExtractLane(lane),
        ...(lane ? op.f32Add() : []),
      ]),
    ],
    /** dst ← dst + s·src (s: the f32 on the stack; `sub`: dst − s·src). */
    axpy: (dst: number, src: number, sub = false): Code => [
      ...[...op.f32x4Splat(), ...op.set(sv)],
      ...each((o) => [
        ...[...op.get(dst), ...op.get(dst), ...op.v128Load(o), ...op.get(sv), ...op.get(src), ...op.v128Load(o)],
        ...[...op.f32x4Mul(), ...(sub ? f32x4Sub() : op.f32x4Add()), ...op.v128Store(o)],
      ]),
    ],
    /** dst ← src + s·dst (s: the f32 on the stack): CG's new direction. */
    xpby: (dst: number, src: number): Code => [
      ...[...op.f32x4Splat(), ...op.set(sv)],
      ...each((o) => [
        ...[...op.get(dst), ...op.get(src), ...op.v128Load(o), ...op.get(sv), ...op.get(dst), ...op.v128Load(o)],
        ...[...op.f32x4Mul(), ...op.f32x4Add(), ...op.v128Store(o)],
      ]),
    ],
    copy: (dst: number, src: number): Code =>
      each((o) => [...op.get(dst), ...op.get(src), ...op.v128Load(o), ...op.v128Store(o)]),
    zero: (dst: number): Code => each((o) => [...op.get(dst), ...op.v128Zero(), ...op.v128Store(o)]),
  };
}

/** gram(table, start, end, out): out = Σ x xᵀ over rows [start, end) (stride × stride). */
function gramFunction(l: IalsLayout): Code {
  const S = l.stride * 4;
  const [table, start, end, out, row, x, a, ga, k, xa, sv] = [...Array(11).keys()] as number[];
  const ops = rowOps(l.stride / 4, [], sv!);
  return [
    ...forRange(k!, op.i32Const(0), op.i32Const((l.stride * S) / 16), [
      ...[...op.get(out!), ...op.get(k!), ...op.i32Const(4), ...op.i32Shl(), ...op.i32Add()],
      ...[...op.v128Zero(), ...op.v128Store()],
    ]),
    ...forRange(row!, op.get(start!), op.get(end!), [
      ...[...op.get(row!), ...op.i32Const(S), ...op.i32Mul(), ...op.get(table!), ...op.i32Add(), ...op.set(x!)],
      ...forRange(a!, op.i32Const(0), op.i32Const(l.dim), [
        ...[...op.get(x!), ...op.get(a!), ...op.i32Const(2), ...op.i32Shl(), ...op.i32Add(), ...op.f32Load()],
        ...[...op.set(xa!), ...op.get(xa!), ...op.f32Const(0), ...op.f32Ne(), ...op.if()],
        ...[...op.get(a!), ...op.i32Const(S), ...op.i32Mul(), ...op.get(out!), ...op.i32Add(), ...op.set(ga!)],
        ...[...op.get(xa!), ...ops.axpy(ga!, x!)],
        ...op.end(),
      ]),
    ]),
  ];
}

/**
 * solve(own, other, indptr, index, value, start, end, steps, alpha, gram, work, withLoss) → the rows' part of the
 * objective (0 unless withLoss): solveRowCg of ials.ts for rows [start, end), addresses in bytes.
 */
function solveFunction(l: IalsLayout): Code {
  const S = l.stride * 4;
  const names = [
    'own',
    'other',
    'indptr',
    'index',
    'value',
    'start',
    'end',
    'steps',
    'alpha',
    'gram',
    'work',
    'withLoss',
  ];
  const more = ['row', 'from', 'to', 'x', 'e', 'y', 'step', 'a', 'ga', 'oa', 'r', 'p', 'ap'];
  const floats = ['c1', 'rs', 'rsn', 'pap'];
  const blocks = [...Array(BLOCK).keys()].map((j) => `block${j}`);
  const all = [...names, ...more, ...floats, 'loss', 'acc0', 'acc1', 'acc2', 'acc3', 'sv', 'sv2', ...blocks];
  const v = Object.fromEntries(all.map((n, i) => [n, i])) as Record<string, number>;
  const ops = rowOps(l.stride / 4, [v.acc0!, v.acc1!, v.acc2!, v.acc3!], v.sv!);
  const blockAcc = blocks.map((n) => v[n]!);
  const g = (n: string): Code => op.get(v[n]!);
  const s = (n: string): Code => op.set(v[n]!);
  /**
   * out = ±G·vec, as Σ_b G[b]·vec[b] (G is symmetric, so its row b is its column b): for each block of up to
   * BLOCK vectors of out, one pass over b keeps the block in accumulators, so G is read once and nothing is
   * summed across lanes.
   */
  const gramTimes = (out: string, vec: string, negate: boolean): Code => {
    const code: Code = [];
    const pairs = Math.floor(l.dim / 2);
    for (let first = 0; first < l.stride / 4; first += BLOCK) {
      const accs = blockAcc.slice(0, Math.min(BLOCK, l.stride / 4 - first));
      /** acc_j += G[b + k]·vec[b + k] for the rows k of G at `ga` + k·S, vec[b + k] splat in `sv`, `sv2`. */
      const terms = (rows: number): Code => [
        ...[...g('oa'), ...op.f32Load(), ...op.f32x4Splat(), ...s('sv')],
        ...(rows > 1 ? [...g('oa'), ...op.f32Load(4), ...op.f32x4Splat(), ...s('sv2')] : []),
        ...accs.flatMap((x, j) => [
          ...[...op.get(x), ...g('ga'), ...op.v128Load(16 * (first + j)), ...g('sv'), ...op.f32x4Mul()],
          ...(rows > 1 ? [...g('ga'), ...op.v128Load(S + 16 * (first + j)), ...g('sv2'), ...op.f32x4Mul()] : []),
          ...(rows > 1 ? op.f32x4Add() : []),
          ...[...op.f32x4Add(), ...op.set(x)],
        ]),
      ];
      code.push(...accs.flatMap((x) => [...op.v128Zero(), ...op.set(x)]));
      code.push(...[...g('gram'), ...s('ga'), ...g(vec), ...s('oa')]);
      // Two rows of G per pass (half the loop's own work), then the odd one.
      code.push(
        ...forRange(v.a!, op.i32Const(0), op.i32Const(pairs), [
          ...terms(2),
          ...[...g('ga'), ...op.i32Const(2 * S), ...op.i32Add(), ...s('ga')],
          ...[...g('oa'), ...op.i32Const(8), ...op.i32Add(), ...s('oa')],
        ]),
      );
      if (l.dim % 2) code.push(...terms(1));
      code.push(
        ...accs.flatMap((x, j) => [
          ...[...g(out), ...(negate ? [...op.v128Zero(), ...op.get(x), ...f32x4Sub()] : op.get(x))],
          ...op.v128Store(16 * (first + j)),
        ]),
      );
    }
    return code;
  };
  /** For each interaction e of the row: y = its row of the other side, c1 = α·w; then `body`. */
  const eachInteraction = (body: Code): Code =>
    forRange(v.e!, g('from'), g('to'), [
      ...[...g('index'), ...g('e'), ...op.i32Const(2), ...op.i32Shl(), ...op.i32Add(), ...op.i32Load()],
      ...[...op.i32Const(S), ...op.i32Mul(), ...g('other'), ...op.i32Add(), ...s('y')],
      ...[...g('value'), ...g('e'), ...op.i32Const(2), ...op.i32Shl(), ...op.i32Add(), ...op.f32Load()],
      ...[...g('alpha'), ...op.f32Mul(), ...s('c1')],
      ...body,
    ]);
  const row: Code = [
    ...[...g('indptr'), ...g('row'), ...op.i32Const(2), ...op.i32Shl(), ...op.i32Add(), ...op.tee(v.y!)],
    ...[...op.i32Load(), ...s('from'), ...g('y'), ...i32LoadAt(4), ...s('to')],
    ...[...g('row'), ...op.i32Const(S), ...op.i32Mul(), ...g('own'), ...op.i32Add(), ...s('x')],
    ...op.block(),
    // No interaction: the solution is 0.
    ...[...g('from'), ...g('to'), ...i32Eq(), ...op.if(), ...ops.zero(v.x!), ...op.br(1), ...op.end()],
    // r = −G x + Σ (1 + c1 − c1·y·x) y
    ...gramTimes('r', 'x', true),
    ...eachInteraction([
      ...[...op.f32Const(1), ...g('c1'), ...op.f32Add(), ...g('c1'), ...ops.dot(v.y!, v.x!), ...op.f32Mul()],
      ...[...op.f32Sub(), ...ops.axpy(v.r!, v.y!)],
    ]),
    ...ops.copy(v.p!, v.r!),
    ...[...ops.dot(v.r!, v.r!), ...s('rs'), ...op.i32Const(0), ...s('step')],
    ...op.block(),
    ...op.loop(),
    ...[...g('step'), ...g('steps'), ...op.i32GeS(), ...op.brIf(1)],
    ...[...g('rs'), ...op.f32Const(1e-20), ...f32Gt(), ...op.i32Eqz(), ...op.brIf(1)],
    // Ap = G p + Σ c1 (y·p) y
    ...gramTimes('ap', 'p', false),
    ...eachInteraction([...g('c1'), ...ops.dot(v.y!, v.p!), ...op.f32Mul(), ...ops.axpy(v.ap!, v.y!)]),
    ...[...ops.dot(v.p!, v.ap!), ...s('pap')],
    // x += (rs / pAp) p; r −= (rs / pAp) Ap
    ...[...g('rs'), ...g('pap'), ...op.f32Div(), ...ops.axpy(v.x!, v.p!)],
    ...[...g('rs'), ...g('pap'), ...op.f32Div(), ...ops.axpy(v.r!, v.ap!, true)],
    ...[...ops.dot(v.r!, v.r!), ...s('rsn')],
    // p = r + (rsn / rs) p
    ...[...g('rsn'), ...g('rs'), ...op.f32Div(), ...ops.xpby(v.p!, v.r!), ...g('rsn'), ...s('rs')],
    ...[...g('step'), ...op.i32Const(1), ...op.i32Add(), ...s('step'), ...op.br(0)],
    ...op.end(),
    ...op.end(),
    // loss += Σ (1 + c1)(1 − y·x) − x·r, when asked for
    ...[...g('withLoss'), ...op.i32Eqz(), ...op.brIf(0)],
    ...eachInteraction([
      ...[...g('loss'), ...op.f32Const(1), ...g('c1'), ...op.f32Add()],
      ...[...op.f32Const(1), ...ops.dot(v.y!, v.x!), ...op.f32Sub(), ...op.f32Mul(), ...op.f64PromoteF32()],
      ...[...op.f64Add(), ...s('loss')],
    ]),
    ...[...g('loss'), ...ops.dot(v.x!, v.r!), ...op.f64PromoteF32(), ...f64Sub(), ...s('loss')],
    ...op.end(),
  ];
  return [
    ...[...g('work'), ...s('r'), ...g('work'), ...op.i32Const(S), ...op.i32Add(), ...s('p')],
    ...[...g('work'), ...op.i32Const(2 * S), ...op.i32Add(), ...s('ap')],
    ...forRange(v.row!, g('start'), g('end'), row),
    ...g('loss'),
  ];
}

/** The compiled module for a layout; it is sent to worker threads with the memory. */
export function ialsModule(l: IalsLayout): WasmModule {
  const bytes = assemble(l.pages, [
    {
      name: 'gram',
      params: [i32, i32, i32, i32],
      results: [],
      locals: [i32, i32, i32, i32, i32, f32, v128],
      body: gramFunction(l),
    },
    {
      name: 'solve',
      params: [i32, i32, i32, i32, i32, i32, i32, i32, f32, i32, i32, i32],
      results: [f64],
      locals: [...Array<number>(13).fill(i32), f32, f32, f32, f32, f64, ...Array<number>(6 + BLOCK).fill(v128)],
      body: solveFunction(l),
    },
  ]);
  return new Wasm.Module(bytes);
}

// The word2vec steps of sgnsKernel.ts as WebAssembly SIMD (f32x4), on tables in one shared memory that every
// Hogwild thread instantiates. Same arithmetic as word2vec.c (float32 throughout); V8 runs it several times
// faster than the scalar JavaScript loops. Rows are padded to a multiple of 4 floats (the padding stays 0).
import { MAX_EXP, SIGMOID_TABLE, NEG_LOG_SIGMOID_TABLE, TABLE_SCALE } from './word2vecKernel';
import { assemble, f32, f64, i32, op, v128, Wasm, type Code, type WasmMemory, type WasmModule } from './wasm';

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, wasm32's limit

/** Byte offsets of everything in the shared memory. */
export interface Word2VecLayout {
  pages: number;
  dim: number;
  /** Floats per row (dim rounded up to 4). */
  stride: number;
  rows: number;
  sigmoid: number;
  negLogSigmoid: number;
  /** The largest window and number of negatives a step gets (they size the scratch). */
  window: number;
  negative: number;
  /** Per-thread scratch (`scratchOf`) starts at scratch + t·scratchBytes. */
  scratch: number;
  scratchBytes: number;
  input: number;
  context: number;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** The layout, or null when the tables do not fit in 4 GiB (the scalar kernel takes over then). */
export function word2VecLayout(
  rows: number,
  dim: number,
  threads: number,
  negative: number,
  window: number,
): Word2VecLayout | null {
  const stride = Math.ceil(dim / 4) * 4;
  const tableBytes = (SIGMOID_TABLE.length + 4) * 4;
  const sigmoid = 0;
  const negLogSigmoid = align16(tableBytes);
  const scratch = negLogSigmoid + align16(tableBytes);
  const contexts = 2 * window;
  const scratchBytes = align16(
    stride * 4 * (1 + contexts) + contexts * (negative + 1) * 4 + (negative + 1) * 4 + contexts * 4,
  );
  const input = align16(scratch + threads * scratchBytes);
  const context = input + rows * stride * 4;
  const total = context + rows * stride * 4;
  const pages = Math.ceil(total / PAGE);
  if (pages > MAX_PAGES) return null;
  return { pages, dim, stride, rows, window, negative, sigmoid, negLogSigmoid, scratch, scratchBytes, input, context };
}

/** Byte addresses of one thread's scratch: CBOW's hidden row, the error rows, a step's gradients, targets, rows. */
export function scratchOf(
  l: Word2VecLayout,
  thread: number,
): { hidden: number; error: number; gradient: number; targets: number; rows: number } {
  const hidden = l.scratch + thread * l.scratchBytes;
  const error = hidden + l.stride * 4;
  const gradient = error + 2 * l.window * l.stride * 4;
  const targets = gradient + 2 * l.window * (l.negative + 1) * 4;
  return { hidden, error, gradient, targets, rows: targets + (l.negative + 1) * 4 };
}

/** A shared memory with the sigmoid tables written in; the caller fills the tables. */
export function word2VecMemory(layout: Word2VecLayout): WasmMemory {
  const memory = new Wasm.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  new Float32Array(memory.buffer, layout.sigmoid, SIGMOID_TABLE.length).set(SIGMOID_TABLE);
  new Float32Array(memory.buffer, layout.negLogSigmoid, NEG_LOG_SIGMOID_TABLE.length).set(NEG_LOG_SIGMOID_TABLE);
  return memory;
}

/**
 * `for (k = 0; k < bytes; k += 16) body` over local `k`, unrolled twice: `body(offset, half)` is emitted for
 * offsets 0 and 16 (memarg offsets, so one address per pair of vectors) and once more for an odd tail.
 */
function rowLoop(k: number, bytes: number, body: (offset: number, half: number) => Code): Code {
  const pairs = Math.floor(bytes / 32);
  const code: Code = [...op.i32Const(0), ...op.set(k)];
  if (pairs > 0) {
    code.push(...op.loop(), ...body(0, 0), ...body(16, 1));
    code.push(...op.get(k), ...op.i32Const(32), ...op.i32Add(), ...op.tee(k));
    code.push(...op.i32Const(pairs * 32), ...op.i32LtS(), ...op.brIf(0), ...op.end());
  }
  if (bytes % 32) code.push(...body(0, 0));
  return code;
}
const at = (base: number, k: number): Code => [...op.get(base), ...op.get(k), ...op.i32Add()];

/**
 * g = label − σ(f) and loss += the pair's binary cross-entropy, with label 1 when local `d` (the target's
 * place) is 0. Outside (−MAX_EXP, MAX_EXP) σ is 0 or 1 (word2vec.c) and the loss ≈ |f| when the label
 * disagrees. Locals: f, g (f32), loss (f64), d, idx (i32 scratch).
 */
function logisticCode(l: Word2VecLayout, f: number, g: number, loss: number, d: number, idx: number): Code {
  const label = [...op.get(d), ...op.i32Eqz(), ...op.f32ConvertI32S()];
  return [
    ...[...op.get(f), ...op.f32Const(MAX_EXP), ...op.f32Ge(), ...op.if()],
    ...[...label, ...op.f32Const(1), ...op.f32Sub(), ...op.set(g)],
    ...[...op.get(loss), ...op.get(f), ...op.f32Const(0), ...op.get(d), ...op.select()],
    ...[...op.f64PromoteF32(), ...op.f64Add(), ...op.set(loss)],
    ...op.else(),
    ...[...op.get(f), ...op.f32Const(-MAX_EXP), ...op.f32Lt(), ...op.if()],
    ...[...label, ...op.set(g)],
    ...[...op.get(loss), ...op.f32Const(0), ...op.get(f), ...op.f32Neg(), ...op.get(d), ...op.select()],
    ...[...op.f64PromoteF32(), ...op.f64Add(), ...op.set(loss)],
    ...op.else(),
    ...[...op.get(f), ...op.f32Const(MAX_EXP), ...op.f32Add(), ...op.f32Const(TABLE_SCALE), ...op.f32Mul()],
    ...[...op.i32TruncSatF32S(), ...op.i32Const(2), ...op.i32Shl(), ...op.set(idx)],
    ...[...label, ...op.get(idx), ...op.f32Load(l.sigmoid), ...op.f32Sub(), ...op.set(g)],
    // −log σ(f) for label 1, −log σ(f) + f for label 0
    ...[...op.get(loss), ...op.get(idx), ...op.f32Load(l.negLogSigmoid)],
    ...[...op.get(f), ...op.f32Const(0), ...op.get(d), ...op.select(), ...op.f32Add()],
    ...[...op.f64PromoteF32(), ...op.f64Add(), ...op.set(loss)],
    ...op.end(),
    ...op.end(),
  ];
}

/** f = row a · row c (addresses in locals), over two accumulators so that consecutive adds do not wait. */
function dotCode(S: number, a: number, c: number, k: number, acc: number, acc2: number, f: number): Code {
  return [
    ...[...op.v128Zero(), ...op.set(acc), ...op.v128Zero(), ...op.set(acc2)],
    ...rowLoop(k, S, (o, half) => [
      ...op.get(half ? acc2 : acc),
      ...[...at(a, k), ...op.v128Load(o), ...at(c, k), ...op.v128Load(o), ...op.f32x4Mul()],
      ...op.f32x4Add(),
      ...op.set(half ? acc2 : acc),
    ]),
    ...[...op.get(acc), ...op.get(acc2), ...op.f32x4Add(), ...op.set(acc)],
    ...[0, 1, 2, 3].flatMap((lane) => [...op.get(acc), ...op.f32x4ExtractLane(lane), ...(lane ? op.f32Add() : [])]),
    ...op.set(f),
  ];
}

/** The address of row `ids[i]` of a table: base + ids[i]·S (ids and i in locals). */
const rowAt = (base: number, S: number, ids: number, i: number): Code => [
  ...[...op.get(ids), ...op.get(i), ...op.i32Const(2), ...op.i32Shl(), ...op.i32Add(), ...op.i32Load()],
  ...[...op.i32Const(S), ...op.i32Mul(), ...op.i32Const(base), ...op.i32Add()],
];

/** `i = 0; do { body } while (++i < n)`: n ≥ 1 in every caller. */
const repeat = (i: number, n: number, body: Code): Code => [
  ...[...op.i32Const(0), ...op.set(i), ...op.loop()],
  ...body,
  ...[...op.get(i), ...op.i32Const(1), ...op.i32Add(), ...op.tee(i), ...op.get(n), ...op.i32LtS(), ...op.brIf(0)],
  ...op.end(),
];

/**
 * ns(h, targets, count, alpha, err) → loss: negativeSamplingUpdate of sgnsKernel.ts.
 * Locals: 0 h, 1 targets, 2 count, 3 alpha, 4 err | 5 d, 6 c, 7 k, 8 acc, 9 f, 10 g, 11 idx, 12 loss, 13 gv,
 * 14 cv, 15 acc2.
 */
function nsFunction(l: Word2VecLayout, frozenContext: boolean): Code {
  const S = l.stride * 4;
  const [h, tgt, count, alpha, err, d, c, k, acc, f, g, idx, loss, gv, cv, acc2] = [...Array(16).keys()] as number[];
  return [
    ...rowLoop(k!, S, (o) => [...at(err!, k!), ...op.v128Zero(), ...op.v128Store(o)]),
    ...op.block(),
    ...op.loop(),
    ...[...op.get(d!), ...op.get(count!), ...op.i32GeS(), ...op.brIf(1)],
    ...rowAt(l.context, S, tgt!, d!),
    ...op.set(c!),
    ...dotCode(S, h!, c!, k!, acc!, acc2!, f!),
    ...logisticCode(l, f!, g!, loss!, d!, idx!),
    ...[...op.get(g!), ...op.get(alpha!), ...op.f32Mul(), ...op.tee(g!)],
    ...[...op.f32Const(0), ...op.f32Ne(), ...op.if()],
    ...[...op.get(g!), ...op.f32x4Splat(), ...op.set(gv!)],
    ...rowLoop(k!, S, (o) => [
      ...[...at(c!, k!), ...op.v128Load(o), ...op.set(cv!)],
      ...[...at(err!, k!), ...at(err!, k!), ...op.v128Load(o), ...op.get(gv!), ...op.get(cv!), ...op.f32x4Mul()],
      ...[...op.f32x4Add(), ...op.v128Store(o)],
      // A frozen context table only passes the error back; its rows are never stored.
      ...(frozenContext
        ? []
        : [
            ...[...at(c!, k!), ...op.get(cv!), ...op.get(gv!), ...at(h!, k!), ...op.v128Load(o), ...op.f32x4Mul()],
            ...[...op.f32x4Add(), ...op.v128Store(o)],
          ]),
    ]),
    ...op.end(),
    ...[...op.get(d!), ...op.i32Const(1), ...op.i32Add(), ...op.set(d!), ...op.br(0)],
    ...op.end(),
    ...op.end(),
    ...op.get(loss!),
  ];
}

/**
 * sgw(rows, n, targets, count, alpha, err, grad) → loss: skipGramWindowStep of word2vecKernel.ts. The n × count
 * logits first (gradients into grad, n × count f32), then each input row's error from the context rows as they
 * were (err, n rows), then the context rows, then the input rows. Locals: 0 rows, 1 n, 2 targets, 3 count,
 * 4 alpha, 5 err, 6 grad | 7 j, 8 d, 9 k, 10 a, 11 c, 12 e, 13 gp, 14 idx, 15 f, 16 g, 17 loss, 18 acc,
 * 19 acc2, 20 gv.
 */
function sgwFunction(l: Word2VecLayout, frozen: { input: boolean; context: boolean }): Code {
  const S = l.stride * 4;
  const [rows, n, tgt, count, alpha, err, grad, j, d, k, a, c, e, gp, idx, f, g, loss, acc, acc2, gv] = [
    ...Array(21).keys(),
  ] as number[];
  /** gp = grad + (j·count + d)·4 */
  const gradAt = [
    ...[...op.get(j!), ...op.get(count!), ...op.i32Mul(), ...op.get(d!), ...op.i32Add()],
    ...[...op.i32Const(2), ...op.i32Shl(), ...op.get(grad!), ...op.i32Add(), ...op.set(gp!)],
  ];
  /** g = grad[j][d]; the body runs when it is not 0 (clipped pairs that agree with their label). */
  const withGradient = (body: Code): Code => [
    ...gradAt,
    ...[...op.get(gp!), ...op.f32Load(), ...op.tee(g!), ...op.f32Const(0), ...op.f32Ne(), ...op.if()],
    ...[...op.get(g!), ...op.f32x4Splat(), ...op.set(gv!)],
    ...body,
    ...op.end(),
  ];
  /** dst += gv · src, row by row. */
  const axpy = (dst: number, src: number): Code =>
    rowLoop(k!, S, (o) => [
      ...[...at(dst, k!), ...at(dst, k!), ...op.v128Load(o), ...op.get(gv!), ...at(src, k!), ...op.v128Load(o)],
      ...[...op.f32x4Mul(), ...op.f32x4Add(), ...op.v128Store(o)],
    ]);
  const errRow = [...op.get(err!), ...op.get(j!), ...op.i32Const(S), ...op.i32Mul(), ...op.i32Add(), ...op.set(e!)];
  return [
    ...repeat(j!, n!, [
      ...rowAt(l.input, S, rows!, j!),
      ...op.set(a!),
      ...repeat(d!, count!, [
        ...rowAt(l.context, S, tgt!, d!),
        ...op.set(c!),
        ...dotCode(S, a!, c!, k!, acc!, acc2!, f!),
        ...logisticCode(l, f!, g!, loss!, d!, idx!),
        ...gradAt,
        ...[...op.get(gp!), ...op.get(g!), ...op.get(alpha!), ...op.f32Mul(), ...op.f32Store()],
      ]),
    ]),
    // A frozen input table takes no error; a frozen context table is never stored to.
    ...(frozen.input
      ? []
      : repeat(j!, n!, [
          ...errRow,
          ...rowLoop(k!, S, (o) => [...at(e!, k!), ...op.v128Zero(), ...op.v128Store(o)]),
          ...repeat(d!, count!, withGradient([...rowAt(l.context, S, tgt!, d!), ...op.set(c!), ...axpy(e!, c!)])),
        ])),
    ...(frozen.context
      ? []
      : repeat(d!, count!, [
          ...rowAt(l.context, S, tgt!, d!),
          ...op.set(c!),
          ...repeat(j!, n!, withGradient([...rowAt(l.input, S, rows!, j!), ...op.set(a!), ...axpy(c!, a!)])),
        ])),
    ...(frozen.input
      ? []
      : repeat(j!, n!, [
          ...errRow,
          ...rowAt(l.input, S, rows!, j!),
          ...op.set(a!),
          ...rowLoop(k!, S, (o) => [
            ...[...at(a!, k!), ...at(a!, k!), ...op.v128Load(o), ...at(e!, k!), ...op.v128Load(o)],
            ...[...op.f32x4Add(), ...op.v128Store(o)],
          ]),
        ])),
    ...op.get(loss!),
  ];
}

/**
 * cbow(rows, n, targets, count, alpha, hidden, err) → loss: cbowStep (mean of the context rows; each context
 * row then gets the whole error). Locals: 0 rows … 6 err | 7 j, 8 r, 9 k, 10 inv, 11 loss.
 */
function cbowFunction(l: Word2VecLayout, frozenInput: boolean): Code {
  const S = l.stride * 4;
  const [rows, n, tgt, count, alpha, hid, err, j, r, k, inv, loss] = [...Array(12).keys()] as number[];
  const forRows = (body: Code): Code => [
    ...[...op.i32Const(0), ...op.set(j!), ...op.loop()],
    ...[...op.get(rows!), ...op.get(j!), ...op.i32Const(2), ...op.i32Shl(), ...op.i32Add(), ...op.i32Load()],
    ...[...op.i32Const(S), ...op.i32Mul(), ...op.i32Const(l.input), ...op.i32Add(), ...op.set(r!)],
    ...body,
    ...[...op.get(j!), ...op.i32Const(1), ...op.i32Add(), ...op.tee(j!), ...op.get(n!), ...op.i32LtS(), ...op.brIf(0)],
    ...op.end(),
  ];
  return [
    ...rowLoop(k!, S, (o) => [...at(hid!, k!), ...op.v128Zero(), ...op.v128Store(o)]),
    ...forRows(
      rowLoop(k!, S, (o) => [
        ...[...at(hid!, k!), ...at(hid!, k!), ...op.v128Load(o), ...at(r!, k!), ...op.v128Load(o)],
        ...[...op.f32x4Add(), ...op.v128Store(o)],
      ]),
    ),
    ...[...op.f32Const(1), ...op.get(n!), ...op.f32ConvertI32S(), ...op.f32Div(), ...op.f32x4Splat(), ...op.set(inv!)],
    ...rowLoop(k!, S, (o) => [
      ...[...at(hid!, k!), ...at(hid!, k!), ...op.v128Load(o), ...op.get(inv!), ...op.f32x4Mul(), ...op.v128Store(o)],
    ]),
    ...[...op.get(hid!), ...op.get(tgt!), ...op.get(count!), ...op.get(alpha!), ...op.get(err!), ...op.call(0)],
    ...op.set(loss!),
    ...(frozenInput
      ? []
      : forRows(
          rowLoop(k!, S, (o) => [
            ...[...at(r!, k!), ...at(r!, k!), ...op.v128Load(o), ...at(err!, k!), ...op.v128Load(o)],
            ...[...op.f32x4Add(), ...op.v128Store(o)],
          ]),
        )),
    ...op.get(loss!),
  ];
}

/**
 * The compiled module for a layout; it can be sent to worker threads with the memory. Frozen tables
 * (pre-trained, `trainable: false`) are compiled in: their stores are left out of the code.
 */
export function word2VecModule(l: Word2VecLayout, frozen: { input?: boolean; context?: boolean } = {}): WasmModule {
  const bytes = assemble(l.pages, [
    {
      name: 'ns',
      params: [i32, i32, i32, f32, i32],
      results: [f64],
      locals: [i32, i32, i32, v128, f32, f32, i32, f64, v128, v128, v128],
      body: nsFunction(l, frozen.context === true),
    },
    {
      name: 'sgw',
      params: [i32, i32, i32, i32, f32, i32, i32],
      results: [f64],
      locals: [i32, i32, i32, i32, i32, i32, i32, i32, f32, f32, f64, v128, v128, v128],
      body: sgwFunction(l, { input: frozen.input === true, context: frozen.context === true }),
    },
    {
      name: 'cbow',
      params: [i32, i32, i32, i32, f32, i32, i32],
      results: [f64],
      locals: [i32, i32, i32, v128, f64],
      body: cbowFunction(l, frozen.input === true),
    },
  ]);
  return new Wasm.Module(bytes);
}

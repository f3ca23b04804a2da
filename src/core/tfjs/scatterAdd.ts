/**
 * A scatter-add `UnsortedSegmentSum` for the `cpu` and `wasm` backends of TensorFlow.js: the gradient of
 * `gather` (and so of every `Embedding` layer) in O(rows × dim).
 *
 * The stock `cpu` kernel loops over every segment, building a mask over all rows for each one: O(segments ×
 * rows × dim), 25.7 s per batch of 512 at a vocabulary of 10,000. `wasm` has no such kernel at all, so training
 * any embedding fails there. This one adds each row of `x` into the output row its segment id names; ids
 * outside [0, numSegments) are dropped, as TensorFlow does.
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type { DataType, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

type Tf = typeof TfCore;
type Values = Float32Array | Int32Array;
export type KernelChoice = 'fast' | 'stock';
export const KERNEL_NAME = 'UnsortedSegmentSum';

/** The part of the cpu backend (MathBackendCPU) the kernel uses. */
interface CpuBackend {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: DataType, values: Values): TensorInfo;
}

/** The part of the wasm backend (BackendWasm) the kernel uses. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): unknown;
}

interface Shapes {
  outShape: number[];
  rows: number;
  inner: number;
  numSegments: number;
}

function shapesOf(x: TensorInfo, segmentIds: TensorInfo, numSegments: number): Shapes {
  const idRank = segmentIds.shape.length;
  for (let d = 0; d < idRank; d++)
    if (x.shape[d] !== segmentIds.shape[d])
      throw new Error(
        `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape.join(', ')}] is not a prefix of x shape [${x.shape.join(', ')}]`,
      );
  const tail = x.shape.slice(idRank);
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = tail.reduce((a, b) => a * b, 1);
  return { outShape: [numSegments, ...tail], rows, inner, numSegments };
}

/** out[ids[r], :] += x[r, :] for every row r whose id is in range. `out` must start zeroed. */
export function scatterAddInto(out: Values, x: ArrayLike<number>, ids: ArrayLike<number>, s: Shapes): void {
  const { rows, inner, numSegments } = s;
  for (let r = 0; r < rows; r++) {
    const seg = ids[r]!;
    if (seg < 0 || seg >= numSegments) continue;
    const o = seg * inner;
    const from = r * inner;
    for (let k = 0; k < inner; k++) out[o + k]! += x[from + k]!;
  }
}

function asValues(v: unknown, what: string): ArrayLike<number> {
  if (v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) return v;
  throw new Error(`UnsortedSegmentSum: ${what} is not numeric`);
}

function outDtype(x: TensorInfo): DataType {
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    throw new Error(`UnsortedSegmentSum: x must be float32 or int32 (got ${x.dtype})`);
  return x.dtype;
}

interface Args {
  inputs: { x: TensorInfo; segmentIds: TensorInfo };
  numSegments: number;
}
function argsOf(params: Parameters<KernelFunc>[0]): Args {
  const x = params.inputs.x;
  const segmentIds = params.inputs.segmentIds;
  const numSegments = params.attrs?.numSegments;
  if (!x || !segmentIds || typeof numSegments !== 'number')
    throw new Error('UnsortedSegmentSum: needs inputs x, segmentIds and attribute numSegments');
  return { inputs: { x, segmentIds }, numSegments };
}

const cpuKernel: KernelFunc = (params) => {
  const { inputs, numSegments } = argsOf(params);
  const backend = params.backend as CpuBackend;
  const s = shapesOf(inputs.x, inputs.segmentIds, numSegments);
  const dtype = outDtype(inputs.x);
  const out = dtype === 'int32' ? new Int32Array(numSegments * s.inner) : new Float32Array(numSegments * s.inner);
  scatterAddInto(
    out,
    asValues(backend.readSync(inputs.x.dataId), 'x'),
    asValues(backend.readSync(inputs.segmentIds.dataId), 'segmentIds'),
    s,
  );
  return backend.makeTensorInfo(s.outShape, dtype, out);
};

const wasmKernel: KernelFunc = (params) => {
  const { inputs, numSegments } = argsOf(params);
  const backend = params.backend as WasmBackend;
  const s = shapesOf(inputs.x, inputs.segmentIds, numSegments);
  // Allocate first: allocation may grow the wasm heap, which detaches views taken before it.
  const result = backend.makeOutput(s.outShape, outDtype(inputs.x));
  const out = backend.typedArrayFromHeap(result);
  if (!(out instanceof Float32Array || out instanceof Int32Array))
    throw new Error('UnsortedSegmentSum: unexpected output buffer');
  out.fill(0);
  scatterAddInto(
    out,
    asValues(backend.typedArrayFromHeap(inputs.x), 'x'),
    asValues(backend.typedArrayFromHeap(inputs.segmentIds), 'segmentIds'),
    s,
  );
  return result;
};

/** The stock kernel of each backend, kept so that `stock` can put it back. */
const stock = new Map<string, KernelConfig | undefined>();
const current = new Map<string, KernelChoice>();

/**
 * Makes `choice` the `UnsortedSegmentSum` of `backendName` (`cpu` or `wasm`; other backends are left alone).
 * `stock` restores the backend's own kernel (wasm has none: then the kernel is simply absent).
 */
export function registerScatterAdd(tf: Tf, backendName: string, choice: KernelChoice = 'fast'): void {
  if (backendName !== 'cpu' && backendName !== 'wasm') return;
  if (current.get(backendName) === choice) return;
  if (!stock.has(backendName)) stock.set(backendName, tf.getKernel(KERNEL_NAME, backendName));
  if (tf.getKernel(KERNEL_NAME, backendName)) tf.unregisterKernel(KERNEL_NAME, backendName);
  if (choice === 'fast')
    tf.registerKernel({
      kernelName: KERNEL_NAME,
      backendName,
      kernelFunc: backendName === 'cpu' ? cpuKernel : wasmKernel,
    });
  else {
    const original = stock.get(backendName);
    if (original) tf.registerKernel(original);
  }
  current.set(backendName, choice);
}

/** Which kernel is registered for a backend now (`undefined` before `registerScatterAdd` touched it). */
export function scatterAddChoice(backendName: string): KernelChoice | undefined {
  return current.get(backendName);
}

// What a layout stage sees of the thread pool: the kernel names and the state and params they take. Apart from
// pool.ts and kernels.ts so that context.ts (which every stage imports) needs neither, keeping the graph acyclic.

/** Typed arrays (in SharedArrayBuffers), numbers and strings: what crosses to the helpers once per share. */
export type KernelState = Record<string, Float64Array | Float32Array | Int32Array | number | string>;
export type KernelParams = Record<string, number>;

/** Every kernel the pool runs; kernels.ts maps each name to its chunk function. */
export type KernelName =
  | 'knnExact'
  | 'knnHnsw'
  | 'perplexity'
  | 'tsneAttraction'
  | 'exactRepulsion'
  | 'bhRepulsion'
  | 'fftForces'
  | 'fftGather'
  | 'umapSmooth'
  | 'umapEpoch'
  | 'umapApply';

export interface LayoutPool {
  /** Threads working on each kernel, the calling one included. */
  readonly threads: number;
  /** Adds arrays (allocated by `alloc`, so shared) and numbers to the state every kernel sees. */
  share(state: KernelState): void;
  /**
   * Runs `kernel` on chunks 0 … chunks − 1. `meanwhile` runs on this thread first, while the helpers already
   * take chunks (work that overlaps, e.g. the FFT while helpers sum attractive forces); then this thread
   * takes chunks too. Resolves when every chunk is done.
   */
  run(kernel: KernelName, chunks: number, params: KernelParams, meanwhile?: () => void): Promise<void>;
  close(): Promise<void>;
}

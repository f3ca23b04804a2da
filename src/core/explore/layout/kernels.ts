// Every kernel the layout pool runs, by name: the calling thread and the helper threads look them up here, so a
// chunk is computed by the same function wherever it runs.
import { perplexityChunk, type PerplexityParams, type PerplexityState } from './affinities';
import type { FftGridState, GatherParams } from './fftGrid';
import { convolveGrid, gatherChunk } from './fftRepulsion';
import { knnHnswChunk, type KnnParams, type KnnState } from './knn';
import { knnExactChunk } from './knnExact';
import { bhRepulsionChunk, type BhParams, type QuadTreeState } from './quadTree';
import { attractionChunk, exactRepulsionChunk, FORCE_CHUNK, type ForceParams, type TsneState } from './tsneForces';
import type { KernelName, KernelParams, KernelState } from './poolApi';
import { umapApplyChunk, umapEpochChunk, umapSmoothChunk, type UmapParams, type UmapState } from './umapLayout';

/** Pool state every kernel gets: [next chunk, gate generation] (see awaitGate). */
export interface GateState {
  gate: Int32Array;
}

/**
 * Blocks until the calling thread has opened the gate of this run (finished its `meanwhile` work): kernels
 * whose chunks need that work (the FFT needs the spread charges) wait here; the others never do.
 */
export function awaitGate(s: GateState, generation: number): void {
  for (let open = Atomics.load(s.gate, 1); open < generation; open = Atomics.load(s.gate, 1)) {
    Atomics.wait(s.gate, 1, open);
  }
}

interface FftForcesParams extends ForceParams {
  gate: number;
  length: number;
}

/** Attraction chunks first, then the two FFT convolutions (after the gate): one run, both threads busy. */
function fftForcesChunk(s: TsneState & FftGridState & GateState, p: FftForcesParams, chunk: number): void {
  const attractionChunks = Math.ceil(p.n / FORCE_CHUNK);
  if (chunk < attractionChunks) return attractionChunk(s, { ...p, attractionFrom: 0 }, chunk);
  awaitGate(s, p.gate);
  convolveGrid(s, p.length, chunk === attractionChunks ? 0 : 1);
}

// Each kernel is typed by its own state and params; the pool only knows names, so they meet here.
type AnyKernel = (state: never, params: never, chunk: number) => void;
const table = {
  knnExact: knnExactChunk as (s: KnnState, p: KnnParams, c: number) => void,
  knnHnsw: knnHnswChunk as (s: KnnState, p: KnnParams, c: number) => void,
  perplexity: perplexityChunk as (s: PerplexityState, p: PerplexityParams, c: number) => void,
  tsneAttraction: attractionChunk as (s: TsneState, p: ForceParams, c: number) => void,
  exactRepulsion: exactRepulsionChunk as (s: TsneState, p: ForceParams, c: number) => void,
  bhRepulsion: bhRepulsionChunk as (s: TsneState & QuadTreeState, p: BhParams, c: number) => void,
  fftForces: fftForcesChunk,
  fftGather: gatherChunk as (s: TsneState & FftGridState, p: GatherParams, c: number) => void,
  umapSmooth: umapSmoothChunk,
  umapEpoch: umapEpochChunk as (s: UmapState, p: UmapParams, c: number) => void,
  umapApply: umapApplyChunk as (s: UmapState, p: UmapParams, c: number) => void,
} satisfies Record<KernelName, AnyKernel>;

export const KERNELS = table as unknown as Record<KernelName, (s: KernelState, p: KernelParams, c: number) => void>;

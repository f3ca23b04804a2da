// What every stage of a map layout gets: the thread pool, the counting allocator, progress by stage,
// snapshots of the moving layout, and the checkpoint where it pauses, stops (keeping the layout) or cancels.
import type { ProjectionStage } from '../../../shared';
import { WorkbenchError } from '../../../shared';
import { createAllocator, type Allocator } from './memory';
import type { LayoutPool } from './poolApi';

export type { ProjectionStage };

/** Where a layout is: its stage, how far through it, and overall (the stages weighted by their cost). */
export interface StageProgress {
  stage: ProjectionStage;
  stageFraction: number;
  /** Layout stage: iterations (t-SNE) or epochs (UMAP) done and planned. */
  iteration?: number;
  iterations?: number;
}

/** Pause, resume and stop from outside (the worker's messages, or a test): stop keeps the current layout. */
export class LayoutControl {
  private state: 'running' | 'paused' | 'stopped' = 'running';
  private wake: (() => void) | null = null;
  onChange: (paused: boolean) => void = () => undefined;

  get paused(): boolean {
    return this.state === 'paused';
  }
  get stopped(): boolean {
    return this.state === 'stopped';
  }
  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.onChange(true);
  }
  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.release();
    this.onChange(false);
  }
  stop(): void {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.release();
  }
  /** Resolves once the layout may go on (at once unless paused). */
  async whilePaused(signal?: AbortSignal): Promise<void> {
    while (this.state === 'paused' && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }
  private release(): void {
    this.wake?.();
    this.wake = null;
  }
}

export interface LayoutContext {
  pool: LayoutPool;
  alloc: Allocator;
  seed: number;
  progress(stage: ProjectionStage, stageFraction: number, iteration?: { done: number; of: number }): void;
  /**
   * Offers the layout after an iteration; `read` copies it (n × 2, row-major) and is only called when a
   * snapshot is due, so offering is cheap.
   */
  offerSnapshot(read: () => Float32Array, iteration: number): void;
  /** Between steps: lets messages in, waits while paused, throws Cancelled; true when asked to stop. */
  checkpoint(): Promise<boolean>;
}

/** Thrown by `stopPoint` when a stop arrives before the layout stage: the start layout is the answer. */
export class LayoutStopped extends Error {
  constructor() {
    super('the layout was stopped before it began');
  }
}

/** A checkpoint in the stages before the layout (neighbours, affinities, graph): a stop ends them at once. */
export async function stopPoint(ctx: LayoutContext): Promise<void> {
  if (await ctx.checkpoint()) throw new LayoutStopped();
}

/** Runs the stages before the layout; null when a stop ended them (the caller answers its start layout). */
export async function beforeLayout<T>(stages: () => Promise<T>): Promise<T | null> {
  try {
    return await stages();
  } catch (err) {
    if (err instanceof LayoutStopped) return null;
    throw err;
  }
}

/** Lets queued messages (pause, stop) and timers run: a layout step is synchronous. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function makeCheckpoint(control: LayoutControl, signal?: AbortSignal): () => Promise<boolean> {
  return async () => {
    await yieldToLoop();
    await control.whilePaused(signal);
    if (signal?.aborted) throw new WorkbenchError('Cancelled', 'the map was cancelled');
    return control.stopped;
  };
}

/** What the caller of a layout gives its context (ProjectOptions' share). */
export interface ContextOptions {
  onProgress?: (fraction: number, stage: StageProgress) => void;
  onSnapshot?: (coords: Float32Array, iteration: number) => void;
  snapshotEveryMs?: number;
  signal?: AbortSignal;
  allocator?: Allocator;
}

/** The overall progress bar's share of each stage (from the 100,000-row figures in bench/project.ts). */
const STAGE_SHARES: Record<'tsne' | 'umap', Partial<Record<ProjectionStage, [number, number]>>> = {
  tsne: { init: [0, 0.02], neighbours: [0.02, 0.4], affinities: [0.4, 0.45], layout: [0.45, 1] },
  umap: { init: [0, 0.02], neighbours: [0.02, 0.45], graph: [0.45, 0.5], layout: [0.5, 1] },
};

/**
 * The context of one layout: stage progress mapped onto one bar (never backwards), snapshots at most every
 * `snapshotEveryMs` (default a quarter second, longer for big maps), the checkpoint of `control`.
 */
export function createLayoutContext(
  method: 'tsne' | 'umap',
  n: number,
  seed: number,
  opts: ContextOptions,
  pool: LayoutPool,
  control: LayoutControl,
): LayoutContext {
  const every = opts.snapshotEveryMs ?? Math.max(250, n * 0.005);
  let lastSnapshot = -Infinity;
  let last = 0;
  return {
    pool,
    alloc: opts.allocator ?? createAllocator(),
    seed,
    progress(stage, stageFraction, iteration) {
      const [from, to] = STAGE_SHARES[method][stage] ?? [0, 1];
      // Never backwards: a stage that reports late (a second pass) does not move the bar back.
      last = Math.max(last, from + (to - from) * Math.min(1, stageFraction));
      opts.onProgress?.(last, {
        stage,
        stageFraction,
        ...(iteration ? { iteration: iteration.done, iterations: iteration.of } : {}),
      });
    },
    offerSnapshot(read, iteration) {
      if (!opts.onSnapshot) return;
      const now = performance.now();
      if (now - lastSnapshot < every) return;
      lastSnapshot = now;
      opts.onSnapshot(read(), iteration);
    },
    checkpoint: makeCheckpoint(control, opts.signal),
  };
}

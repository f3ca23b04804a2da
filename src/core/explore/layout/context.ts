// What every stage of a map layout gets: the thread pool, the counting allocator, progress by stage,
// snapshots of the moving layout, and the checkpoint where it pauses, stops (keeping the layout) or cancels.
import type { ProjectionStage } from '../../../shared';
import { WorkbenchError } from '../../../shared';
import type { Allocator } from './memory';
import type { LayoutPool } from './pool';

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

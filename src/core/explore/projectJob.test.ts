import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../random';
import { nodeEntry } from '../runtime';
import type { VectorTable } from '../../shared';
import { projectTable } from './project';
import { compactTable } from './compactTable';
import { runProjection } from './projectJob';

const entry = nodeEntry(import.meta.url, 'projectWorker');

/** Rows 0 and 1 hold PAD/OOV, then `n` rows around 4 centres. */
function table(n: number, dim: number, seed: number): VectorTable {
  const rng = createRng(seed);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: dim }, () => gaussian(rng) * 6));
  const data = new Float32Array((n + 2) * dim);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < dim; d++) data[(i + 2) * dim + d] = centres[i % 4]![d]! + gaussian(rng);
  return { rows: n + 2, dim, data };
}

const everyRow = (t: VectorTable): Int32Array => Int32Array.from({ length: t.rows - 2 }, (_, i) => i + 2);

describe('the projection worker', () => {
  const t = table(150, 12, 3);

  it('gives the same PCA, UMAP and t-SNE maps as projecting in-process, with progress', async () => {
    for (const options of [
      { method: 'pca' as const, seed: 2 },
      { method: 'umap' as const, seed: 2, neighbors: 10, epochs: 60 },
      { method: 'tsne' as const, seed: 2, perplexity: 20 },
    ]) {
      const inline = await projectTable(t, { ...options, rows: everyRow(t) });
      const fractions: number[] = [];
      const task = runProjection(entry, compactTable(t, everyRow(t)), options, {
        onProgress: (f) => void fractions.push(f),
      });
      const viaWorker = await task.result;
      expect(Array.from(viaWorker.x)).toEqual(Array.from(inline.x));
      expect(Array.from(viaWorker.y)).toEqual(Array.from(inline.y));
      expect(viaWorker.explainedVariance).toEqual(inline.explainedVariance ?? null);
      expect(viaWorker.iterations).toBe(inline.iterations ?? null);
      expect(fractions.length).toBeGreaterThan(0);
      expect(fractions.at(-1)).toBe(1);
      expect(task.cancel()).toBe(false);
    }
  });

  it('copies only the chosen rows, in order, for the worker', () => {
    const small = compactTable(t, Int32Array.from([5, 2]));
    expect(small.rows).toBe(2);
    expect(Array.from(small.data.subarray(0, 12))).toEqual(Array.from(t.data.subarray(5 * 12, 6 * 12)));
    expect(Array.from(small.data.subarray(12))).toEqual(Array.from(t.data.subarray(2 * 12, 3 * 12)));
  });

  it('cancels a running projection: the result rejects with Cancelled and the thread ends', async () => {
    const big = table(1200, 16, 4);
    let cancelled: boolean | undefined;
    let cancel: () => boolean = () => false;
    const task = runProjection(
      entry,
      compactTable(big, everyRow(big)),
      { method: 'tsne', seed: 1 },
      {
        onProgress: (f) => {
          if (f > 0 && cancelled === undefined) cancelled = cancel();
        },
      },
    );
    cancel = task.cancel;
    await expect(task.result).rejects.toMatchObject({ code: 'Cancelled' });
    expect(cancelled).toBe(true);
    expect(task.cancel()).toBe(false);
    await task.ended;
  });

  it('sends snapshots, pauses and resumes on request, and stop answers with the layout as it is', async () => {
    const snapshots: Float32Array[] = [];
    const pausedStates: boolean[] = [];
    let task: ReturnType<typeof runProjection> | null = null;
    let asked = false;
    task = runProjection(
      entry,
      compactTable(t, everyRow(t)),
      { method: 'tsne', seed: 2, snapshots: true },
      {
        onSnapshot: (coords) => void snapshots.push(coords),
        onPaused: (paused) => {
          pausedStates.push(paused);
          // Paused: let it go on, then stop it; the answer is the layout where it stopped.
          if (paused) task!.control('resume');
          else task!.control('stop');
        },
        onProgress: (_f, stage) => {
          if (!asked && stage.iteration !== undefined && stage.iteration >= 20) {
            asked = true;
            task!.control('pause');
          }
        },
      },
    );
    const stopped = await task.result;
    expect(pausedStates).toEqual([true, false]);
    expect(stopped.stopped).toBe(true);
    expect(stopped.iterations).toBeGreaterThanOrEqual(20);
    expect(stopped.iterations).toBeLessThan(750);
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.every((s) => s.length === 300 && s.every(Number.isFinite))).toBe(true);
    expect(stopped.x.every(Number.isFinite)).toBe(true);
    expect(task.control('pause')).toBe(false);
  });

  it('passes the core’s errors through with their code', async () => {
    const tiny = table(2, 4, 5);
    const task = runProjection(entry, compactTable(tiny, everyRow(tiny)), { method: 'umap' });
    await expect(task.result).rejects.toMatchObject({ code: 'BadRequest', message: expect.stringMatching(/pca/) });
  });
});

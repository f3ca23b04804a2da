import { describe, expect, it } from 'vitest';
import type { ProjectionProgress } from '../../../shared';
import { defaultMapSettings, mapAxisNames, mapRequest, progressText } from './mapSettings';

const target = { runId: 3, table: 'items', projectionId: 'p' };

describe('the Map panel settings', () => {
  it('name the axes by explained variance for a finished PCA map, else by method', () => {
    expect(mapAxisNames('pca', { explainedVariance: [0.182, 0.149] })).toEqual(['PC1 (18.2%)', 'PC2 (14.9%)']);
    expect(mapAxisNames('pca', null)).toEqual(['PCA 1', 'PCA 2']);
    expect(mapAxisNames('umap', { explainedVariance: null })).toEqual(['UMAP 1', 'UMAP 2']);
    expect(mapAxisNames(undefined, null)).toEqual(['', '']);
  });

  it('send only the chosen method’s options, snapshots for t-SNE and UMAP, and the cache switch', () => {
    const s = defaultMapSettings();
    expect(mapRequest(s, target)).toEqual({ ...target, method: 'pca', seed: 1, includeSpecial: false });
    const tsne = mapRequest({ ...s, method: 'tsne', theta: 0.8, exaggeration: 4, init: 'random', limit: 500 }, target);
    expect(tsne).toMatchObject({ method: 'tsne', theta: 0.8, exaggeration: 4, init: 'random', limit: 500 });
    expect(tsne).toMatchObject({ perplexity: 30, iterations: 750, gradient: 'auto', snapshots: true });
    expect(tsne).not.toHaveProperty('neighbors');
    const umap = mapRequest({ ...s, method: 'umap', neighbors: 30 }, target, false);
    expect(umap).toMatchObject({ neighbors: 30, minDist: 0.1, init: 'pca', snapshots: true, cache: false });
    expect(umap).not.toHaveProperty('theta');
  });

  it('describe progress by stage and iteration, and say when the map is paused', () => {
    const p: ProjectionProgress = {
      projectionId: 'p',
      runId: 3,
      table: 'items',
      method: 'tsne',
      fraction: 0.54,
      points: 20_000,
      etaSeconds: 12,
      stage: 'layout',
      stageFraction: 0.4,
      iteration: 320,
      iterations: 750,
      paused: false,
    };
    expect(progressText(null)).toBe('Starting…');
    expect(progressText(p)).toBe('t-SNE of 20,000 rows: layout, iteration 320 of 750 (54%) · about 12 s left');
    expect(progressText({ ...p, paused: true })).toBe(
      't-SNE of 20,000 rows: layout, iteration 320 of 750 (54%) · paused',
    );
    expect(progressText({ ...p, method: 'umap', stage: 'neighbours', iteration: null, iterations: null })).toBe(
      'UMAP of 20,000 rows: neighbour graph (54%) · about 12 s left',
    );
  });
});

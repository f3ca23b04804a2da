import { describe, expect, it } from 'vitest';
import type { DatasetSummary, RunSummary } from '../../../shared';
import {
  buildInit,
  coverageLine,
  defaultSourceTable,
  dimProblems,
  initTargets,
  sourceLabel,
  sourceRuns,
} from './initOptions';

const dataset = (kind: DatasetSummary['kind'], mapping: DatasetSummary['mapping'] = {}, sequences = 10) =>
  ({ kind, mapping, sequences }) as DatasetSummary;

describe('pre-trained tables in the Train form', () => {
  it('lists the tables each model trains, named after the tokens of the dataset', () => {
    expect(initTargets('mf', dataset('interactions', {}, 0))).toEqual(['users', 'items']);
    expect(initTargets('sgns', dataset('text'))).toEqual(['words', 'words.context']);
    expect(initTargets('cbow', dataset('sequences', { item: 'item' }))).toEqual(['items', 'items.context']);
    expect(initTargets('sgns', dataset('sequences', { event: 'type' }))).toEqual(['events', 'events.context']);
    expect(initTargets('classifier', dataset('text', { label: 'label' }))).toEqual(['words']);
    expect(initTargets('sgns', dataset('interactions', {}, 0))).toEqual([]);
    expect(initTargets('sgns', undefined)).toEqual([]);
  });

  it('builds init from the rows with a source; frozen means trainable false', () => {
    expect(buildInit([{ target: 'users', runId: null, table: '', frozen: false }])).toBeUndefined();
    expect(
      buildInit([
        { target: 'users', runId: null, table: '', frozen: false },
        { target: 'items', runId: 7, table: 'vectors', frozen: true },
        { target: 'words', runId: 3, table: '', frozen: false },
      ]),
    ).toEqual({ items: { runId: 7, table: 'vectors', trainable: false } });
  });

  it('picks the same-named table, else the only one', () => {
    expect(defaultSourceTable('items', [{ name: 'items' }, { name: 'users' }])).toBe('items');
    expect(defaultSourceTable('words', [{ name: 'vectors' }])).toBe('vectors');
    expect(defaultSourceTable('words', [{ name: 'items' }, { name: 'users' }])).toBe('');
  });

  it('warns about a dim that does not match the source', () => {
    const rows = [{ target: 'items', runId: 7, table: 'vectors', frozen: false }];
    expect(dimProblems(rows, new Map([['7/vectors', 50]]), 64)).toEqual([
      'items: run #7 table vectors has dim 50; set dim to 50 to start from it.',
    ]);
    expect(dimProblems(rows, new Map([['7/vectors', 64]]), 64)).toEqual([]);
  });

  it('offers completed runs, imported ones named as such, and reads coverage', () => {
    const runs = [
      { id: 7, status: 'completed', model: 'imported', dataset: 'glove', config: { dim: 50 } },
      { id: 8, status: 'failed', model: 'mf', dataset: 'r', config: { dim: 8 } },
    ] as RunSummary[];
    expect(sourceRuns(runs).map(sourceLabel)).toEqual(['#7 · glove (imported vectors) · dim 50']);
    expect(
      coverageLine('items', {
        runId: 7,
        table: 'vectors',
        matched: 1650,
        matchedByRule: 0,
        rows: 1682,
        coverage: 1650 / 1682,
        trainable: false,
      }),
    ).toBe('items: 1,650 of 1,682 rows from run #7/vectors (98.1%), frozen');
  });
});

import { describe, expect, it } from 'vitest';
import type { DatasetSummary, ImportVectorsResult } from '../../../shared';
import { coverageDatasets, coverageLines, resultSummary } from './vectorsImport';

const result: ImportVectorsResult = {
  type: 'result',
  runId: 7,
  datasetId: 3,
  name: 'glove',
  table: 'vectors',
  format: 'glove',
  keys: 400000,
  dim: 50,
  fileRows: 400002,
  duplicateKeys: 2,
  duplicates: [
    { key: 'the', row: 9 },
    { key: 'a', row: 12 },
  ],
  coverage: {
    dataset: 'imdb',
    vocabularies: [{ role: 'word', table: 'words', keys: 2000, found: 1950, matchedByRule: 3, coverage: 0.975 }],
  },
  seconds: 1,
};

describe('vectors import panel texts', () => {
  it('summarises keys, the run to explore and the duplicates dropped', () => {
    expect(resultSummary(result)).toEqual([
      '400,000 keys × 50 (glove) imported as "glove": run #7, table vectors.',
      '2 duplicate keys dropped, the first of each kept: "the" (row 9), "a" (row 12).',
    ]);
  });
  it('says how much of each vocabulary the file covers', () => {
    expect(coverageLines(result)).toEqual(['words: 1,950 of 2,000 keys found (97.5%), 3 after whitespace → _']);
    expect(coverageLines({ ...result, coverage: null })).toEqual([]);
  });
  it('offers only datasets with vocabularies of their own for coverage', () => {
    const d = (kind: DatasetSummary['kind'], name: string) => ({ kind, name }) as DatasetSummary;
    expect(coverageDatasets([d('text', 'imdb'), d('vectors', 'glove')]).map((x) => x.name)).toEqual(['imdb']);
  });
});

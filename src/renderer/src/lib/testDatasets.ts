// Dataset summaries for unit tests: an mf-ready ratings dataset unless told otherwise.
import type { DatasetSummary } from '../../../shared';

export function dataset(over: Partial<DatasetSummary>): DatasetSummary {
  return {
    id: 1,
    name: 'd',
    sourcePath: '/tmp/d.csv',
    format: 'csv',
    mapping: { user: 'user', item: 'item', rating: 'rating' },
    kind: 'interactions',
    rows: 100,
    sequences: 0,
    users: 10,
    items: 20,
    ratingMin: 1,
    ratingMax: 5,
    createdAt: '2025-01-01T00:00:00Z',
    ...over,
  };
}

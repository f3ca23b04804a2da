import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../shared';
import {
  formatDate,
  formatDensity,
  formatDuplicates,
  formatQuantile,
  formatTimeRange,
  tailSentence,
  unlistedRejects,
} from './reportFormat';

describe('report formatting', () => {
  it('shows epoch seconds as UTC dates and the span between them', () => {
    expect(formatDate(1709287200)).toBe('2024-03-01 10:00 UTC');
    expect(formatTimeRange({ min: 1709287200, max: 1709582580 })).toBe(
      '2024-03-01 10:00 UTC → 2024-03-04 20:03 UTC (3 days)',
    );
    expect(formatTimeRange({ min: 0, max: 5400 })).toMatch(/\(1\.5 hours\)$/);
    expect(formatTimeRange(null)).toBe('—');
  });

  it('shows density as a percentage with two significant digits', () => {
    expect(formatDensity(0.4583)).toBe('45.8%');
    expect(formatDensity(0.000123)).toBe('0.012%');
    expect(formatDensity(0)).toBe('—');
  });

  it('says what happened to duplicates', () => {
    expect(formatDuplicates({ pairs: 0, rows: 0, policy: 'keep', removed: 0 })).toBe('none');
    expect(formatDuplicates({ pairs: 1, rows: 2, policy: 'last', removed: 1 })).toBe(
      '1 repeated (user, item) pair over 2 rows: kept the latest of each pair, 1 row removed',
    );
    expect(formatDuplicates({ pairs: 3, rows: 7, policy: 'keep', removed: 0 })).toBe(
      '3 repeated (user, item) pairs over 7 rows: kept all',
    );
  });

  it('counts rejects beyond the listed hundred', () => {
    const r = { rows: { read: 1000, imported: 700, rejected: 300 }, rejects: new Array(100) } as ImportResult;
    expect(unlistedRejects(r)).toBe(200);
  });

  it('summarises the long tail', () => {
    const s = { min: 1, p25: 2, median: 3, p75: 5, p90: 9, p99: 40, max: 1200, mean: 7.25 };
    expect(formatQuantile(s, 'max')).toBe('1,200');
    expect(formatQuantile(s, 'mean')).toBe('7.3');
    expect(tailSentence(s, 'users')).toBe('Half of the users have 3 or fewer rows; the busiest has 1,200 (mean 7.3).');
    expect(tailSentence(null, 'users')).toBeNull();
  });
});

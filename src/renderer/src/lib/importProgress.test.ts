import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../../shared';
import { formatBytes, formatEta, newImportId, progressView } from './importProgress';

const p = (over: Partial<ImportProgress>): ImportProgress => ({
  importId: 'x',
  bytes: 512 * 1024,
  totalBytes: 2 * 1024 * 1024,
  rows: 12_345,
  rejected: 3,
  etaSeconds: 4.2,
  stage: 'reading',
  ...over,
});

describe('import progress', () => {
  it('shows bytes read as a share of the file, rows, rejects and the time left', () => {
    expect(progressView(p({}))).toEqual({
      percent: 25,
      stage: 'Reading and checking rows…',
      detail: '12,345 rows read, 3 rejected · 512 KB of 2.0 MB',
      eta: 'about 4 s left',
    });
  });

  it('shows writing as a full bar and an unknown size as an indeterminate one', () => {
    expect(progressView(p({ stage: 'writing', bytes: 1, totalBytes: 1 }))).toMatchObject({ percent: 100, eta: null });
    expect(progressView(p({ totalBytes: 0 })).percent).toBeNull();
    expect(progressView(null)).toMatchObject({ percent: null, stage: 'Starting…' });
  });

  it('formats sizes and times', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(3.5 * 1024 ** 3)).toBe('3.5 GB');
    expect(formatEta(null)).toBeNull();
    expect(formatEta(0.3)).toBe('less than a second left');
    expect(formatEta(600)).toBe('about 10 min left');
    expect(formatEta(4 * 3600)).toBe('about 4.0 h left');
  });

  it('makes ids with randomUUID, or random bytes outside a secure context', () => {
    expect(newImportId({ randomUUID: () => 'uuid', getRandomValues: (a) => a })).toBe('uuid');
    const id = newImportId({ getRandomValues: <T extends ArrayBufferView | null>(a: T) => a });
    expect(id).toBe(`import-${'00'.repeat(16)}`);
  });
});

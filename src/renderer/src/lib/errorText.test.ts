import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared';
import { errorHeading } from './errorText';

describe('errorHeading', () => {
  it('gives every error code a sentence of its own, never the bare code', () => {
    const headings = ERROR_CODES.map(errorHeading);
    expect(new Set(headings).size).toBe(ERROR_CODES.length);
    for (const [i, h] of headings.entries()) {
      expect(h).toMatch(/^[A-Z].*\.$/);
      expect(h).not.toContain(ERROR_CODES[i]);
    }
    expect(errorHeading('SomethingNew')).toBe('Something went wrong.');
  });
});

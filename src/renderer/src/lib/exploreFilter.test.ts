import { describe, expect, it } from 'vitest';
import type { AppliedFilter, TableInfo } from '../../../shared';
import { countLabel, filterLabel, hiddenLabel, partsLabel, supportSummary } from './exploreFilter';

const applied = (over: Partial<AppliedFilter> = {}): AppliedFilter => ({
  genre: null,
  text: null,
  minCount: 5,
  support: 'run',
  rows: 9724,
  untrained: 770,
  belowMinCount: 5804,
  ...over,
});

describe('the filter in a result header', () => {
  it('names the minimum count, the genre and the text, and what they hid', () => {
    expect(filterLabel(applied({ genre: 'Horror', text: 'night' }))).toBe(
      'min count 5 · genre Horror · contains “night”',
    );
    expect(hiddenLabel(applied())).toBe('hidden: 770 never trained, 5,804 under 5');
    expect(hiddenLabel(applied({ untrained: 0, belowMinCount: 0 }))).toBe('');
    expect(hiddenLabel(applied({ support: 'vocabulary', untrained: 0 }))).toMatch(/dataset counts/);
    expect(filterLabel(applied({ support: 'none', minCount: 0 }))).toBe('no counts (imported table)');
    expect(filterLabel(applied({ fromFeatures: true }))).toBe('min count 5 · new only (from features)');
  });

  it('summarises a table’s support', () => {
    const info = { table: 'items', rows: 9724, trained: 8954, untrained: 770, support: 'run' } as TableInfo;
    expect(supportSummary(info)).toBe('8,954 of 9,724 items trained; 770 never trained are never shown.');
    expect(countLabel(1, 'ratings')).toBe('1 rating');
    expect(countLabel(215, 'ratings')).toBe('215 ratings');
    expect(countLabel(null, 'ratings')).toBe('');
  });
});

describe('score parts', () => {
  const parts = { globalMean: 3.5, userBias: 0.77, itemBias: 1.09, dot: -0.13 };
  it('spells an mf prediction as its sum, and says when it was clamped', () => {
    expect(partsLabel({ parts, score: 5.23, predicted: 5 })).toBe(
      '3.50 mean + 0.77 user + 1.09 item − 0.13 match = 5.23, shown as 5.00',
    );
    expect(partsLabel({ parts, score: 4.5, predicted: 4.5 })).toBe(
      '3.50 mean + 0.77 user + 1.09 item − 0.13 match = 4.50',
    );
  });
  it('spells an implicit score as item bias and match', () => {
    expect(partsLabel({ parts: { ...parts, globalMean: 0, userBias: 0 }, score: 0.96, predicted: null })).toBe(
      '1.09 item − 0.13 match',
    );
  });
});

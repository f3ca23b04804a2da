import { describe, expect, it } from 'vitest';
import type { FilePreview } from '../../../shared';
import { applicableOptions, defaultOptions, itemsDraft, optionProblems, requestOptions } from './importOptions';

const interactions = { user: 'u', item: 'i', rating: 'r', timestamp: 't' };

describe('applicableOptions', () => {
  it('offers duplicates, per-role cut-offs and optional gap sequences for interactions', () => {
    const a = applicableOptions(interactions, 'csv');
    expect(a).toMatchObject({
      kind: 'interactions',
      duplicates: true,
      text: false,
      sessionGap: 'optional',
      items: true,
    });
    expect(a.vocabRoles).toEqual(['user', 'item']);
    expect(a.splits.filter((s) => s.unavailable === null).map((s) => s.kind)).toEqual([
      'random',
      'leaveLast',
      'chrono',
      'coldItems',
    ]);
  });

  it('needs the gap for sequences without a session, and not with one', () => {
    expect(applicableOptions({ user: 'u', item: 'i', timestamp: 't', session: '' }, 'csv').sessionGap).toBe('optional');
    expect(applicableOptions({ user: 'u', event: 'e', timestamp: 't' }, 'csv')).toMatchObject({
      kind: 'sequences',
      sessionGap: 'required',
      duplicates: false,
      vocabRoles: ['user', 'event'],
    });
    expect(applicableOptions({ session: 's', event: ['e', 'p'] }, 'csv').sessionGap).toBeNull();
  });

  it('offers the tokenizer for text and the split column only when mapped', () => {
    const a = applicableOptions({}, 'text');
    expect(a).toMatchObject({ kind: 'text', text: true, vocabRoles: ['word'], items: false, duplicates: false });
    expect(a.splits.find((s) => s.kind === 'column')!.unavailable).toMatch(/split column/);
    expect(applicableOptions({ ...interactions, split: 's' }, 'csv').splits.every((s) => !s.unavailable)).toBe(true);
  });
});

describe('optionProblems', () => {
  const a = applicableOptions(interactions, 'csv');

  it('accepts the defaults', () => {
    expect(optionProblems(defaultOptions(), a)).toEqual([]);
  });

  it('explains bad fractions, counts and unavailable splits', () => {
    const bad = { ...defaultOptions(), valid: 0.5, test: 0.5 };
    expect(optionProblems(bad, a)).toEqual([expect.stringMatching(/fractions/)]);
    const n = { ...defaultOptions(), splitKind: 'leaveLast' as const, leaveLastN: 0 };
    expect(optionProblems(n, a)).toEqual([expect.stringMatching(/N must be/)]);
    const column = { ...defaultOptions(), splitKind: 'column' as const };
    expect(optionProblems(column, a)).toEqual([expect.stringMatching(/map a split column/)]);
    const cut = { ...defaultOptions(), vocab: { ...defaultOptions().vocab, item: { minCount: 0, maxSize: 2.5 } } };
    expect(optionProblems(cut, a)).toHaveLength(2);
    const words = { ...defaultOptions(), numWords: 2 };
    expect(optionProblems(words, applicableOptions({}, 'text'))).toEqual([expect.stringMatching(/numWords/)]);
  });
});

describe('requestOptions', () => {
  it('sends what applies and leaves defaults and the rest out', () => {
    const a = applicableOptions(interactions, 'csv');
    expect(requestOptions(defaultOptions(), a)).toEqual({
      split: { kind: 'random', valid: 0.1, test: 0.1 },
      seed: 42,
      duplicates: 'keep',
    });
    const d = {
      ...defaultOptions(),
      splitKind: 'leaveLast' as const,
      leaveLastN: 2,
      duplicates: 'last' as const,
      gapSequences: true,
      sessionGapMinutes: 45,
      vocab: { ...defaultOptions().vocab, item: { minCount: 5, maxSize: 1000 } },
    };
    expect(requestOptions(d, a)).toEqual({
      split: { kind: 'leaveLast', n: 2 },
      duplicates: 'last',
      vocab: { item: { minCount: 5, maxSize: 1000 } },
      sessionGapMinutes: 45,
    });
  });

  it('sends the tokenizer for text, and the metadata file with only the chosen columns', () => {
    const text = requestOptions({ ...defaultOptions(), numWords: 1000, lower: false }, applicableOptions({}, 'text'));
    expect(text).toMatchObject({ tokenizer: { lower: false, numWords: 1000 }, maxSequenceLength: 10_000 });
    expect(text.duplicates).toBeUndefined();

    const preview: FilePreview = {
      path: '/up/movies.csv',
      format: 'csv',
      delimiter: ',',
      hasHeader: true,
      gzip: false,
      columns: ['movieId', 'title', 'genres'],
      rows: [],
      suggestedMapping: { item: 'movieId', title: 'title' },
      ratingScale: null,
    };
    const items = itemsDraft('movies.csv', preview);
    expect(items).toMatchObject({ key: 'movieId', title: 'title', genres: '', label: 'movies.csv' });
    const out = requestOptions({ ...defaultOptions(), items }, applicableOptions(interactions, 'csv'));
    expect(out.items).toEqual({
      path: '/up/movies.csv',
      format: 'csv',
      delimiter: ',',
      hasHeader: true,
      key: 'movieId',
      title: 'title',
    });
  });

  it('starts from the split column when the file has one', () => {
    expect(defaultOptions({ split: 'fold' }).splitKind).toBe('column');
    expect(defaultOptions({}).splitKind).toBe('random');
  });
});

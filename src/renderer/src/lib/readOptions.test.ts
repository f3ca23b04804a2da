import { describe, expect, it } from 'vitest';
import type { FilePreview } from '../../../shared';
import {
  defaultRead,
  describeLayout,
  parseDelimiter,
  pinnedReadOptions,
  previewOptions,
  showDelimiter,
} from './readOptions';

const preview = (over: Partial<FilePreview>): FilePreview => ({
  path: '/f',
  format: 'delimited',
  delimiter: ';',
  hasHeader: true,
  gzip: true,
  columns: ['a', 'b'],
  rows: [],
  suggestedMapping: {},
  ratingScale: null,
  ...over,
});

describe('read options', () => {
  it('previews with only what the user overrode, so the rest is sniffed', () => {
    expect(previewOptions(defaultRead())).toEqual({ format: 'auto', encoding: 'utf8' });
    expect(previewOptions({ format: 'auto', delimiter: '|', hasHeader: false, encoding: 'latin1' })).toEqual({
      format: 'auto',
      delimiter: '|',
      hasHeader: false,
      encoding: 'latin1',
    });
  });

  it('pins the import to the reading the preview settled on', () => {
    expect(pinnedReadOptions(preview({}), 'utf8')).toEqual({
      format: 'delimited',
      delimiter: ';',
      hasHeader: true,
      encoding: 'utf8',
    });
    expect(pinnedReadOptions(preview({ format: 'jsonl', delimiter: '' }), 'latin1')).toEqual({
      format: 'jsonl',
      encoding: 'latin1',
    });
  });

  it('types a tab as \\t and an empty delimiter as "detect"', () => {
    expect(showDelimiter('\t')).toBe('\\t');
    expect(showDelimiter(';')).toBe(';');
    expect(parseDelimiter('\\t')).toBe('\t');
    expect(parseDelimiter('tab')).toBe('\t');
    expect(parseDelimiter('::')).toBe('::');
    expect(parseDelimiter('')).toBeUndefined();
  });

  it('describes the layout in words', () => {
    expect(describeLayout(preview({}))).toBe('semicolon-delimited, header row, gzip-compressed, 2 columns');
    expect(describeLayout(preview({ format: 'movielens', delimiter: '::', hasHeader: false, gzip: false }))).toBe(
      'MovieLens (“::”-separated), no header row, 2 columns',
    );
    expect(describeLayout(preview({ format: 'text', columns: ['text'], gzip: false }))).toBe(
      'plain text, one document per line, 1 column',
    );
  });
});

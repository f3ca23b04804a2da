import { describe, expect, it } from 'vitest';
import { ratingHistogramOption, ratingLabel } from './ratingHistogram';

type Bar = { type: string; data: number[] };

describe('ratingHistogramOption', () => {
  const histogram = [
    { value: 1, count: 3 },
    { value: 3.5, count: 10 },
    { value: 5, count: 7 },
  ];

  it('draws one bar per rating value, labelled as the rating', () => {
    const option = ratingHistogramOption(histogram, { animation: true });
    const [series] = option.series as Bar[];
    expect(series!.type).toBe('bar');
    expect(series!.data).toEqual([3, 10, 7]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['1', '3.5', '5']);
  });

  it('honours the animation flag and gives an empty chart for no ratings', () => {
    expect(ratingHistogramOption(histogram, { animation: false }).animation).toBe(false);
    const [series] = ratingHistogramOption([], { animation: false }).series as Bar[];
    expect(series!.data).toEqual([]);
  });

  it('labels bin centres of a continuous scale with two decimals', () => {
    expect(ratingLabel(4)).toBe('4');
    expect(ratingLabel(0.5)).toBe('0.5');
    expect(ratingLabel(0.125)).toBe('0.13');
  });
});

import { describe, expect, it } from 'vitest';
import { colorGroups } from '../lib/mapColors';
import { restrictGroups } from '../lib/mapFilter';
import type { MapPoints } from '../lib/mapPoints';
import { flatCoordinates, LARGE_THRESHOLD, mapScatterOption, symbolSize } from './mapScatter';

type Series = { id: string; type: string; large?: boolean; data: ArrayLike<number> | { value: number[] }[] };

function points(n: number): MapPoints {
  return {
    keys: Array.from({ length: n }, (_, i) => `k${i}`),
    x: Array.from({ length: n }, (_, i) => i),
    y: Array.from({ length: n }, (_, i) => -i),
    counts: Array.from({ length: n }, (_, i) => n - i),
    titles: Array.from({ length: n }, () => null),
    genres: Array.from({ length: n }, (_, i) => [i % 3 ? 'Drama' : 'Horror']),
    columns: [],
  };
}

describe('mapScatterOption', () => {
  it('draws every one of 100,000 points in large mode, one flat series per colour group', () => {
    const p = points(100_000);
    const groups = colorGroups(p, 'genre');
    const option = mapScatterOption({ points: p, groups, highlight: [], animation: false, xName: 'x', yName: 'y' });
    const series = option.series as Series[];
    const drawn = series.filter((s) => s.id.startsWith('group-'));
    expect(drawn).toHaveLength(groups.names.length);
    expect(drawn.every((s) => s.large === true && s.data instanceof Float32Array)).toBe(true);
    expect(drawn.reduce((sum, s) => sum + (s.data as Float32Array).length / 2, 0)).toBe(100_000);
    expect(option.animation).toBe(false);
    expect(LARGE_THRESHOLD).toBeLessThan(100_000);
  });

  it('puts the highlighted points on top, the chosen one first', () => {
    const p = points(10);
    const option = mapScatterOption({
      points: p,
      groups: colorGroups(p, 'none'),
      highlight: [4, 7],
      animation: true,
      xName: 'PC1',
      yName: 'PC2',
    });
    const top = (option.series as Series[]).find((s) => s.id === 'highlight')!;
    expect((top.data as { value: number[] }[]).map((d) => d.value)).toEqual([
      [4, -4],
      [7, -7],
    ]);
    expect(option.legend).toEqual({ show: false });
  });

  it('labels the chosen point and its neighbours always, and the asked-for points where labels fit', () => {
    const p = points(10);
    p.titles[4] = 'Orbital Colony';
    const option = mapScatterOption({
      points: p,
      groups: colorGroups(p, 'genre'),
      highlight: [4, 7],
      labelled: [0, 4, 1],
      animation: false,
      xName: 'x',
      yName: 'y',
    });
    type Labelled = Series & { label?: { show?: boolean }; labelLayout?: { hideOverlap?: boolean } };
    const all = option.series as Labelled[];
    const chosen = all.find((s) => s.id === 'highlight')!;
    const names = (chosen.data as unknown as { name: string; label: { show: boolean } }[]).map((d) => [
      d.name,
      d.label.show,
    ]);
    expect(names).toEqual([
      ['Orbital Colony', true],
      ['k7', true],
    ]);
    const labels = all.find((s) => s.id === 'labels')!;
    expect((labels.data as { name: string; value: number[] }[]).map((d) => [d.name, d.value])).toEqual([
      ['k0', [0, -0]],
      ['k1', [1, -1]],
    ]);
    expect(labels.label?.show).toBe(true);
    expect(labels.labelLayout?.hideOverlap).toBe(true);
    // The chosen point (4) is labelled once, by the highlight; labels never join the legend.
    expect((option.legend as { data: string[] }).data).not.toContain('labels');
  });

  it('flattens coordinates of a group and shrinks dots as the map fills', () => {
    expect(Array.from(flatCoordinates(points(5), [3, 1]))).toEqual([3, -3, 1, -1]);
    expect(symbolSize(100)).toBeGreaterThan(symbolSize(100_000));
  });

  it('keeps the whole map as the frame when a filter hides points, and lets ECharts fit an unfiltered one', () => {
    const p = points(100); // x 0…99, y 0…-99
    const input = { points: p, highlight: [], animation: false, xName: 'x', yName: 'y' };
    const whole = mapScatterOption({ ...input, groups: colorGroups(p, 'genre') });
    expect(whole.xAxis).not.toHaveProperty('min');
    const horror = restrictGroups(
      colorGroups(p, 'genre'),
      Uint8Array.from(p.keys, (_, i) => (i < 10 ? 1 : 0)),
    );
    const framed = mapScatterOption({ ...input, groups: horror });
    const x = framed.xAxis as { min: number; max: number };
    const y = framed.yAxis as { min: number; max: number };
    // 3% of the range to spare on each side.
    expect(x.min).toBeCloseTo(-2.97);
    expect(x.max).toBeCloseTo(101.97);
    expect(y.min).toBeCloseTo(-101.97);
    expect(y.max).toBeCloseTo(2.97);
  });
});

// Pure ECharts option for the Map panel: one large-mode scatter series per colour group (each a flat
// Float32Array of x, y pairs, drawn as one path), labelled highlighted points and labels on top, zoom and pan inside the
// grid, and a brush for selecting a region. MapPanel.vue only feeds it to echarts.
import type { ScatterSeriesOption } from 'echarts/charts';
import type {
  BrushComponentOption,
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { ColorGroups } from '../lib/mapColors';
import { pointName, type MapPoints } from '../lib/mapPoints';
import { fullExtent } from '../lib/mapView';
import { ACCENT_WASH, PALETTE, REST_COLORS } from '../styles/palette';
import { categoryColors } from './categoryColors';

export type MapScatterOption = ComposeOption<
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | DataZoomComponentOption
  | BrushComponentOption
>;

export interface MapScatterInput {
  points: MapPoints;
  groups: ColorGroups;
  /** Points drawn large and outlined on top, each labelled: the chosen point first, then its neighbours. */
  highlight: readonly number[];
  /** Points labelled with their names where the labels do not overlap (the most frequent, when asked for). */
  labelled?: readonly number[];
  /** Off under automation (navigator.webdriver) so screenshots see the final frame. */
  animation: boolean;
  xName: string;
  yName: string;
}

/** Above this many points a series is drawn in large mode: one path, no per-point elements. */
export const LARGE_THRESHOLD = 2000;
/** Points drawn per frame when a series renders progressively; the page stays responsive while it draws. */
export const PROGRESSIVE_CHUNK = 10_000;

/** Light to dark blue: rare to frequent. */
const SEQUENTIAL = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c', '#08306b'];

/** Ordered groups (buckets) light to dark, a remainder among them (`missing`) grey; categories by name. */
export function groupColors(groups: ColorGroups): string[] {
  if (groups.ordered) {
    const n = groups.rest.filter((r) => r === null).length;
    return groups.names.map((_, i) => {
      const kind = groups.rest[i];
      if (kind) return REST_COLORS[kind];
      return SEQUENTIAL[n === 1 ? SEQUENTIAL.length - 1 : Math.round((i * (SEQUENTIAL.length - 1)) / (n - 1))]!;
    });
  }
  return categoryColors(groups.names, groups.rest);
}

/** x, y pairs of the given points, flat, as ECharts' large mode reads them. */
export function flatCoordinates(points: MapPoints, members: ArrayLike<number>): Float32Array {
  const out = new Float32Array(members.length * 2);
  for (let i = 0; i < members.length; i++) {
    out[i * 2] = points.x[members[i]!]!;
    out[i * 2 + 1] = points.y[members[i]!]!;
  }
  return out;
}

/** Smaller dots as the map fills up, so dense regions keep their shape. */
export function symbolSize(n: number): number {
  return n > 50_000 ? 2 : n > 5_000 ? 3 : n > 500 ? 5 : 7;
}

/** The plot's insets in pixels (room for the legend when there is one): the chart reads its window from them. */
export function mapGrid(groups: ColorGroups): { left: number; right: number; top: number; bottom: number } {
  return { left: 56, right: 24, top: groups.names.length > 1 ? 48 : 16, bottom: 36 };
}

const LABEL = { show: true, position: 'right', formatter: '{b}', fontSize: 11, color: PALETTE.text } as const;

/**
 * The small series drawn over the map: the chosen point and its neighbours, labelled always, and the points
 * labelled on request (their dots are already drawn; labels that would overlap are left out).
 */
export function overlaySeries(input: MapScatterInput): ScatterSeriesOption[] {
  const { points, highlight } = input;
  const at = (i: number): number[] => [points.x[i]!, points.y[i]!];
  return [
    {
      id: 'highlight',
      name: 'chosen',
      type: 'scatter',
      data: highlight.map((i, rank) => ({
        value: at(i),
        name: pointName(points, i),
        symbolSize: rank === 0 ? 14 : 9,
        itemStyle: { color: rank === 0 ? '#111' : '#fff', borderColor: '#111', borderWidth: rank === 0 ? 0 : 2 },
        label: { ...LABEL, fontWeight: rank === 0 ? 'bold' : 'normal' },
      })),
      z: 10,
      silent: true,
      animation: false,
    },
    {
      id: 'labels',
      name: 'labels',
      type: 'scatter',
      // A highlighted point carries its label already.
      data: (input.labelled ?? [])
        .filter((i) => !highlight.includes(i))
        .map((i) => ({ value: at(i), name: pointName(points, i) })),
      symbolSize: symbolSize(points.keys.length),
      // The dots are drawn already; a transparent symbol (not opacity 0, which labels inherit) keeps the label.
      itemStyle: { color: 'transparent' },
      label: LABEL,
      labelLayout: { hideOverlap: true },
      z: 5,
      silent: true,
      animation: false,
    },
  ];
}

export function mapScatterOption(input: MapScatterInput): MapScatterOption {
  const { points, groups } = input;
  const n = points.keys.length;
  // A filter draws fewer points than the map has: the axes keep the whole map's frame (else they fit the rest).
  const drawn = groups.members.reduce((sum, m) => sum + m.length, 0);
  const frame = drawn < n ? fullExtent(points) : null;
  const size = symbolSize(n);
  const colors = groupColors(groups);
  const series: ScatterSeriesOption[] = groups.members.map((members, g) => ({
    id: `group-${g}`,
    name: groups.names[g],
    type: 'scatter',
    dimensions: ['x', 'y'],
    data: flatCoordinates(points, members),
    large: true,
    largeThreshold: LARGE_THRESHOLD,
    progressive: PROGRESSIVE_CHUNK,
    progressiveThreshold: PROGRESSIVE_CHUNK * 2,
    symbolSize: size,
    itemStyle: { color: colors[g], opacity: n > 20_000 ? 0.6 : 0.8 },
    emphasis: { disabled: true },
  }));
  series.push(...overlaySeries(input));
  return {
    animation: input.animation,
    grid: mapGrid(groups),
    legend: groups.names.length > 1 ? { top: 4, type: 'scroll', data: groups.names } : { show: false },
    color: colors,
    tooltip: { trigger: 'item', show: false },
    xAxis: {
      type: 'value',
      ...(frame ? { min: frame.x[0], max: frame.x[1] } : {}),
      name: input.xName,
      nameLocation: 'middle',
      nameGap: 22,
      scale: true,
      splitLine: { lineStyle: { color: '#f0f0f0' } },
      // A zoomed axis ends at arbitrary values; only the round ticks between are labelled.
      axisLabel: { showMinLabel: false, showMaxLabel: false },
    },
    yAxis: {
      type: 'value',
      ...(frame ? { min: frame.y[0], max: frame.y[1] } : {}),
      name: input.yName,
      nameLocation: 'middle',
      nameGap: 32,
      scale: true,
      splitLine: { lineStyle: { color: '#f0f0f0' } },
      // A zoomed axis ends at arbitrary values; only the round ticks between are labelled.
      axisLabel: { showMinLabel: false, showMaxLabel: false },
    },
    // Wheel zooms and dragging pans, on both axes; nothing is filtered out, points only leave the view.
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
    ],
    // The panel computes the selection itself from the brushed area (lib/mapPoints.ts), for any number of points.
    brush: {
      xAxisIndex: 0,
      yAxisIndex: 0,
      seriesIndex: [],
      throttleType: 'debounce',
      throttleDelay: 150,
      transformable: false,
      brushStyle: { color: ACCENT_WASH, borderColor: PALETTE.accent, borderWidth: 1 },
    },
    series,
  };
}

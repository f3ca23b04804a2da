// Pure ECharts option for an import's rating histogram; RatingHistogram.vue only feeds it to echarts.
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { QualityReport } from '../../../shared';
import { PALETTE } from '../styles/palette';

export type RatingHistogramOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface RatingHistogramOptions {
  /** Off under automation (navigator.webdriver) so screenshots see the final frame. */
  animation: boolean;
}

/** Whole ratings as `4`, half stars as `3.5`, bin centres of a continuous scale with two decimals. */
export function ratingLabel(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const one = value.toFixed(1);
  return Number(one) === value ? one : value.toFixed(2);
}

export function ratingHistogramOption(
  histogram: QualityReport['ratingHistogram'],
  opts: RatingHistogramOptions,
): RatingHistogramOption {
  // Categories, not a value axis: the importer gives distinct values (or 20 bin centres), each one bar.
  return {
    animation: opts.animation,
    grid: { left: 48, right: 12, top: 28, bottom: 36 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: 'rating',
      nameLocation: 'middle',
      nameGap: 24,
      data: histogram.map((b) => ratingLabel(b.value)),
    },
    yAxis: { type: 'value', name: 'rows', minInterval: 1 },
    series: [
      {
        name: 'rows',
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: PALETTE.accent },
        data: histogram.map((b) => b.count),
      },
    ],
  };
}

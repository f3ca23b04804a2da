// Pure ECharts option for a run's training curve; LossChart.vue only feeds it to echarts.
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { SPLITS, type EpochMetrics } from '../../../shared';

export type LossCurveOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface LossCurveOptions {
  /** Off under automation (navigator.webdriver) so screenshots and assertions see the final frame. */
  animation: boolean;
  /** Planned epochs: fixes the x range so the curve grows into it instead of rescaling every epoch. */
  totalEpochs?: number;
}

const COLORS = { loss: '#7a5af5', train: '#2f6fde', valid: '#e0822a', test: '#2a9d5c' } as const;

const fmt = (value: unknown): string => (typeof value === 'number' ? value.toFixed(4) : String(value));

export function lossCurveOption(epochs: readonly EpochMetrics[], opts: LossCurveOptions): LossCurveOption {
  const last = epochs.at(-1)?.epoch ?? 0;
  const first = epochs[0]?.epoch ?? 1;

  const line = (name: string, color: string, yAxisIndex: number, pick: (m: EpochMetrics) => number) =>
    ({
      name,
      type: 'line',
      yAxisIndex,
      showSymbol: epochs.length <= 30,
      symbolSize: 5,
      lineStyle: { width: 2, color, type: yAxisIndex === 0 ? 'dashed' : 'solid' },
      itemStyle: { color },
      data: epochs.map((m) => [m.epoch, pick(m)]),
    }) satisfies LineSeriesOption;

  return {
    animation: opts.animation,
    grid: { left: 56, right: 56, top: 40, bottom: 36 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    xAxis: {
      type: 'value',
      name: 'epoch',
      nameLocation: 'middle',
      nameGap: 24,
      minInterval: 1,
      min: Math.min(1, first),
      max: Math.max(opts.totalEpochs ?? 0, last, 1),
    },
    // Two y axes: the regularised loss is a squared error plus L2 terms, on another scale than RMSE.
    yAxis: [
      { type: 'value', name: 'loss', scale: true, splitLine: { show: false } },
      { type: 'value', name: 'RMSE', scale: true },
    ],
    series: [
      line('train loss', COLORS.loss, 0, (m) => m.loss),
      ...SPLITS.map((split) => line(`${split} RMSE`, COLORS[split], 1, (m) => m[split].rmse)),
    ],
  };
}

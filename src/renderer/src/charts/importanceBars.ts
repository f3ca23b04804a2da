// Pure ECharts option: each searched option's importance (IMPORTANCE_METHOD: a variance split), largest on top.
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { OptionImportance } from '../../../shared';
import { PALETTE } from '../styles/palette';

export type ImportanceBarsOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

export function importanceBarsOption(
  importance: readonly OptionImportance[],
  opts: { animation: boolean },
): ImportanceBarsOption {
  const rows = [...importance].reverse(); // ECharts draws the first category at the bottom
  return {
    animation: opts.animation,
    grid: { left: 80, right: 24, top: 16, bottom: 32 },
    tooltip: { trigger: 'item', valueFormatter: (v) => `${Math.round(Number(v) * 100)} %` },
    xAxis: { type: 'value', min: 0, max: 1, name: 'share of the variance', nameLocation: 'middle', nameGap: 22 },
    yAxis: { type: 'category', data: rows.map((r) => r.option) },
    series: [{ id: 'importance', type: 'bar', itemStyle: { color: PALETTE.accent }, data: rows.map((r) => r.share) }],
  };
}

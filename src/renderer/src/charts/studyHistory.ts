// Pure ECharts option: each search trial's objective at the time it ended (pruned ones greyed, at their best so
// far), with the best-so-far line over the complete ones.
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { StudyDetail } from '../../../shared';
import { PALETTE } from '../styles/palette';
import { bestSoFar, fmt4, STATE_COLORS, trialPoints } from './studyPoints';

export type StudyHistoryOption = ComposeOption<
  ScatterSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export function studyHistoryOption(study: StudyDetail, opts: { animation: boolean }): StudyHistoryOption {
  const points = trialPoints(study);
  const scatter = (state: 'complete' | 'pruned'): ScatterSeriesOption => ({
    id: state,
    name: state === 'complete' ? 'trial' : 'pruned (best so far)',
    type: 'scatter',
    symbolSize: 8,
    itemStyle: { color: STATE_COLORS[state] },
    data: points
      .filter((p) => p.trial.state === state)
      .map((p) => ({ value: [p.minutes, p.value], name: `trial ${p.trial.number}` })),
  });
  const best: LineSeriesOption = {
    id: 'best',
    name: 'best so far',
    type: 'line',
    step: 'end',
    showSymbol: false,
    lineStyle: { width: 2, color: PALETTE.okLine },
    itemStyle: { color: PALETTE.okLine },
    data: bestSoFar(points, study.objective.direction),
  };
  return {
    animation: opts.animation,
    grid: { left: 64, right: 24, top: 40, bottom: 40 },
    legend: { top: 4 },
    tooltip: { trigger: 'item', valueFormatter: fmt4 },
    xAxis: { type: 'value', name: 'minutes', nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: { type: 'value', name: study.objective.name, scale: true },
    series: [scatter('complete'), scatter('pruned'), best],
  };
}

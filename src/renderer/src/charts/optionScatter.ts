// Pure ECharts option: one searched option's value against the objective, a point per trial (a log axis for a
// log range, categories for a list), so a good region or a trend shows at a glance.
import type { ScatterSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { StudyDetail } from '../../../shared';
import { fmt4, STATE_COLORS, trialPoints } from './studyPoints';

export type OptionScatterOption = ComposeOption<ScatterSeriesOption | GridComponentOption | TooltipComponentOption>;

export function optionScatterOption(
  study: StudyDetail,
  option: string,
  opts: { animation: boolean },
): OptionScatterOption {
  const d = study.space[option as keyof StudyDetail['space']];
  const points = trialPoints(study).filter((p) => p.trial.params[option] !== undefined);
  const categories = d?.kind === 'choice' ? d.values.map(String) : null;
  const x = (v: unknown): number | string => (categories ? String(v) : (v as number));
  return {
    animation: opts.animation,
    grid: { left: 56, right: 16, top: 16, bottom: 40 },
    tooltip: { trigger: 'item', valueFormatter: fmt4 },
    xAxis: categories
      ? { type: 'category', data: categories, name: option, nameLocation: 'middle', nameGap: 26 }
      : {
          type: d?.kind === 'range' && d.log ? 'log' : 'value',
          name: option,
          nameLocation: 'middle',
          nameGap: 26,
          scale: true,
        },
    yAxis: { type: 'value', name: study.objective.name, scale: true },
    series: (['complete', 'pruned'] as const).map((state) => ({
      id: state,
      name: state,
      type: 'scatter',
      symbolSize: 7,
      itemStyle: { color: STATE_COLORS[state] },
      data: points
        .filter((p) => p.trial.state === state)
        .map((p) => ({ value: [x(p.trial.params[option]), p.value], name: `trial ${p.trial.number}` })),
    })),
  };
}

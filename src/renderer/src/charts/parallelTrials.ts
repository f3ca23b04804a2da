// Pure ECharts option: a parallel-coordinates chart of the complete trials, an axis per searched option (log for
// log ranges, categories for lists) and one for the objective, each line coloured by its objective.
import type { EChartsOption } from 'echarts';
import type { StudyDetail } from '../../../shared';
import { PALETTE } from '../styles/palette';
import { trialPoints } from './studyPoints';

type Axes = NonNullable<EChartsOption['parallelAxis']>;
type ParallelAxisOption = Exclude<Axes, readonly unknown[]>;
/** The full option type: ECharts' composed types do not cover parallel axes. */
export type ParallelTrialsOption = EChartsOption;

export function parallelTrialsOption(study: StudyDetail, opts: { animation: boolean }): ParallelTrialsOption {
  const options = Object.keys(study.space);
  const points = trialPoints(study).filter((p) => p.trial.state === 'complete');
  const values = points.map((p) => p.value);
  const axes: ParallelAxisOption[] = options.map((name, dim): ParallelAxisOption => {
    const d = study.space[name as keyof StudyDetail['space']]!;
    const at = { dim, name, nameGap: 12 };
    if (d.kind === 'choice') return { ...at, type: 'category', data: d.values.map(String) };
    return { ...at, type: d.log ? 'log' : 'value', min: d.low, max: d.high };
  });
  axes.push({ dim: options.length, name: study.objective.name, nameGap: 12, type: 'value', scale: true });
  // Better is green whichever the direction: the low end is green when the objective is minimised.
  const good = PALETTE.okLine;
  const bad = PALETTE.warnLine;
  return {
    animation: opts.animation,
    parallel: { left: 56, right: 80, top: 48, bottom: 28 },
    parallelAxis: axes,
    visualMap: {
      type: 'continuous',
      show: false,
      dimension: options.length,
      min: values.length ? Math.min(...values) : 0,
      max: values.length ? Math.max(...values) : 1,
      inRange: { color: study.objective.direction === 'minimize' ? [good, bad] : [bad, good] },
    },
    tooltip: { trigger: 'item' },
    series: [
      {
        id: 'trials',
        type: 'parallel',
        lineStyle: { width: 1.5, opacity: 0.7 },
        data: points.map((p) => ({
          name: `trial ${p.trial.number}`,
          value: [
            ...options.map((o) => (typeof p.trial.params[o] === 'string' ? p.trial.params[o] : p.trial.params[o])),
            p.value,
          ],
        })),
      },
    ],
  };
}

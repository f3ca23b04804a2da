// Pure ECharts options for run comparison: one chart per metric, one line per run over the epochs.
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { ComparedRun, SplitName } from '../../../shared';
import { SPLITS } from '../../../shared';
import { metricLabel, metricNames } from '../lib/runMetrics';
import { SERIES_COLORS } from '../styles/palette';

export type CompareCurveOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** `loss` (the training loss) or a split's metric. */
export type CurveKey = { kind: 'loss' } | { kind: 'metric'; split: SplitName; name: string };

/** A colour per run, in the order the runs were picked (distinguishable, and not the loss chart's purple). */
export const RUN_COLORS = SERIES_COLORS;

export const curveTitle = (key: CurveKey): string =>
  key.kind === 'loss' ? 'training loss' : `${key.split} ${metricLabel(key.name)}`;

export const curveId = (key: CurveKey): string => (key.kind === 'loss' ? 'loss' : `${key.split}-${key.name}`);

/** The charts worth drawing for these runs on one split: the loss, then every metric some epoch carries. */
export function curveKeys(runs: readonly ComparedRun[], split: SplitName): CurveKey[] {
  const names = metricNames(runs.flatMap((r) => r.epochs.map((e) => e[split])));
  return [{ kind: 'loss' }, ...names.map((name): CurveKey => ({ kind: 'metric', split, name }))];
}

/** Splits on which some run has per-epoch metrics (implicit runs have none on train, word2vec none at all). */
export const curveSplits = (runs: readonly ComparedRun[]): SplitName[] =>
  SPLITS.filter((s) => runs.some((r) => r.epochs.some((e) => Object.keys(e[s]).length > 0)));

const fmt = (value: unknown): string => (typeof value === 'number' ? value.toFixed(4) : String(value));

export function compareCurveOption(
  runs: readonly ComparedRun[],
  key: CurveKey,
  opts: { animation: boolean },
): CompareCurveOption {
  const series = runs
    .map((run, i) => {
      const color = RUN_COLORS[i % RUN_COLORS.length]!;
      const data = run.epochs.flatMap((e): [number, number][] => {
        const v = key.kind === 'loss' ? e.loss : e[key.split][key.name];
        return v === undefined || !Number.isFinite(v) ? [] : [[e.epoch, v]];
      });
      return {
        id: `run-${run.id}`,
        name: `#${run.id} ${run.model}`,
        type: 'line',
        showSymbol: data.length <= 30,
        symbolSize: 5,
        lineStyle: { width: 2, color },
        itemStyle: { color },
        // The best epoch, the one whose tables were kept, is marked on the run's own line.
        markPoint:
          run.bestEpoch !== null && data.some(([x]) => x === run.bestEpoch)
            ? {
                symbol: 'pin',
                symbolSize: 28,
                label: { show: false },
                data: [{ coord: data.find(([x]) => x === run.bestEpoch)!, name: 'best epoch' }],
              }
            : undefined,
        data,
      } satisfies LineSeriesOption;
    })
    .filter((s) => s.data.length > 0);
  const last = Math.max(1, ...runs.flatMap((r) => r.epochs.map((e) => e.epoch)));
  return {
    animation: opts.animation,
    grid: { left: 56, right: 24, top: 40, bottom: 36 },
    legend: { top: 4 },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 24, minInterval: 1, min: 1, max: last },
    yAxis: { type: 'value', name: curveTitle(key), scale: true },
    series,
  };
}

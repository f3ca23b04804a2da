// Pure ECharts option for a run's training curve; LossChart.vue only feeds it to echarts.
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { YAXisComponentOption } from 'echarts';
import { SPLITS, type EpochMetrics } from '../../../shared';
import { metricLabel, metricNames } from '../lib/runMetrics';
import { SERIES_COLORS } from '../styles/palette';

export type LossCurveOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface LossCurveOptions {
  /** Off under automation (navigator.webdriver) so screenshots and assertions see the final frame. */
  animation: boolean;
  /** Planned epochs: fixes the x range so the curve grows into it instead of rescaling every epoch. */
  totalEpochs?: number;
  /**
   * The best epoch of a finished run, whose test figures are then marked. Test curves are never drawn: one tunes
   * on the validation curve, and a test curve in view during training invites tuning on the test split.
   */
  bestEpoch?: number | null;
}

/** The splits drawn as curves: train and valid, never test (see `bestEpoch`). */
const CURVE_SPLITS = SPLITS.filter((s) => s !== 'test');

const [train, valid, test, , loss] = SERIES_COLORS;
const COLORS = { loss, train, valid, test } as const;
// Two ranking metrics share an axis and a colour per split; the line style tells them apart.
const STYLES = ['solid', 'dotted'] as const;
type LineType = 'solid' | 'dotted' | 'dashed';

const fmt = (value: unknown): string => (typeof value === 'number' ? value.toFixed(4) : String(value));

/**
 * The metrics worth a line: RMSE for ratings, Recall@K and NDCG@K for rankings, none for word2vec (its
 * epochs carry only the loss). MAE, MAP, HitRate and coverage stay in the result table.
 */
export function curveMetrics(epochs: readonly EpochMetrics[]): string[] {
  const names = metricNames(epochs.flatMap((m) => SPLITS.map((s) => m[s])));
  if (names.includes('rmse')) return ['rmse'];
  // The classifier: AUC (two labels) and accuracy, both in [0, 1] on one axis; its loss per split stays in the table.
  if (names.includes('accuracy')) return names.filter((n) => n === 'auc' || n === 'accuracy');
  return names.filter((n) => /^(recall|ndcg)@/.test(n));
}

export function lossCurveOption(epochs: readonly EpochMetrics[], opts: LossCurveOptions): LossCurveOption {
  const last = epochs.at(-1)?.epoch ?? 0;
  const first = epochs[0]?.epoch ?? 1;
  const metrics = curveMetrics(epochs);

  const line = (name: string, color: string, yAxisIndex: number, type: LineType, data: [number, number][]) =>
    ({
      id: name,
      name,
      type: 'line',
      yAxisIndex,
      showSymbol: epochs.length <= 30,
      symbolSize: 5,
      lineStyle: { width: 2, color, type },
      itemStyle: { color },
      data,
    }) satisfies LineSeriesOption;

  const metricSeries = metrics.flatMap((name, i) =>
    CURVE_SPLITS.map((split) => {
      const points = epochs.flatMap((m): [number, number][] => {
        const v = m[split][name];
        return v === undefined ? [] : [[m.epoch, v]];
      });
      return line(`${split} ${metricLabel(name)}`, COLORS[split], 1, STYLES[i % STYLES.length]!, points);
    }).filter((s) => s.data.length > 0),
  );
  // A finished run: its test figures at the best epoch, as points (what it will be judged by, not tuned on).
  const best = opts.bestEpoch == null ? undefined : epochs.find((m) => m.epoch === opts.bestEpoch);
  const testPoints = best
    ? metrics.flatMap((name) => {
        const v = best.test[name];
        if (v === undefined) return [];
        return [
          {
            ...line(`test ${metricLabel(name)} (best epoch)`, COLORS.test, 1, 'solid', [[best.epoch, v]]),
            showSymbol: true,
            symbolSize: 9,
          },
        ];
      })
    : [];

  // Two y axes: the loss (squared error plus L2, BPR/WARP, cross-entropy) is on another scale than the metrics.
  const yAxis: YAXisComponentOption[] = [{ type: 'value', name: 'loss', scale: true, splitLine: { show: false } }];
  if (metrics.length > 0) yAxis.push({ type: 'value', name: metrics.map(metricLabel).join(' · '), scale: true });

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
    yAxis,
    series: [
      line(
        'train loss',
        COLORS.loss,
        0,
        'dashed',
        epochs.map((m) => [m.epoch, m.loss]),
      ),
      ...metricSeries,
      ...testPoints,
    ],
  };
}

import { describe, expect, it } from 'vitest';
import { importanceBarsOption } from './importanceBars';
import { optionScatterOption } from './optionScatter';
import { parallelTrialsOption } from './parallelTrials';
import { sampleStudy } from './studyFixture';
import { studyHistoryOption } from './studyHistory';
import { bestSoFar, trialPoints } from './studyPoints';

type Points = { id: string; data: { value: unknown[]; name?: string }[] | [number, number][] }[];
const study = sampleStudy();

describe('the study’s points', () => {
  it('are the search trials with a value, in the order they ended, at minutes from the start', () => {
    expect(trialPoints(study).map((p) => [p.trial.number, p.minutes, p.value])).toEqual([
      [1, 1, 0.9],
      [2, 2, 0.95],
      [3, 3, 0.85],
      [5, 5, 0.88],
    ]);
  });

  it('give a best-so-far line over the complete ones, in the objective’s direction', () => {
    expect(bestSoFar(trialPoints(study), 'minimize')).toEqual([
      [1, 0.9],
      [3, 0.85],
      [5, 0.85],
    ]);
    expect(bestSoFar(trialPoints(study), 'maximize')).toEqual([
      [1, 0.9],
      [3, 0.9],
      [5, 0.9],
    ]);
  });
});

describe('studyHistoryOption', () => {
  it('draws complete and pruned trials apart, with the best-so-far line', () => {
    const option = studyHistoryOption(study, { animation: false });
    const series = option.series as Points;
    expect(series.map((s) => s.id)).toEqual(['complete', 'pruned', 'best']);
    expect((series[0]!.data as { value: unknown[] }[]).map((d) => d.value)).toEqual([
      [1, 0.9],
      [3, 0.85],
      [5, 0.88],
    ]);
    expect((series[1]!.data as { name: string }[]).map((d) => d.name)).toEqual(['trial 2']);
    expect(series[2]!.data).toEqual(bestSoFar(trialPoints(study), 'minimize'));
    expect(option.yAxis).toMatchObject({ name: 'valid.rmse' });
    expect(option.animation).toBe(false);
  });
});

describe('optionScatterOption', () => {
  it('puts a log range on a log axis and a list on categories', () => {
    const lr = optionScatterOption(study, 'lr', { animation: false });
    expect(lr.xAxis).toMatchObject({ type: 'log', name: 'lr' });
    expect(((lr.series as Points)[0]!.data as { value: unknown[] }[]).map((d) => d.value)).toEqual([
      [0.001, 0.9],
      [0.01, 0.85],
      [0.02, 0.88],
    ]);
    const dim = optionScatterOption(study, 'dim', { animation: false });
    expect(dim.xAxis).toMatchObject({ type: 'category', data: ['16', '32', '64'] });
    expect(((dim.series as Points)[1]!.data as { value: unknown[] }[])[0]!.value).toEqual(['32', 0.95]);
  });
});

describe('parallelTrialsOption', () => {
  it('has an axis per option and one for the objective, a line per complete trial', () => {
    const option = parallelTrialsOption(study, { animation: false });
    expect(option.parallelAxis).toMatchObject([
      { dim: 0, name: 'lr', type: 'log', min: 0.001, max: 0.1 },
      { dim: 1, name: 'dim', type: 'category', data: ['16', '32', '64'] },
      { dim: 2, name: 'valid.rmse', type: 'value' },
    ]);
    const [series] = option.series as { data: { name: string; value: unknown[] }[] }[];
    expect(series!.data).toEqual([
      { name: 'trial 1', value: [0.001, 16, 0.9] },
      { name: 'trial 3', value: [0.01, 64, 0.85] },
      { name: 'trial 5', value: [0.02, 32, 0.88] },
    ]);
    // Colour by the objective, the good end green (low for a minimised one).
    expect(option.visualMap).toMatchObject({ dimension: 2, min: 0.85, max: 0.9 });
  });
});

describe('importanceBarsOption', () => {
  it('lists the options with the largest share on top (ECharts draws the first category lowest)', () => {
    const option = importanceBarsOption(study.importance, { animation: false });
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['dim', 'lr'] });
    expect((option.series as { data: number[] }[])[0]!.data).toEqual([0.3, 0.7]);
  });
});

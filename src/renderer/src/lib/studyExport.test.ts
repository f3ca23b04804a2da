import { describe, expect, it } from 'vitest';
import { sampleStudy, trial } from '../charts/studyFixture';
import { bestJson, exportName, trialsCsv } from './studyExport';

describe('the trials CSV', () => {
  it('has a row per trial and a column per searched option, the objective named', () => {
    const lines = trialsCsv(sampleStudy()).split('\r\n');
    expect(lines[0]).toBe('number,kind,arm,fold,state,valid.rmse,lr,dim,run,best_epoch,started,finished,note');
    expect(lines[1]).toBe('1,search,,,complete,0.9,0.001,16,101,2,2026-01-01T10:00:00.000Z,2026-01-01T10:01:00.000Z,');
    expect(lines[4]).toMatch(/^4,search,,,failed,,0.09,16,104,,.*,why 4$/);
    expect(lines[6]).toMatch(/^6,cv,trial 3,0,complete,0.8,/);
    expect(lines).toHaveLength(8); // header, 6 trials, the empty string after the last CRLF
  });

  it('quotes what needs quoting and keeps text from running as a formula', () => {
    const odd = { ...trial(1, 'failed', null, 0.01, 16), note: 'lr, "too high"', arm: '=HYPERLINK(1)' };
    const csv = trialsCsv(sampleStudy({ trials: [odd] }));
    expect(csv).toContain(`,'=HYPERLINK(1),`);
    expect(csv).toContain(',"lr, ""too high"""\r\n');
  });
});

describe('the best config JSON', () => {
  it('gives the config to train again with its value and metrics', () => {
    const best = JSON.parse(bestJson(sampleStudy())!) as Record<string, unknown>;
    expect(best).toMatchObject({
      study: 3,
      model: 'mf',
      trial: 3,
      value: 0.85,
      config: { model: 'mf', lr: 0.01, dim: 64 },
      metrics: { test: { rmse: 0.86 } },
    });
    expect(bestJson(sampleStudy({ best: null }))).toBeNull();
    expect(exportName(sampleStudy({ dataset: 'my movies' }), 'trials', 'csv')).toBe('my_movies-study3-trials.csv');
  });
});

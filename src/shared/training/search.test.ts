// Search spaces: the text syntax, its errors, and the default spaces checked against the options' own rules.
import { describe, expect, it } from 'vitest';
import { MODELS } from './config';
import { MODEL_RULES } from './models';
import { checkTrainRequest } from './resolve';
import {
  DEFAULT_SPACES,
  defaultsInSpace,
  defaultSpace,
  formatSpace,
  parseDimension,
  parseSpace,
  spaceProblems,
  TUNE_FIXED,
} from './search';

describe('the default search spaces', () => {
  it('name only options of their model, and every end of every range makes a config the rules accept', () => {
    for (const m of MODELS) {
      const space = DEFAULT_SPACES[m];
      expect(spaceProblems(m, space), m).toEqual([]);
      for (const [key, d] of Object.entries(space)) {
        expect(MODEL_RULES[m].options).toContain(key);
        for (const v of d.kind === 'choice' ? d.values : [d.low, d.high]) {
          const r = checkTrainRequest({ dataset: 'd', model: m, ...TUNE_FIXED[m], [key]: v }, 1);
          expect(r.ok ? [] : r.problems, `${m}.${key}=${v}`).toEqual([]);
        }
      }
    }
  });

  it('search the penalties around the defaults the fixed options give (the loss, the engine)', () => {
    const logRange = (low: number, high: number) => ({ kind: 'range', low, high, log: true, integer: false });
    expect(DEFAULT_SPACES.implicit.reg).toEqual(logRange(1e-5, 1e-3)); // WARP's 1e-4
    expect(defaultSpace('implicit', { loss: 'bpr' })).toMatchObject({
      reg: logRange(0.001, 0.1),
      regBias: logRange(1e-4, 0.01),
    });
    expect(defaultSpace('implicit', { engine: 'tfjs' }).reg).toEqual(logRange(0.001, 0.1)); // bpr there
    expect(DEFAULT_SPACES.mf.reg).toEqual(logRange(0.3, 4.8)); // λ 1.2 at ν = 0.5
    expect(defaultSpace('mf', { engine: 'tfjs' }).reg).toEqual(logRange(0.025, 0.4)); // λ 0.1 at ν = 1
  });

  it('hold every model’s defaults, which a study trains as its first trial (under the fixed options)', () => {
    for (const m of MODELS) expect(defaultsInSpace(m, DEFAULT_SPACES[m], TUNE_FIXED[m]), m).toHaveProperty('params');
    expect(defaultsInSpace('mf', DEFAULT_SPACES.mf)).toEqual({
      params: { dim: 64, lr: 0.03, reg: 1.2, regBias: 0.6 },
    });
    // The fixed options choose them: BPR's own, and a fixed dim where dim is searched too.
    const bpr = defaultSpace('implicit', { loss: 'bpr' });
    expect(defaultsInSpace('implicit', bpr, { loss: 'bpr', dim: 48 })).toMatchObject({
      params: { dim: 48, reg: 0.01, regBias: 0.001, nsExponent: 0.25 },
    });
    expect(defaultsInSpace('mf', { dim: { kind: 'choice', values: [16, 32] } })).toEqual({
      outside: 'dim 64 is outside 16|32',
    });
    expect(defaultsInSpace('mf', parseSpace('mf', 'lr=0.04..0.1:log'))).toEqual({
      outside: 'lr 0.03 is outside 0.04..0.1:log',
    });
  });

  it('read back from their own text', () => {
    for (const m of MODELS) expect(parseSpace(m, formatSpace(DEFAULT_SPACES[m]))).toEqual(DEFAULT_SPACES[m]);
  });
});

describe('the space syntax', () => {
  it('reads ranges, log ranges, lists, files of lines and JSON', () => {
    expect(parseSpace('mf', 'lr=0.001..0.1:log, reg=0..0.2,dim=16|32|64')).toEqual({
      lr: { kind: 'range', low: 0.001, high: 0.1, log: true, integer: false },
      reg: { kind: 'range', low: 0, high: 0.2, log: false, integer: false },
      dim: { kind: 'choice', values: [16, 32, 64] },
    });
    expect(parseSpace('mf', '# a comment\ndim=8..128:log\nschedule=constant|linear\n')).toEqual({
      dim: { kind: 'range', low: 8, high: 128, log: true, integer: true },
      schedule: { kind: 'choice', values: ['constant', 'linear'] },
    });
    expect(parseSpace('implicit', '{"lr": "0.01..0.1:log", "loss": ["bpr", "warp"]}')).toEqual({
      lr: { kind: 'range', low: 0.01, high: 0.1, log: true, integer: false },
      loss: { kind: 'choice', values: ['bpr', 'warp'] },
    });
  });

  it('refuses what the option’s rule refuses, saying which option and why', () => {
    expect(() => parseDimension('dim', '0..64')).toThrow(
      /dim=0..64: 0 does not fit: dim must be a whole number from 1 to 1024/,
    );
    expect(() => parseDimension('lr', '0..0.1')).toThrow(/lr must be a number above 0/);
    expect(() => parseDimension('reg', '0..1:log')).toThrow(/a log range needs a low end above 0/);
    expect(() => parseDimension('reg', '0.2..0.1')).toThrow(/low end of a range must be below its high end/);
    expect(() => parseDimension('loss', 'bpr..warp')).toThrow(/list the values/);
    expect(() => parseDimension('loss', 'bpr|hinge')).toThrow(/"hinge" does not fit: loss must be bpr or warp/);
    expect(() => parseDimension('hidden', '16|32')).toThrow(/hidden is a list; it cannot be searched/);
    expect(() => parseSpace('mf', 'window=2..8')).toThrow(/mf has no option "window"; its options are/);
    expect(() => parseSpace('mf', 'lr')).toThrow(/"lr" is not option=spec/);
    expect(() => parseSpace('mf', '')).toThrow(/empty/);
    expect(() => parseSpace('mf', '{"lr": ')).toThrow(/not valid JSON/);
  });
});

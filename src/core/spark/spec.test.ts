import { describe, expect, it } from 'vitest';
import { MF_PER_RATING, MODEL_RULES } from '../../shared';
import { sparkJobSettings } from './spec';

describe('MLlib settings from a training request', () => {
  it('maps mf to explicit ALS one to one, with the app defaults where the request is silent', () => {
    const s = sparkJobSettings({ dataset: 'd', model: 'mf', dim: 12, epochs: 7, reg: 0.03, seed: 5 });
    expect(s.job).toBe('als');
    expect(s.params).toEqual({ rank: 12, maxIter: 7, regParam: 0.03, implicitPrefs: false, seed: 5 });
    const d = sparkJobSettings({ dataset: 'd', model: 'mf' });
    // MLlib's ALS is ALS-WR (ν = 1): a silent reg is the app's best λ at ν = 1, not the default for ν = 0.5, and
    // the run's record says what MLlib did (exact ALS, per-rating penalty, no carved validation split).
    expect(d.params).toMatchObject({
      rank: MODEL_RULES.mf.defaults.dim,
      maxIter: MODEL_RULES.mf.defaults.epochs,
      regParam: MF_PER_RATING.reg,
    });
    expect(MF_PER_RATING.reg).not.toBe(MODEL_RULES.mf.defaults.reg);
    expect(d.config).toMatchObject({ model: 'mf', solver: 'als', regExponent: 1, holdout: 0 });
  });

  it('maps implicit to ALS with implicitPrefs, alpha and blocks; k stays for the app’s own metrics', () => {
    const s = sparkJobSettings({ dataset: 'd', model: 'implicit', dim: 16, k: 20 }, { alpha: 40, numPartitions: 4 });
    expect(s.params).toMatchObject({ rank: 16, implicitPrefs: true, alpha: 40, numUserBlocks: 4, numItemBlocks: 4 });
    expect(s.config.model === 'implicit' && s.config.k).toBe(20);
  });

  it('maps sgns to Word2Vec: vectorSize, windowSize, minCount, maxIter, stepSize, numPartitions, seed', () => {
    const s = sparkJobSettings(
      {
        dataset: 'd',
        model: 'sgns',
        dim: 50,
        window: 3,
        minCount: 2,
        epochs: 4,
        lr: 0.05,
        seed: 9,
        schedule: 'linear',
      },
      { numPartitions: 2 },
    );
    expect(s).toMatchObject({
      job: 'word2vec',
      params: { vectorSize: 50, windowSize: 3, minCount: 2, maxIter: 4, stepSize: 0.05, seed: 9, numPartitions: 2 },
    });
  });

  it('refuses options MLlib lacks, naming each and why', () => {
    const refuse = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    const als = refuse(() => sparkJobSettings({ dataset: 'd', model: 'mf', lr: 0.1, regBias: 0.01 }));
    expect(als).toMatch(/^MLlib has no equivalent of lr \(.*learning rate\); regBias \(.*bias.*\): drop lr, regBias$/);
    expect(refuse(() => sparkJobSettings({ dataset: 'd', model: 'implicit', loss: 'bpr' }))).toMatch(
      /loss \(.*BPR or WARP/,
    );
    expect(refuse(() => sparkJobSettings({ dataset: 'd', model: 'sgns', negative: 10, sample: 0 }))).toMatch(
      /negative \(.*hierarchical softmax.*\); sample \(.*subsample.*drop negative, sample/,
    );
    expect(refuse(() => sparkJobSettings({ dataset: 'd', model: 'mf', threads: 4 }))).toMatch(/threads \(.*local\[N\]/);
    expect(refuse(() => sparkJobSettings({ dataset: 'd', model: 'mf' }, { alpha: 1 }))).toMatch(/alpha \(.*implicit/);
    expect(refuse(() => sparkJobSettings({ dataset: 'd', model: 'cbow' }))).toMatch(/cbow trains on this machine only/);
    expect(refuse(() => sparkJobSettings({ dataset: 'd', model: 'classifier' }))).toMatch(
      /classifier trains on this machine only/,
    );
  });

  it('still checks ranges through the app’s own rules', () => {
    expect(() => sparkJobSettings({ dataset: 'd', model: 'mf', dim: 0 })).toThrow(/dim must be a whole number/);
    expect(() => sparkJobSettings({ dataset: 'd', model: 'implicit' }, { alpha: -1 })).toThrow(/alpha must be/);
    expect(() => sparkJobSettings({ dataset: 'd', model: 'mf' }, { numPartitions: 0.5 })).toThrow(/numPartitions/);
  });
});

import { describe, expect, it } from 'vitest';
import { sparkProgress } from './sparkRun';

describe('a Spark job’s events as run progress', () => {
  it('says what the job does, counts iterations as epochs and Spark’s tasks as the fraction', () => {
    const fold = sparkProgress(4, 1000, 'local[2]');
    const start = fold({ event: 'start', command: 'train', spark: '4.3.0', master: 'local[2]', appId: 'a' }, 'train');
    expect(start).toMatchObject({ epoch: 1, fraction: 0, etaSeconds: null, note: 'Spark 4.3.0 started (local[2], a)' });
    expect(fold({ event: 'stage', name: 'read', job: 'als' }, 'train').note).toBe('reading the data');
    expect(fold({ event: 'stage', name: 'train', job: 'als' }, 'train').note).toBe('training');
    expect(fold({ event: 'tasks', done: 3, total: 12 }, 'train')).toMatchObject({ epoch: 1, fraction: 0.25 });
    const second = fold({ event: 'iteration', iteration: 1, of: 4, seconds: 1 }, 'train');
    expect(second).toMatchObject({ epoch: 2, fraction: 0, note: 'training' });
    expect(second.examplesPerSecond).toBeGreaterThan(0);
    expect(second.etaSeconds).toBeGreaterThanOrEqual(0);
    fold({ event: 'iteration', iteration: 4, of: 4, seconds: 2 }, 'train');
    expect(fold({ event: 'stage', name: 'write', job: 'als' }, 'train')).toMatchObject({
      epoch: 4,
      fraction: 1,
      note: 'writing the factors',
    });
    expect(fold({ event: 'copied', source: 'a', target: 'b', seconds: 1 }, 'copy-out').note).toBe(
      'copying the factors back',
    );
  });
});

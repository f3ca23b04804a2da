import { describe, expect, it } from 'vitest';
import { buildSparkOptions, defaultSparkDraft, sparkTrains } from './sparkForm';

const draft = defaultSparkDraft();

describe('the Train form’s Run on Spark', () => {
  it('offers Spark for the models MLlib trains only', () => {
    expect(['mf', 'implicit', 'sgns', 'cbow', 'classifier'].filter((m) => sparkTrains(m as never))).toEqual([
      'mf',
      'implicit',
      'sgns',
    ]);
  });

  it('makes SparkOptions from the fields: conf one per line, an empty stage left to the app', () => {
    const built = buildSparkOptions(
      { ...draft, enabled: true, master: ' local[2] ', conf: 'spark.driver.memory=2g\n\n# a note\n', alpha: 4 },
      { dataset: 'd', model: 'implicit' },
    );
    expect(built).toEqual({
      ok: true,
      options: { master: 'local[2]', conf: ['spark.driver.memory=2g'], alpha: 4 },
    });
    // alpha left in the field from an implicit run is not sent with mf.
    expect(buildSparkOptions({ ...draft, alpha: 4, partitions: 3 }, { dataset: 'd', model: 'mf' })).toEqual({
      ok: true,
      options: { master: 'local[*]', numPartitions: 3 },
    });
  });

  it('lists every problem: the master, conf lines, settings MLlib lacks', () => {
    const built = buildSparkOptions(
      { ...draft, master: 'mesos://x', conf: 'spark.executor.memory\nspark.jars=/tmp/x.jar' },
      { dataset: 'd', model: 'mf', lr: 0.1 },
    );
    expect(built.ok).toBe(false);
    expect(!built.ok && built.problems).toEqual([
      expect.stringMatching(/mesos:\/\/x" is not one Spark knows/),
      expect.stringMatching(/conf "spark.executor.memory" is not key=value/),
      expect.stringMatching(/spark.jars is not taken from the app's window/),
      expect.stringMatching(/MLlib has no equivalent of lr/),
    ]);
  });
});

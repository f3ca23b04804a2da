import { describe, expect, it } from 'vitest';
import { frontEndConfProblem, hideSecretConf, isLocalMaster, sparkMasterProblem } from './spark';
import { sparkProblems } from './training';

describe('Spark settings as every front end checks them', () => {
  it('takes resource, queue, image and filesystem settings from a front end, not ones that run programs here', () => {
    for (const ok of [
      'spark.executor.memory=8g',
      'spark.driver.memory=4g',
      'spark.cores.max=64',
      'spark.yarn.queue=analytics',
      'spark.kubernetes.container.image=repo/spark:4',
      'spark.hadoop.fs.s3a.endpoint=http://minio:9000',
      'spark.ui.enabled=false',
    ])
      expect(frontEndConfProblem(ok), ok).toBeNull();
    for (const bad of [
      'spark.driver.extraJavaOptions=-XX:OnOutOfMemoryError=touch /tmp/x',
      'spark.jars=/tmp/evil.jar',
      'spark.pyspark.python=/bin/sh',
      'spark.driver.resource.gpu.discoveryScript=/tmp/x.sh',
      'spark.executor.extraLibraryPath=/tmp',
      'no-equals-sign',
    ])
      expect(frontEndConfProblem(bad), bad).toMatch(/pass it with ewb spark train/);
  });

  it('keeps credentials out of a run’s record', () => {
    expect(hideSecretConf('spark.hadoop.fs.s3a.secret.key=abc')).toBe('spark.hadoop.fs.s3a.secret.key=***');
    expect(hideSecretConf('spark.hadoop.fs.s3a.access.key=AKIA')).toBe('spark.hadoop.fs.s3a.access.key=***');
    expect(hideSecretConf('spark.hadoop.fs.azure.sas.token=x=y')).toBe('spark.hadoop.fs.azure.sas.token=***');
    expect(hideSecretConf('spark.executor.memory=8g')).toBe('spark.executor.memory=8g');
  });

  it('knows the masters spark-submit takes', () => {
    for (const m of ['local', 'local[2]', 'local[*]', 'local[4,2]', 'spark://h:7077', 'yarn', 'k8s://https://h:443'])
      expect(sparkMasterProblem(m), m).toBeNull();
    expect(sparkMasterProblem('mesos://h')).toMatch(/not one Spark knows: use local\[N\]/);
    expect(isLocalMaster('local[2]') && !isLocalMaster('yarn')).toBe(true);
  });

  it('collects every problem of a request for Spark in one list', () => {
    expect(sparkProblems({ dataset: 'd', model: 'implicit', loss: 'bpr' }, { alpha: -1, numPartitions: 0 })).toEqual([
      expect.stringMatching(/^MLlib has no equivalent of loss \(.*\): drop loss$/),
      'alpha must be a number ≥ 0 (got -1)',
      'numPartitions must be a whole number from 1 to 100000 (got 0)',
    ]);
    expect(sparkProblems({ dataset: 'd', model: 'sgns', schedule: 'linear', lr: 0.05 })).toEqual([]);
  });
});

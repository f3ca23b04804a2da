import { describe, expect, it } from 'vitest';
import { checkMaster, isUri, parseConf, showCommand, submitCommand } from './command';

const submit = { path: '/opt/spark/bin/spark-submit', source: 'SPARK_HOME' as const, env: {} };
const job = {
  jobFile: '/app/resources/spark/ewb_spark.py',
  jobArgs: ['train', '--stage', '/tmp/s'],
  name: 'ewb als train',
};

describe('the spark-submit command line', () => {
  it('accepts the masters Spark knows and refuses others with the forms it takes', () => {
    for (const m of ['local', 'local[2]', 'local[*]', 'local[4,2]', 'spark://h:7077', 'yarn', 'k8s://https://h:443'])
      expect(() => checkMaster(m)).not.toThrow();
    for (const m of ['', 'local[]', 'local[two]', 'mesos://h:5050', 'yarn-cluster', 'spark://'])
      expect(() => checkMaster(m)).toThrow(/use local\[N\].*spark:\/\/HOST:PORT, yarn, or k8s/);
  });

  it('passes --conf through, the user’s value winning over our defaults, each key once', () => {
    const cmd = submitCommand(submit, {
      ...job,
      master: 'yarn',
      conf: ['spark.log.level=INFO', 'spark.executor.memory=8g'],
    });
    expect(cmd.file).toBe('/opt/spark/bin/spark-submit');
    expect(cmd.args).toEqual([
      '--master',
      'yarn',
      '--name',
      'ewb als train',
      '--conf',
      'spark.ui.showConsoleProgress=false',
      '--conf',
      'spark.log.level=INFO',
      '--conf',
      'spark.executor.memory=8g',
      '/app/resources/spark/ewb_spark.py',
      'train',
      '--stage',
      '/tmp/s',
    ]);
    expect(cmd.env).toEqual({});
  });

  it('binds a local driver to the loopback address', () => {
    const cmd = submitCommand({ ...submit, env: { PYSPARK_PYTHON: '/v/bin/python' } }, { ...job, master: 'local[2]' });
    expect(cmd.args.join(' ')).toContain(
      '--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1',
    );
    expect(cmd.env).toEqual({ SPARK_LOCAL_IP: '127.0.0.1', PYSPARK_PYTHON: '/v/bin/python' });
  });

  it('refuses a --conf that is not key=value, naming it', () => {
    expect(() => parseConf(['spark.a=1', 'oops'])).toThrow(/--conf "oops" is not key=value/);
    expect(() => parseConf(['=1'])).toThrow(/"=1"/);
    expect(parseConf(['spark.hadoop.fs.s3a.endpoint=http://h:9000?a=b'])).toEqual(
      new Map([['spark.hadoop.fs.s3a.endpoint', 'http://h:9000?a=b']]),
    );
  });

  it('tells URIs from local paths, and shows a command as a shell would take it', () => {
    expect(['hdfs://nn/x', 's3a://b/k', 'file:///mnt/x', 'abfss://c@a.dfs.core.windows.net/x'].every(isUri)).toBe(true);
    expect(['/tmp/x', 'stage', './s3a', 'C:\\x'].some(isUri)).toBe(false);
    const cmd = submitCommand(submit, { ...job, master: 'local[2]', jobArgs: ['train', '--stage', "/tmp/it's here"] });
    expect(showCommand(cmd)).toMatch(/^\/opt\/spark\/bin\/spark-submit --master local\[2\] .* '\/tmp\/it'\\''s here'$/);
  });
});

// trainOnSpark's refusals and failures that need no Spark: stand-in java and spark-submit scripts on PATH.
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InteractionColumns } from '../store/datasets';
import { tempDir } from '../testing';
import { trainOnSpark, type SparkTrainOptions } from './trainOnSpark';

const tmp = tempDir();
afterAll(tmp.cleanup);

function script(dir: string, name: string, body: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

const java17 = join(tmp.dir, 'java17');
script(java17, 'java', `echo 'openjdk version "17.0.15" 2025-04-15' >&2`);
const failing = join(tmp.dir, 'failing-spark');
script(
  failing,
  'spark-submit',
  `echo '{"event":"start","command":"train","spark":"4.3.0","master":"local[2]","appId":"a"}'
echo 'java.lang.OutOfMemoryError: Java heap space' >&2
exit 1`,
);

const data: InteractionColumns = {
  users: Int32Array.from([2, 3, 2]),
  items: Int32Array.from([2, 2, 3]),
  ratings: Float32Array.from([5, 3, 1]),
  splits: Uint8Array.from([0, 0, 2]),
  numUsers: 4,
  numItems: 4,
};

const run = (o: Partial<SparkTrainOptions>, env: NodeJS.ProcessEnv): Promise<string> =>
  trainOnSpark({
    request: { dataset: 'd', model: 'mf', dim: 4 },
    spark: { master: 'local[2]' },
    input: { kind: 'interactions', data },
    jobFile: '/nowhere/ewb_spark.py',
    venvs: [],
    env,
    ...o,
  }).then(
    () => 'trained',
    (e: Error & { code: string }) => `${e.code}: ${e.message}`,
  );

describe('trainOnSpark before and around the job', () => {
  it('refuses settings MLlib lacks and a dataset of the wrong kind before touching Java or a stage', async () => {
    const env = { PATH: '' };
    expect(await run({ request: { dataset: 'd', model: 'mf', lr: 0.1 } }, env)).toMatch(
      /^BadRequest: MLlib has no .* lr/,
    );
    const seqs = {
      kind: 'sequences' as const,
      data: { role: 'word', tokens: new Int32Array(), offsets: Int32Array.of(0), splits: new Uint8Array(), rows: 2 },
    };
    expect(await run({ input: seqs }, env)).toMatch(
      /^DatasetInvalid: mf on Spark trains on interactions; this dataset has sequences/,
    );
    const heldOut = { ...data, splits: Uint8Array.from([1, 2, 2]) };
    expect(await run({ input: { kind: 'interactions', data: heldOut } }, env)).toMatch(/no training rows/);
  });

  it('says what is missing: Java, then spark-submit', async () => {
    expect(await run({}, { PATH: join(tmp.dir, 'empty') })).toMatch(
      /^NotFound: Spark needs Java 17 or newer and there is none/,
    );
    expect(await run({}, { PATH: java17 })).toMatch(/^NotFound: no spark-submit: none given/);
  });

  it('refuses a stage folder it cannot use', async () => {
    const file = join(tmp.dir, 'plain-file');
    writeFileSync(file, '');
    const env = { PATH: `${java17}:${failing}` };
    expect(await run({ spark: { master: 'local[2]', stage: join(file, 'sub') } }, env)).toMatch(
      /^FileUnreadable: the stage folder .*plain-file\/sub cannot be used \(ENOTDIR\)/,
    );
  });

  it('a failed job reaches the caller with its output tail and leaves no run folder', async () => {
    const stage = join(tmp.dir, 'stage');
    const msg = await run({ spark: { master: 'local[2]', stage } }, { PATH: `${java17}:${failing}` });
    expect(msg).toMatch(/^RunFailed: Spark job failed: spark-submit exited with code 1\n/);
    expect(msg).toContain('java.lang.OutOfMemoryError: Java heap space');
    expect(readdirSync(stage)).toEqual([]);
  });
});

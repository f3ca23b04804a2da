// runJob against stand-ins for spark-submit (shell scripts), so every path runs without Spark.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SparkJobEvent } from '../../shared';
import { tempDir } from '../testing';
import type { SubmitCommand } from './command';
import { runJob } from './runJob';

const tmp = tempDir();
afterAll(tmp.cleanup);

function fakeSubmit(name: string, body: string): SubmitCommand {
  const file = join(tmp.dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return { file, args: ['--master', 'local[2]', 'job.py', 'train'], env: { EWB_FAKE: 'yes' } };
}

/** Running, as opposed to gone or a zombie waiting for a parent that may never reap it (PID 1 here). */
const running = (pid: number): boolean => {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
};

describe('running a Spark job', () => {
  it('turns its stdout into events, in order, passing over other output; the environment reaches it', async () => {
    const cmd = fakeSubmit(
      'ok.sh',
      `echo 'stray print'
echo '{"event":"start","command":"train","spark":"4.3.0","master":"local[2]","appId":"'$EWB_FAKE'"}'
printf '{"event":"iteration","iteration":1,'; printf '"of":2,"seconds":0.5}\\n'
echo '26/12/04 20:31:35 WARN Utils: something' >&2
printf '{"event":"done","job":"als","tables":{},"seconds":1}'`,
    );
    const seen: SparkJobEvent[] = [];
    const run = await runJob(cmd, { onEvent: (e) => seen.push(e) });
    expect(run.events.map((e) => e.event)).toEqual(['start', 'iteration', 'done']);
    expect(run.events[0]).toMatchObject({ appId: 'yes' });
    expect(seen).toEqual(run.events);
  });

  it("fails with the job's own error, the command and the tail of stderr without Spark's INFO lines", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `echo 'trace line ${i}' >&2`).join('\n');
    const cmd = fakeSubmit(
      'fail.sh',
      `echo '26/12/04 20:31:35 INFO SparkContext: Running Spark version 4.3.0' >&2
${lines}
echo '{"event":"error","message":"[PATH_NOT_FOUND] Path does not exist: file:/s/interactions.parquet."}'
sleep 0.3
echo 'Traceback (most recent call last): on stdout, as PythonRunner merges the driver stderr there'
echo '26/12/04 20:31:36 INFO ShutdownHookManager: Shutdown hook called' >&2
exit 1`,
    );
    const err = await runJob(cmd).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({ code: 'RunFailed' });
    const msg = (err as Error).message;
    expect(msg).toMatch(
      /^Spark job failed: \[PATH_NOT_FOUND\] Path does not exist: file:\/s\/interactions\.parquet\.\n/,
    );
    expect(msg).toContain(`$ ${cmd.file} --master 'local[2]' job.py train`.replace("'local[2]'", 'local[2]'));
    expect(msg).toContain('trace line 59');
    expect(msg).toMatch(/trace line 59\nTraceback \(most recent call last\): on stdout/);
    expect(msg).toContain('trace line 21');
    expect(msg).not.toContain('trace line 20');
    expect(msg).not.toContain('INFO');
  });

  it('keeps the first frames of each JVM stack in the tail, so the Python traceback before it stays', async () => {
    const frames = Array.from({ length: 80 }, (_, i) => `printf '\\tat org.apache.Frame${i}(X.java:1)\\n' >&2`).join(
      '\n',
    );
    const cmd = fakeSubmit(
      'stack.sh',
      `echo 'Traceback (most recent call last):' >&2
echo 'pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND]' >&2
echo 'JVM stacktrace:' >&2
${frames}
echo 'Caused by: java.io.FileNotFoundException: x' >&2
${frames}
exit 1`,
    );
    const msg = await runJob(cmd).then(
      () => 'succeeded',
      (e: Error) => e.message,
    );
    const tail = msg.split("--- last lines of spark-submit's output ---\n")[1]!.split('\n');
    expect(tail).toEqual([
      'Traceback (most recent call last):',
      'pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND]',
      'JVM stacktrace:',
      '\tat org.apache.Frame0(X.java:1)',
      '\tat org.apache.Frame1(X.java:1)',
      '\tat org.apache.Frame2(X.java:1)',
      '\t… more frames',
      'Caused by: java.io.FileNotFoundException: x',
      '\tat org.apache.Frame0(X.java:1)',
      '\tat org.apache.Frame1(X.java:1)',
      '\tat org.apache.Frame2(X.java:1)',
      '\t… more frames',
    ]);
  });

  it('fails with the exit code when the job said nothing', async () => {
    const err = await runJob(fakeSubmit('exit3.sh', "echo 'Error: Unrecognized option: --bad' >&2; exit 3")).catch(
      (e: Error) => e,
    );
    expect((err as Error).message).toMatch(/spark-submit exited with code 3[\s\S]*Unrecognized option: --bad/);
  });

  it('cancel kills the driver and what it started, and says Cancelled', async () => {
    const pidFile = join(tmp.dir, 'child.pid');
    const cmd = fakeSubmit(
      'slow.sh',
      `sleep 60 & echo $! > ${pidFile}
echo '{"event":"start","command":"train","spark":"4.3.0","master":"local[2]","appId":"a"}'
wait`,
    );
    const abort = new AbortController();
    const started = performance.now();
    const err = await runJob(cmd, {
      signal: abort.signal,
      onEvent: (e) => e.event === 'start' && abort.abort(),
    }).catch((e: Error & { code: string }) => e);
    expect(err).toMatchObject({ code: 'Cancelled' });
    expect(performance.now() - started).toBeLessThan(20_000);
    const child = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(running(child)).toBe(false);
  });

  it('says NotFound when spark-submit cannot be started', async () => {
    const cmd = { file: join(tmp.dir, 'no-such-spark-submit'), args: [], env: {} };
    await expect(runJob(cmd)).rejects.toMatchObject({
      code: 'NotFound',
      message: /cannot start .*no-such-spark-submit/,
    });
  });
});

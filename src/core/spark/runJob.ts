// Runs one spark-submit: its progress lines become events, its other output's last lines are kept for the error a
// failed job gives, and an abort kills the whole driver (spark-submit execs the JVM, which runs the Python).
import { spawn } from 'node:child_process';
import type { SparkJobEvent } from '../../shared';
import { WorkbenchError } from '../../shared';
import { showCommand, type SubmitCommand } from './command';
import { lineSplitter, parseJobLine, Tail } from './events';

export interface JobRun {
  events: SparkJobEvent[];
  seconds: number;
}

/** Spark's INFO lines (log4j's default `yy/MM/dd HH:mm:ss INFO …`) say nothing about why a job failed. */
const INFO_LINE = /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d INFO /;
const JAVA_FRAME = /^\s+at \S/;
const MAX_FRAMES = 3;
/** After SIGTERM, how long the driver gets to stop its executors before SIGKILL. */
const KILL_GRACE_MS = 5000;

export function runJob(
  cmd: SubmitCommand,
  opts: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; onEvent?: (e: SparkJobEvent) => void } = {},
): Promise<JobRun> {
  const started = performance.now();
  const events: SparkJobEvent[] = [];
  const tail = new Tail(40);
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new WorkbenchError('Cancelled', 'the Spark run was cancelled'));
    // Its own process group, so that cancel reaches the JVM and the Python driver it started.
    const child = spawn(cmd.file, cmd.args, {
      env: { ...(opts.env ?? process.env), ...cmd.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let frames = 0;
    const keep = (line: string): void => {
      if (!line.trim() || INFO_LINE.test(line)) return;
      // A JVM stack runs to hundreds of `at …` lines that would push the Python traceback and the exception's
      // own message out of the tail: the first few frames say where, the rest become one line.
      if (JAVA_FRAME.test(line)) {
        frames++;
        if (frames === MAX_FRAMES + 1) tail.push('\t… more frames');
        if (frames > MAX_FRAMES) return;
      } else frames = 0;
      tail.push(line);
    };
    // spark-submit runs the Python driver with its stderr merged into stdout (PythonRunner), so a traceback
    // arrives on stdout: every line that is not an event joins the tail with the JVM's stderr.
    const stdout = lineSplitter((line) => {
      const e = parseJobLine(line);
      if (!e) return keep(line);
      events.push(e);
      opts.onEvent?.(e);
    });
    const stderr = lineSplitter(keep);
    child.stdout.setEncoding('utf8').on('data', stdout.push);
    child.stderr.setEncoding('utf8').on('data', stderr.push);
    let cancelled = false;
    let killer: NodeJS.Timeout | undefined;
    const kill = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const onAbort = (): void => {
      cancelled = true;
      kill('SIGTERM');
      killer = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(
        new WorkbenchError(
          err.code === 'ENOENT' ? 'NotFound' : 'RunFailed',
          `cannot start ${cmd.file}: ${err.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', onAbort);
      clearTimeout(killer);
      stdout.end();
      stderr.end();
      if (cancelled) return reject(new WorkbenchError('Cancelled', 'the Spark run was cancelled (driver killed)'));
      const failure = events.find((e): e is Extract<SparkJobEvent, { event: 'error' }> => e.event === 'error');
      if (code === 0 && !failure) return resolve({ events, seconds: (performance.now() - started) / 1000 });
      const why = failure?.message ?? `spark-submit exited with ${code !== null ? `code ${code}` : `signal ${signal}`}`;
      reject(
        new WorkbenchError(
          'RunFailed',
          `Spark job failed: ${why}\n$ ${showCommand(cmd)}\n--- last lines of spark-submit's output ---\n${tail.text()}`,
        ),
      );
    });
  });
}

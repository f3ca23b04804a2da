// For CLI tests: runs `ewb` as a script does (a child process in a folder) and reads its --json lines.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ewb` run in `cwd`; never throws, the exit code says how it went. */
export function cliIn(cwd: string): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [EWB, ...args], { cwd });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

/** Every JSON line of an --json output. */
export const jsonLines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

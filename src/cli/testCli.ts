// Test support: run `ewb` as a script would (its own Node process, from source) and read its JSON lines.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ewb ...args` in `cwd`; a non-zero exit is returned, not thrown. */
export async function runEwb(cwd: string, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [EWB, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The last JSON line of a `--json` run: its result (or error). */
export const lastJson = <T = Record<string, unknown>>(out: string): T =>
  JSON.parse(out.trim().split('\n').at(-1)!) as T;

/** `runEwb` bound to a folder, for tests that run many commands there. */
export const cliIn =
  (cwd: string) =>
  (...args: string[]): Promise<CliRun> =>
    runEwb(cwd, ...args);

/** Every JSON line of an --json output. */
export const jsonLines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

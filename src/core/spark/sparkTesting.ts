// For tests that run the real Spark job: whether this machine can (Java 17 and a spark-submit, as docs/spark.md
// finds them), and the processes a job left running, found by a marker in their command line.
import { readdirSync, readFileSync } from 'node:fs';
import { checkJava, locateSparkSubmit } from './locate';

/** Why the real Spark tests cannot run here (one line for the skip message), or null when they can. */
export function sparkMissing(): string | null {
  try {
    checkJava();
    locateSparkSubmit();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Live processes whose command line contains `marker` (Linux /proc; a JVM and a Python driver of a stage). */
export function processesWith(marker: string): { pid: number; args: string }[] {
  const found: { pid: number; args: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(')').at(-1)!.trim()[0];
      if (args.includes(marker) && state !== 'Z') found.push({ pid: Number(name), args });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

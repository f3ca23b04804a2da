// How idle the shared machine is before a benchmark's figures are quoted: `vmstat 1 2`'s second line (the first
// averages since boot), its `id` column.
import { execFileSync } from 'node:child_process';

export function idleShare(): number {
  const lines = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
  const header = lines[1]!.trim().split(/\s+/);
  return Number(lines[lines.length - 1]!.trim().split(/\s+/)[header.indexOf('id')]);
}

/** Prints the idle share (and a warning when the figures that follow cannot be trusted); returns it. */
export function printIdle(when = 'before the run'): number {
  const idle = idleShare();
  console.log(`vmstat idle ${when}: ${idle}%${idle < 90 ? '  (NOT idle: timings are unreliable)' : ''}`);
  return idle;
}

// Runs a command and measures what a user would see of it: wall time and peak memory (RSS) of the process and
// every process it starts (ewb's training runs in a child process of the CLI), read from /proc (Linux).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Measured {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** The highest sum of VmRSS over the process tree seen by polling every 50 ms, in MiB. */
  peakMiB: number;
}

/** VmRSS or VmHWM of a process in KiB (0 once it has gone). */
function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and all its descendants, from the parent pid in /proc/N/stat. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after its last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended while we read
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

/**
 * Runs `command args` to the end. A single process's own high-water mark (VmHWM) is exact; for a tree the
 * peak is the largest polled sum of VmRSS, so a spike shorter than the poll interval can be missed.
 */
export function measure(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let peakKiB = 0;
  const poll = (): void => {
    if (child.pid === undefined) return;
    const pids = tree(child.pid);
    const sum = pids.reduce((s, pid) => s + statusKiB(pid, 'VmRSS'), 0);
    peakKiB = Math.max(peakKiB, sum, pids.length === 1 ? statusKiB(child.pid, 'VmHWM') : 0);
  };
  const timer = setInterval(poll, 50);
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearInterval(timer);
      resolve({
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
        peakMiB: peakKiB / 1024,
      });
    });
  });
}

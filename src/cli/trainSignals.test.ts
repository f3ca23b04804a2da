// `ewb train` under signals: Ctrl-C cancels the run cleanly and says how to resume it (which then finishes it);
// kill -9 of the CLI takes its training thread (or, with EWB_TRAINER=process, its training process) down too, and
// the next front end marks the run interrupted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlessServices } from '../core/headless';
import { tempDir, writePlantedRatings } from '../core/testing';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const tmp = tempDir();
const db = join(tmp.dir, 'signals.db');
afterAll(tmp.cleanup);

beforeAll(() => {
  const file = join(tmp.dir, 'ratings.csv');
  writePlantedRatings(file, { users: 2000 });
  const r = spawnSync(process.execPath, [EWB, 'import', file, '--db', db, '--dataset', 'ratings'], {
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
});

// Patience 0: a long run whatever the curve does (mf stops early by default).
const TRAIN = [
  'train',
  '--db',
  db,
  '--dataset',
  'ratings',
  '--epochs',
  '2000',
  '--patience',
  '0',
  '--dim',
  '8',
  '--threads',
  '1',
];

/**
 * Starts a long `ewb train --json` and resolves with it (and its first epoch reported) once a second epoch is
 * reported: an epoch's checkpoint reaches the store after its metrics, so only then is the first one kept.
 */
function trainingAfterEpoch1(
  args = TRAIN,
  trainer: 'thread' | 'process' = 'thread',
): Promise<{ child: ChildProcess; runId: number; epoch: number; out: () => string; err: () => string }> {
  const child = spawn(process.execPath, [EWB, ...args, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, EWB_TRAINER: trainer },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ewb train ended (${code}) before an epoch: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const epochs = out.split('\n').filter((l) => l.includes('"event":"epoch"'));
      if (epochs.length < 2) return;
      const e = JSON.parse(epochs[0]!) as { runId: number; metrics: { epoch: number } };
      resolve({ child, runId: e.runId, epoch: e.metrics.epoch, out: () => out, err: () => err });
    });
  });
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (c) => r(c)));

/** The pids of a process's children. */
function childrenOf(pid: number): number[] {
  return spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map(Number)
    .filter((p) => p > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ewb train under signals', () => {
  it('Ctrl-C cancels the run cleanly, keeps its last epoch, and --resume goes on from there', async () => {
    const t = await trainingAfterEpoch1();
    t.child.kill('SIGINT');
    expect(await exited(t.child)).toBe(1);
    expect(t.err()).toMatch(new RegExp(`run ${t.runId} cancelled \\(SIGINT\\); its tables after epoch \\d+ are kept`));
    expect(t.out().trim().split('\n').at(-1)).toMatch(/"type":"error".*"code":"Cancelled"/);
    const services = headlessServices(db, () => undefined);
    const run = await services.handlers['runs:get']({ runId: t.runId }).finally(() => services.close());
    expect(run.status).toBe('cancelled');
    const checkpoint = run.checkpointEpoch!;
    expect(checkpoint).toBeGreaterThanOrEqual(1);
    // It continues the run as configured (to 2,000 epochs: the test stops it again once it has gone on).
    const resumed = await trainingAfterEpoch1(['train', '--db', db, '--resume', String(t.runId)]);
    expect(resumed).toMatchObject({ runId: t.runId, epoch: checkpoint + 1 });
    resumed.child.kill('SIGINT');
    expect(await exited(resumed.child)).toBe(1);
    // --resume takes no other training flag.
    const refused = spawnSync(process.execPath, [
      EWB,
      'train',
      '--db',
      db,
      '--resume',
      String(t.runId),
      '--epochs',
      '3',
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.toString()).toMatch(/--resume continues a run as it was configured; leave out --epochs/);
  }, 60_000);

  it.each(['thread', 'process'] as const)(
    'kill -9 of ewb train (training in a %s): nothing trains on, and the next start marks the run interrupted',
    async (trainer) => {
      const t = await trainingAfterEpoch1(TRAIN, trainer);
      const children = childrenOf(t.child.pid!);
      expect(children.length).toBe(trainer === 'process' ? 1 : 0);
      t.child.kill('SIGKILL');
      await exited(t.child);
      // The orphan notices its parent is gone (IPC closed, parent changed) and leaves.
      for (let i = 0; i < 50 && children.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
      expect(children.filter(alive)).toEqual([]);
      const services = headlessServices(db, () => undefined);
      try {
        const run = await services.handlers['runs:get']({ runId: t.runId });
        expect(run.status).toBe('interrupted');
        expect(run.error).toMatch(new RegExp(`ewb train --resume ${t.runId}`));
      } finally {
        services.close();
      }
    },
    60_000,
  );

  // A training thread's end without a result is covered in core/train/threadTrainer.test.ts.
  it('kill -9 of the training process: the run fails saying so, keeps its last epoch, and can be resumed', async () => {
    const t = await trainingAfterEpoch1(TRAIN, 'process');
    const [trainer] = childrenOf(t.child.pid!);
    expect(trainer).toBeGreaterThan(0); // never kill(0): that is the whole process group
    process.kill(trainer!, 'SIGKILL');
    expect(await exited(t.child)).toBe(1);
    expect(t.err()).toMatch(/the training process exited \(SIGKILL\)/);
    const services = headlessServices(db, () => undefined);
    try {
      const run = await services.handlers['runs:get']({ runId: t.runId });
      expect(run).toMatchObject({ status: 'failed', errorCode: 'RunFailed' });
      expect(run.checkpointEpoch).toBeGreaterThanOrEqual(1);
    } finally {
      services.close();
    }
  }, 60_000);
});

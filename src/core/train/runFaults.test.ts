// Runs never stay "running": a run whose process died is marked interrupted at the next start (and only then),
// a database that refuses a run's write fails that run with a reason while the process stays up, and a stopped
// run resumes from its checkpoint on both engines, its tables usable meanwhile.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, TrainRequest } from '../../shared';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { openDb } from '../store/db';
import { tempDir, writePlantedRatings } from '../testing';

const tmp = tempDir();
const dbPath = join(tmp.dir, 'faults.db');
let services: Services;
const events: RunEvent[] = [];
let onEvent: (e: RunEvent) => void = () => undefined;

beforeAll(async () => {
  services = headlessServices(dbPath, (name, payload) => {
    if (name !== 'runs:progress') return;
    events.push(payload as RunEvent);
    onEvent(payload as RunEvent);
  });
  const ratings = join(tmp.dir, 'ratings.csv');
  writePlantedRatings(ratings, { users: 400 });
  await services.handlers['datasets:import']({ path: ratings, name: 'ratings' });
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

/** Starts a run and cancels it once `epoch` epochs are stored. */
async function cancelledAfter(req: TrainRequest, epoch: number): Promise<number> {
  const started = services.train({ threads: 1, ...req });
  onEvent = (e) => {
    if (e.type === 'epoch' && e.runId === started.runId && e.metrics.epoch === epoch) services.cancel(started.runId);
  };
  await expect(started.settled).rejects.toMatchObject({ code: 'Cancelled' });
  onEvent = () => undefined;
  return started.runId;
}

/** The pid of a process that has exited (a dead owner). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('runs whose process died', () => {
  it('are marked interrupted when a front end starts; a run another live process owns is left alone', async () => {
    const done = await services.train({ dataset: 'ratings', model: 'mf', dim: 4, epochs: 1, threads: 1 }).settled;
    const other = await services.train({ dataset: 'ratings', model: 'mf', dim: 4, epochs: 1, threads: 1 }).settled;
    const db = openDb(dbPath);
    const mark = db.prepare("UPDATE runs SET status = 'running', owner_pid = ?, checkpoint_epoch = 1 WHERE id = ?");
    mark.run(deadPid(), done.runId);
    mark.run(process.ppid, other.runId); // alive: vitest's own parent
    db.close();
    const later = headlessServices(dbPath, () => undefined);
    try {
      const runs = await later.handlers['runs:list']();
      const dead = runs.find((r) => r.id === done.runId)!;
      expect(dead).toMatchObject({ status: 'interrupted', errorCode: 'RunFailed', checkpointEpoch: 1 });
      expect(dead.error).toMatch(new RegExp(`stopped before it finished.*ewb train --resume ${done.runId}`));
      expect(runs.find((r) => r.id === other.runId)!.status).toBe('running');
    } finally {
      later.close();
    }
  });
});

describe('a stopped run', () => {
  it.each(['cpu', 'tfjs'] as const)(
    'on the %s engine is explorable, an init source, and resumes from its last stored epoch to the end',
    async (engine) => {
      const req: TrainRequest = { dataset: 'ratings', model: 'mf', dim: 8, epochs: 8, lr: 0.02, engine };
      const runId = await cancelledAfter(req, 2);
      const stopped = await services.handlers['runs:get']({ runId });
      expect(stopped).toMatchObject({ status: 'cancelled', errorCode: 'Cancelled' });
      expect(stopped.checkpointEpoch).toBeGreaterThanOrEqual(1); // the cancel may beat the 2nd checkpoint
      // Its tables (the checkpoint's) can be explored and start another run.
      const near = await services.handlers['embeddings:neighbors']({ runId, table: 'items', key: 'a1', k: 3 });
      expect(near.neighbors).toHaveLength(3);
      const seeded = await services.train({
        dataset: 'ratings',
        model: 'mf',
        epochs: 1,
        threads: 1,
        init: { items: { runId } },
      }).settled;
      expect(seeded.init!.items!.coverage).toBe(1);

      const result = await services.resume(runId).settled;
      const detail = await services.handlers['runs:get']({ runId });
      expect(detail).toMatchObject({ status: 'completed', checkpointEpoch: null, error: null });
      expect(detail.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(result.epochs).toBe(8);
      expect(result.engine).toBe(engine);
      // It went on learning from where it was: better than at the checkpoint, far below the global mean.
      const atCheckpoint = stopped.epochs.at(-1)!.test.rmse!;
      expect(result.metrics.test.rmse!).toBeLessThan(atCheckpoint);
      expect(result.metrics.test.rmse!).toBeLessThan(0.8 * result.baselines.globalMean!.test.rmse!);
      await expect(Promise.resolve().then(() => services.resume(runId))).rejects.toThrow(/is completed; only a/);
    },
  );

  it('refuses to resume a run that stored no epoch', async () => {
    const db = openDb(dbPath);
    const { runId } = await services.train({ dataset: 'ratings', model: 'mf', dim: 4, epochs: 1, threads: 1 }).settled;
    db.prepare("UPDATE runs SET status = 'failed', checkpoint_epoch = NULL WHERE id = ?").run(runId);
    db.close();
    expect(() => services.resume(runId)).toThrow(/stored no tables of a finished epoch/);
  });
});

describe('a database that refuses a run’s write', () => {
  it('fails the run (locked over 15 s by another program), says what to do, and the process stays up', async () => {
    // No patience and the most epochs there are: the run cannot end (and store its result) before the other
    // program holds the lock, so the write that fails is certain, not a race with mf's early stop (patience 10).
    const started = services.train({
      dataset: 'ratings',
      model: 'mf',
      dim: 8,
      epochs: 10_000,
      patience: 0,
      threads: 1,
    });
    // Another program takes the write lock after the first epoch and holds it for 18 s.
    const holder = await new Promise<ReturnType<typeof spawn>>((resolve) => {
      onEvent = (e) => {
        if (e.type !== 'epoch' || e.runId !== started.runId || e.metrics.epoch !== 1) return;
        const script = `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(dbPath)});
          d.exec('BEGIN IMMEDIATE'); console.log('locked'); setTimeout(() => { d.exec('COMMIT'); d.close(); }, 18000);`;
        const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.once('data', () => resolve(child));
      };
    });
    onEvent = () => undefined;
    const error = await started.settled.catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'RunFailed' });
    expect((error as Error).message).toMatch(
      new RegExp(`could not store .* of run ${started.runId} in .*faults\\.db: .*locked.*ewb train --resume`),
    );
    // The process answers meanwhile, and once the lock is gone the run is stored as failed, not running.
    expect((await services.handlers['runs:list']()).length).toBeGreaterThan(0);
    await new Promise((resolve) => holder.once('exit', resolve));
    let status = 'running';
    for (let i = 0; i < 40 && status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await services.handlers['runs:get']({ runId: started.runId })).status;
    }
    expect(status).toBe('failed');
  }, 60_000);

  it('fails the run when the disk is full, naming the file and what to do', async () => {
    const mount = join(tmp.dir, 'small');
    mkdirSync(mount);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]).status === 0;
    if (!mounted) {
      console.warn('skipped: the disk-full case — mounting a small tmpfs needs root');
      return;
    }
    try {
      const path = join(mount, 'full.db');
      const small = headlessServices(path, () => undefined);
      try {
        const ratings = join(tmp.dir, 'few.csv');
        writePlantedRatings(ratings, { users: 2000, itemsPerCluster: 5 });
        await small.handlers['datasets:import']({ path: ratings, name: 'few' });
        // 2,002 users × 1,024 floats = 8 MB of checkpoint: more than the 3 MB disk holds.
        const run = small.train({ dataset: 'few', model: 'mf', dim: 1024, epochs: 3, threads: 1 });
        const error = await run.settled.catch((err: unknown) => err);
        expect(error).toMatchObject({ code: 'RunFailed' });
        expect((error as Error).message).toMatch(/could not store the checkpoint of epoch 1 .*full.*--resume/);
        expect((await small.handlers['runs:get']({ runId: run.runId })).status).not.toBe('running');
      } finally {
        small.close();
      }
    } finally {
      spawnSync('umount', [mount]);
    }
  });
});

// Runs on the CLI's transport, a training thread (threadTrainer.ts), as the supervisor sees them: a run finishes
// and stores its tables (word2vec's Hogwild threads sharing them with the supervisor), a cancel keeps the last
// checkpoint and resumes from it, a failing run fails with its reason, and a thread that ends without a result
// fails the run saying so, its checkpoint kept. The process transport's are in runFaults.test.ts and
// cli/trainSignals.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, TrainRequest } from '../../shared';
import { RESOURCES, VERSION } from '../headless';
import { nodeEntry } from '../runtime';
import { createServices, type Services } from '../services';
import { loadTable } from '../store/runs';
import { tempDir, writePlantedRatings, writePlantedSessions } from '../testing';
import type { SpawnTrainer, TrainerHandle } from './supervisor';
import { threadTrainer } from './threadTrainer';

const tmp = tempDir();
const events: RunEvent[] = [];
let onEvent: (e: RunEvent) => void = () => undefined;
/** The handle of each trainer started, by start order (a test ends one from outside). */
const handles: TrainerHandle[] = [];
let services: Services;
let ackDelay = 0;
/** What a test watches happen, in order. */
const log: string[] = [];

beforeAll(async () => {
  const spawn = threadTrainer(nodeEntry(import.meta.url, 'process'));
  const recording: SpawnTrainer = (run) => {
    const handle = spawn(run);
    handles.push(handle);
    // Acks of stored checkpoints reach the thread `ackDelay` ms late, and are logged when sent.
    const send = handle.send;
    handle.send = (m) => {
      if (m.type !== 'stored') return send(m);
      setTimeout(() => {
        log.push(`stored ${m.epoch}`);
        send(m);
      }, ackDelay);
    };
    return handle;
  };
  services = createServices({
    dbPath: join(tmp.dir, 'thread.db'),
    resourcesDir: RESOURCES,
    mode: 'browser',
    version: VERSION,
    spawnTrainer: recording,
    projectWorker: nodeEntry(import.meta.url, '../explore/projectWorker'),
    emit: (name, payload) => {
      if (name !== 'runs:progress') return;
      events.push(payload as RunEvent);
      onEvent(payload as RunEvent);
    },
  });
  const ratings = join(tmp.dir, 'ratings.csv');
  const sessions = join(tmp.dir, 'sessions.csv');
  writePlantedRatings(ratings, { users: 400 });
  writePlantedSessions(sessions);
  await services.handlers['datasets:import']({ path: ratings, name: 'ratings' });
  await services.handlers['datasets:import']({
    path: sessions,
    name: 'sessions',
    mapping: { session: 'session', item: 'item', timestamp: 'ts' },
  });
});
afterAll(() => {
  services.close();
  tmp.cleanup();
});

/** Starts a run and, once `epoch` epochs are reported, does `stop` to it. */
function stoppedAfter(req: TrainRequest, epoch: number, stop: (runId: number) => void) {
  const started = services.train({ threads: 1, ...req });
  onEvent = (e) => {
    if (e.type === 'epoch' && e.runId === started.runId && e.metrics.epoch === epoch) {
      onEvent = () => undefined;
      stop(started.runId);
    }
  };
  return started;
}

const LONG: TrainRequest = { dataset: 'ratings', model: 'mf', dim: 8, epochs: 8, lr: 0.02, patience: 0 };

describe('a run on a training thread', () => {
  it('trains word2vec on Hogwild threads and stores the tables they share', async () => {
    const req: TrainRequest = {
      ...{ dataset: 'sessions', model: 'sgns', dim: 16, epochs: 4, threads: 2 },
      ...{ minCount: 1, window: 3, sample: 0 },
    };
    const result = await services.train(req).settled;
    expect(result).toMatchObject({ epochs: 4, engine: 'cpu' });
    const items = loadTable(services.db, result.runId, 'items');
    expect(items.dim).toBe(16);
    expect(items.counts!.filter((c) => c > 0).length).toBe(30); // x0..x14 and y0..y14
    expect(items.data.some((v) => v !== 0)).toBe(true);
    // Sessions draw from one cluster: an item's nearest neighbours are of its own.
    const near = await services.handlers['embeddings:neighbors']({
      runId: result.runId,
      table: 'items',
      key: 'x3',
      k: 5,
    });
    expect(near.neighbors.filter((n) => n.key.startsWith('x')).length).toBeGreaterThanOrEqual(4);
  });

  it('trains the next epoch only once the supervisor has stored the live tables of the last', async () => {
    ackDelay = 300;
    log.length = 0;
    onEvent = (e) => void (e.type === 'epoch' && log.push(`epoch ${e.metrics.epoch}`));
    try {
      const req: TrainRequest = { dataset: 'sessions', model: 'sgns', dim: 16, epochs: 3, threads: 2, sample: 0 };
      await services.train(req).settled;
    } finally {
      ackDelay = 0;
      onEvent = () => undefined;
    }
    expect(log).toEqual(['epoch 1', 'stored 1', 'epoch 2', 'stored 2', 'epoch 3', 'stored 3']);
  });

  it('stores checkpoints as they were at the epoch’s end: a run resumed from one ends as an uninterrupted one', async () => {
    // One thread and a seed reproduce a run bit for bit. The checkpoint is the live tables, shared with the
    // supervisor: had training gone on while they were stored, the resumed run would differ.
    const req: TrainRequest = { dataset: 'sessions', model: 'sgns', dim: 16, epochs: 4, seed: 3, sample: 0 };
    const whole = await services.train({ ...req, threads: 1 }).settled;
    const started = stoppedAfter(req, 2, (id) => services.cancel(id));
    await expect(started.settled).rejects.toMatchObject({ code: 'Cancelled' });
    expect((await services.handlers['runs:get']({ runId: started.runId })).checkpointEpoch).toBeGreaterThanOrEqual(1);
    await services.resume(started.runId).settled;
    for (const table of ['items', 'items.context'])
      expect(loadTable(services.db, started.runId, table).data).toEqual(
        loadTable(services.db, whole.runId, table).data,
      );
  });

  it('is cancelled at once, keeps its checkpoint (in parts), and resumes from it to the end', async () => {
    // 400 users × 700 floats: over a part's 1 MiB, so the checkpoint it resumes from is stored in parts.
    const started = stoppedAfter({ ...LONG, dim: 700 }, 2, (id) => services.cancel(id));
    await expect(started.settled).rejects.toMatchObject({ code: 'Cancelled' });
    const stopped = await services.handlers['runs:get']({ runId: started.runId });
    expect(stopped).toMatchObject({ status: 'cancelled', errorCode: 'Cancelled' });
    expect(stopped.checkpointEpoch).toBeGreaterThanOrEqual(1);
    const parts = services.db.prepare("SELECT parts FROM run_tables WHERE run_id = ? AND name = 'users'");
    expect(parts.pluck().get(started.runId)).toBe(2);
    const result = await services.resume(started.runId).settled;
    expect(result.epochs).toBe(8);
    const detail = await services.handlers['runs:get']({ runId: started.runId });
    expect(detail).toMatchObject({ status: 'completed', checkpointEpoch: null, error: null });
    expect(detail.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('fails with the reason the training gives (a diverging run)', async () => {
    const started = services.train({ ...LONG, lr: 10, threads: 1 });
    await expect(started.settled).rejects.toMatchObject({ code: 'TrainingDiverged' });
    const run = await services.handlers['runs:get']({ runId: started.runId });
    expect(run).toMatchObject({ status: 'failed', errorCode: 'TrainingDiverged' });
    expect(run.error).toMatch(/lower the learning rate/);
  });

  it('that ends without a result fails the run saying so; its checkpoint is kept and resumes', async () => {
    const started = stoppedAfter(LONG, 2, () => handles.at(-1)!.kill());
    await expect(started.settled).rejects.toMatchObject({ code: 'RunFailed' });
    const run = await services.handlers['runs:get']({ runId: started.runId });
    expect(run).toMatchObject({ status: 'failed', errorCode: 'RunFailed' });
    expect(run.error).toMatch(/the training thread exited \(code 1\)/);
    expect(run.checkpointEpoch).toBeGreaterThanOrEqual(1);
    expect((await services.resume(started.runId).settled).epochs).toBe(8);
  });
});

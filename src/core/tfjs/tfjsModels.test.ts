// The tfjs engine's mf, implicit (BPR) and sgns against the CPU engine on planted data, through the same run loop.
import { describe, expect, it } from 'vitest';
import type { AllOptions, EpochMetrics } from '../../shared';
import { createRng, gaussian } from '../random';
import type { InteractionColumns, SequenceColumns } from '../store/datasets';
import { rowsOfSplit } from '../train/loop';
import { errorStats, predict } from '../train/mf';
import { interactionData, sequenceData, trainOn } from '../train/testTraining';
import { loadTfjs } from './backend';

const cpuRuntime = await loadTfjs({ only: 'cpu' });

/** Ratings from a planted rank-3 model plus biases and noise; ids start at 2 (0 PAD, 1 OOV); 80/10/10 split. */
function plantedRatings(opts: { users: number; items: number; density: number; seed: number }): InteractionColumns {
  const rng = createRng(opts.seed);
  const rank = 3;
  const U = Array.from({ length: opts.users }, () => Array.from({ length: rank }, () => gaussian(rng)));
  const V = Array.from({ length: opts.items }, () => Array.from({ length: rank }, () => gaussian(rng)));
  const bu = U.map(() => gaussian(rng) * 0.3);
  const bi = V.map(() => gaussian(rng) * 0.3);
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const splits: number[] = [];
  for (let u = 0; u < opts.users; u++)
    for (let i = 0; i < opts.items; i++) {
      if (rng() > opts.density) continue;
      let dot = 0;
      for (let k = 0; k < rank; k++) dot += U[u]![k]! * V[i]![k]!;
      const r = 3 + (0.8 * dot) / Math.sqrt(rank) + bu[u]! + bi[i]! + gaussian(rng) * 0.25;
      users.push(u + 2);
      items.push(i + 2);
      ratings.push(Math.min(5, Math.max(1, r)));
      const x = rng();
      splits.push(x < 0.8 ? 0 : x < 0.9 ? 1 : 2);
    }
  return {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: Float32Array.from(ratings),
    splits: Uint8Array.from(splits),
    numUsers: opts.users + 2,
    numItems: opts.items + 2,
  };
}

// Every option the engines' defaults differ on is pinned (tfjs trains sgd with ν = 1 only; the CPU engine's
// default ν is 0.5), so both engines train one config; the data has its own valid split, so nothing is carved.
const mfConfig = (over: Partial<AllOptions> = {}) =>
  ({
    model: 'mf',
    dim: 8,
    epochs: 25,
    lr: 0.02,
    seed: 3,
    reg: 0.05,
    regBias: 0.01,
    solver: 'sgd',
    regExponent: 1,
    holdout: 0,
    ...over,
  }) as const;
const onTfjs = { runtime: cpuRuntime };

describe('tfjs engine: mf', () => {
  const data = interactionData(plantedRatings({ users: 250, items: 160, density: 0.3, seed: 21 }));

  it('reaches the CPU engine’s test RMSE within 3% on the same config (cpu backend, fast kernel)', async () => {
    const config = mfConfig();
    const cpu = await trainOn(config, data);
    const tfjs = await trainOn(config, data, onTfjs);
    expect(cpuRuntime.backend).toBe('cpu');
    const a = cpu.outcome.metrics.test.rmse!;
    const b = tfjs.outcome.metrics.test.rmse!;
    const mean = cpu.outcome.baselines.globalMean!.test.rmse!;
    // Both learn the planted structure (far below the global mean) …
    expect(a).toBeLessThan(0.75 * mean);
    expect(b).toBeLessThan(0.75 * mean);
    // … and land within 3% of each other.
    expect(Math.abs(a - b) / a).toBeLessThan(0.03);
    // Same result shape and names as the CPU engine.
    expect(tfjs.tables.map((t) => [t.name, t.role, t.rows, t.dim, t.bias?.length])).toEqual(
      cpu.tables.map((t) => [t.name, t.role, t.rows, t.dim, t.bias?.length]),
    );
    expect(Object.keys(tfjs.outcome.baselines)).toEqual(['globalMean', 'biasOnly']);
    expect(Object.keys(tfjs.outcome.metrics.valid).sort()).toEqual(['mae', 'rmse']);
  });

  it('sends progress, epochs and checkpoints, and does not grow tf.memory() across epochs', async () => {
    const { tf } = cpuRuntime;
    const before = tf.memory().numTensors;
    const tensorsAtEpoch: number[] = [];
    const epochs: EpochMetrics[] = [];
    const checkpoints: number[] = [];
    const progress: { epoch: number; fraction: number }[] = [];
    await trainOn(mfConfig({ epochs: 6 }), data, {
      ...onTfjs,
      // Progress after every batch here (1 s in a run), to see it.
      progressEveryMs: 0,
      onEpoch: (m, perSecond) => {
        epochs.push(m);
        expect(perSecond).toBeGreaterThan(0);
        tensorsAtEpoch.push(tf.memory().numTensors);
      },
      onCheckpoint: (epoch, tables) => {
        checkpoints.push(epoch);
        expect(tables.map((t) => t.name)).toEqual(['users', 'items']);
      },
      onProgress: (p) => {
        progress.push(p);
        expect(p.examplesPerSecond).toBeGreaterThan(0);
        expect(p.etaSeconds).toBeGreaterThanOrEqual(0);
      },
    });
    expect(progress.length).toBeGreaterThan(6);
    expect(new Set(progress.map((p) => p.epoch))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    for (const p of progress) expect(p.fraction).toBeGreaterThan(0);
    for (const p of progress) expect(p.fraction).toBeLessThanOrEqual(1);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(checkpoints).toEqual([1, 2, 3, 4, 5, 6]);
    expect(epochs[5]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(new Set(tensorsAtEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts from pre-trained rows and keeps a frozen table bit-identical (init)', async () => {
    const dim = 8;
    const rows = data.kind === 'interactions' ? data.columns.numItems : 0;
    const found = new Uint8Array(rows);
    const vectors = new Float32Array(rows * dim);
    for (let r = 2; r < rows; r += 2) {
      found[r] = 1;
      for (let k = 0; k < dim; k++) vectors[r * dim + k] = Math.sin(r + k) / 4;
    }
    const checkpoints: Float32Array[] = [];
    const out = await trainOn(mfConfig({ epochs: 4 }), data, {
      ...onTfjs,
      onCheckpoint: (_e, tables) => void checkpoints.push(Float32Array.from(tables[1]!.data)),
      initial: { items: { data: vectors, found, trainable: false } },
    });
    const items = out.tables[1]!;
    for (let r = 2; r < rows; r += 2)
      expect(Array.from(items.data.subarray(r * dim, (r + 1) * dim))).toEqual(
        Array.from(vectors.subarray(r * dim, (r + 1) * dim)),
      );
    // Frozen: every epoch's items table is the same, to the bit; the users table did learn.
    for (const c of checkpoints) expect(Buffer.from(c.buffer).equals(Buffer.from(checkpoints[0]!.buffer))).toBe(true);
    expect(out.outcome.metrics.test.rmse!).toBeLessThan(out.outcome.baselines.globalMean!.test.rmse!);
  });

  it('stops early with patience and returns the best epoch’s tables', async () => {
    // A tiny dataset and a large unregularised model overfit: the validation RMSE turns up.
    const small = plantedRatings({ users: 80, items: 60, density: 0.5, seed: 5 });
    const config = mfConfig({ dim: 32, reg: 0, regBias: 0, lr: 0.05, epochs: 80, patience: 3 });
    const out = await trainOn(config, interactionData(small), onTfjs);
    const seen: EpochMetrics[] = out.epochs;
    expect(seen.length).toBeLessThan(80);
    const bestValid = Math.min(...seen.map((e) => e.valid.rmse!));
    expect(seen.length - out.outcome.bestEpoch).toBe(3);
    expect(out.outcome.metrics.valid.rmse).toBe(bestValid);
    // The returned tables are that epoch's: they reproduce its test RMSE.
    const [users, items] = out.tables;
    const rows = rowsOfSplit(small.splits);
    let mu = 0;
    for (const r of rows.train) mu += small.ratings[r]!;
    mu /= rows.train.length;
    const p = { dim: 32, mu, P: users!.data, Q: items!.data, bu: users!.bias!, bi: items!.bias! };
    const e = errorStats(small, rows.test, (u, i) => predict(p, u, i), 1, 5);
    expect(e.rmse).toBeCloseTo(out.outcome.metrics.test.rmse!, 5);
  });

  it('fails with TrainingDiverged when the loss blows up', async () => {
    await expect(trainOn(mfConfig({ lr: 9, epochs: 3 }), data, onTfjs)).rejects.toMatchObject({
      code: 'TrainingDiverged',
      message: expect.stringMatching(/lower the learning rate/),
    });
  });

  it('trains on the wasm backend with the fast kernel', async () => {
    const wasm = await loadTfjs({ only: 'wasm' });
    const out = await trainOn(mfConfig({ epochs: 8 }), data, { runtime: wasm });
    expect(wasm.backend).toBe('wasm');
    expect(out.outcome.metrics.test.rmse!).toBeLessThan(0.9 * out.outcome.baselines.globalMean!.test.rmse!);
    await loadTfjs({ only: 'cpu' });
  });
});

/** Two clusters of users and items; a user's positives come from their own cluster only. */
function clusteredPositives(seed: number): InteractionColumns {
  const rng = createRng(seed);
  const users: number[] = [];
  const items: number[] = [];
  const splits: number[] = [];
  const nu = 120;
  const ni = 60;
  for (let u = 0; u < nu; u++) {
    const c = u % 2;
    for (let n = 0; n < 12; n++) {
      const item = 2 * Math.floor(rng() * (ni / 2)) + c;
      users.push(u + 2);
      items.push(item + 2);
      const x = rng();
      splits.push(x < 0.8 ? 0 : x < 0.9 ? 1 : 2);
    }
  }
  return {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: new Float32Array(users.length).fill(1),
    splits: Uint8Array.from(splits),
    numUsers: nu + 2,
    numItems: ni + 2,
  };
}

describe('tfjs engine: implicit (BPR)', () => {
  it('learns the clusters: recall@10 well above popularity, with the CPU engine’s metric names', async () => {
    const data = interactionData(clusteredPositives(8), 1, 1);
    const config = { model: 'implicit', dim: 8, epochs: 15, lr: 0.05, seed: 4, loss: 'bpr' } as const;
    const out = await trainOn(config, data, onTfjs);
    const cpu = await trainOn(config, data);
    expect(Object.keys(out.outcome.metrics.test).sort()).toEqual(Object.keys(cpu.outcome.metrics.test).sort());
    const pop = out.outcome.baselines.popularity!.test['recall@10']!;
    expect(out.outcome.metrics.test['recall@10']!).toBeGreaterThan(pop + 0.1);
    expect(out.tables.map((t) => t.name)).toEqual(['users', 'items']);
  });

  it('refuses WARP', async () => {
    const data = interactionData(clusteredPositives(8), 1, 1);
    await expect(trainOn({ model: 'implicit', loss: 'warp', engine: 'tfjs' }, data, onTfjs)).rejects.toMatchObject({
      code: 'BadRequest',
      message: expect.stringMatching(/--engine cpu for warp/),
    });
  });
});

const PAIRS = 6;
const GROUP = 5;

/**
 * Sentences `c c T c c`: T is one of twins A_k, B_k (ids 2 + 2k, 3 + 2k) and the c's words of group k. Twins
 * never meet but share all their contexts, so each one's nearest neighbour must be its twin.
 */
function twinCorpus(sentences: number, seed: number): SequenceColumns {
  const rng = createRng(seed);
  const groupBase = 2 + 2 * PAIRS;
  const tokens: number[] = [];
  const offsets = [0];
  for (let s = 0; s < sentences; s++) {
    const k = Math.floor(rng() * PAIRS);
    const c = (): number => groupBase + k * GROUP + Math.floor(rng() * GROUP);
    tokens.push(c(), c(), 2 + 2 * k + (rng() < 0.5 ? 0 : 1), c(), c());
    offsets.push(tokens.length);
  }
  return {
    role: 'word',
    tokens: Int32Array.from(tokens),
    offsets: Int32Array.from(offsets),
    splits: new Uint8Array(sentences),
    rows: groupBase + PAIRS * GROUP,
  };
}

function twinsFound(table: Float32Array, dim: number, rows: number): number {
  const cos = (a: number, b: number): number => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let k = 0; k < dim; k++) {
      dot += table[a * dim + k]! * table[b * dim + k]!;
      na += table[a * dim + k]! ** 2;
      nb += table[b * dim + k]! ** 2;
    }
    return dot / Math.sqrt(na * nb);
  };
  let found = 0;
  for (let w = 2; w < 2 + 2 * PAIRS; w++) {
    let best = -1;
    for (let r = 2; r < rows; r++) if (r !== w && (best < 0 || cos(w, r) > cos(w, best))) best = r;
    if (best === (w % 2 === 0 ? w + 1 : w - 1)) found++;
  }
  return found;
}

describe('tfjs engine: memory', () => {
  it('keeps tf.memory().numTensors flat across epochs for implicit and sgns too', async () => {
    const { tf } = cpuRuntime;
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const hooks = { ...onTfjs, onEpoch: () => void counts.push(tf.memory().numTensors) };
    const implicit = { model: 'implicit', dim: 8, epochs: 4, loss: 'bpr' } as const;
    await trainOn(implicit, interactionData(clusteredPositives(2), 1, 1), hooks);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    counts.length = 0;
    const sgns = { model: 'sgns', dim: 8, epochs: 4, window: 2, negative: 3 } as const;
    await trainOn(sgns, sequenceData(twinCorpus(300, 1)), hooks);
    expect(counts.length).toBe(4);
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('tfjs engine: sgns', () => {
  it('recovers the planted neighbours on both engines, with the same table names', async () => {
    const columns = twinCorpus(1500, 3);
    const data = sequenceData(columns);
    const config = {
      model: 'sgns',
      dim: 16,
      epochs: 5,
      lr: 0.025,
      seed: 9,
      window: 2,
      negative: 5,
      sample: 0,
    } as const;
    const cpu = await trainOn(config, data);
    const tfjs = await trainOn(config, data, onTfjs);
    const losses = tfjs.epochs.map((m) => m.loss);
    expect(tfjs.tables.map((t) => t.name)).toEqual(cpu.tables.map((t) => t.name));
    expect(tfjs.tables.map((t) => t.name)).toEqual(['words', 'words.context']);
    const twins = 2 * PAIRS;
    expect(twinsFound(cpu.tables[0]!.data, 16, columns.rows)).toBeGreaterThanOrEqual(twins - 1);
    expect(twinsFound(tfjs.tables[0]!.data, 16, columns.rows)).toBeGreaterThanOrEqual(twins - 1);
    // Per-term binary cross-entropy, starting near ln 2 (all σ = 0.5) and falling.
    expect(losses[0]!).toBeLessThan(Math.log(2));
    expect(losses[4]!).toBeLessThan(losses[0]!);
  });
});

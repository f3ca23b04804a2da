// `npm run bench`: SGD throughput of the CPU engine's `mf` on a MovieLens-1M-shaped synthetic matrix,
// one thread against all cores (Hogwild), printed as ratings/s and a ratio. Not part of CI.
// Usage: npm run bench -- [--ratings 1000000] [--dim 64] [--epochs 3]
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/random';
import type { InteractionColumns } from '../src/core/store/datasets';
import { interactionData, trainOn } from '../src/core/train/testTraining';

const { values } = parseArgs({
  options: { ratings: { type: 'string' }, dim: { type: 'string' }, epochs: { type: 'string' } },
});
const n = Number(values.ratings ?? 1_000_000);
const dim = Number(values.dim ?? 64);
const epochs = Number(values.epochs ?? 3);
const USERS = 6040;
const ITEMS = 3706;

/** Ratings from a planted rank-8 model, 80/10/10 split; sizes as MovieLens-1M. */
function synthetic(): InteractionColumns {
  const rng = createRng(1);
  const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);
  const data: InteractionColumns = {
    users: new Int32Array(shared(n * 4)),
    items: new Int32Array(shared(n * 4)),
    ratings: new Float32Array(shared(n * 4)),
    splits: new Uint8Array(shared(n)),
    numUsers: USERS + 2,
    numItems: ITEMS + 2,
  };
  const U = Float32Array.from({ length: (USERS + 2) * 8 }, () => rng() - 0.5);
  const V = Float32Array.from({ length: (ITEMS + 2) * 8 }, () => rng() - 0.5);
  for (let x = 0; x < n; x++) {
    const u = 2 + Math.floor(rng() * USERS);
    const i = 2 + Math.floor(rng() ** 2 * ITEMS); // a popularity skew, as in real catalogues
    let dot = 0;
    for (let k = 0; k < 8; k++) dot += U[u * 8 + k]! * V[i * 8 + k]!;
    data.users[x] = u;
    data.items[x] = i;
    data.ratings[x] = Math.min(5, Math.max(1, Math.round(3.5 + 4 * dot + (rng() - 0.5))));
    const s = rng();
    data.splits[x] = s < 0.8 ? 0 : s < 0.9 ? 1 : 2;
  }
  return data;
}

async function measure(data: InteractionColumns, threads: number): Promise<{ perSecond: number; rmse: number }> {
  const rates: number[] = [];
  const config = { model: 'mf', dim, epochs, lr: 0.01, reg: 0.05, regBias: 0.01, seed: 42, threads } as const;
  const out = await trainOn(config, interactionData(data), { onEpoch: (_m, perSecond) => rates.push(perSecond) });
  rates.sort((a, b) => a - b);
  return { perSecond: rates[Math.floor(rates.length / 2)]!, rmse: out.outcome.metrics.test.rmse! };
}

const data = synthetic();
const cores = availableParallelism();
console.log(`mf, ${n.toLocaleString()} ratings, ${USERS}×${ITEMS}, dim ${dim}, ${epochs} epochs (median epoch)`);
const one = await measure(data, 1);
console.log(`threads 1: ${(one.perSecond / 1e6).toFixed(2)}M ratings/s, test RMSE ${one.rmse.toFixed(4)}`);
if (cores > 1) {
  const all = await measure(data, cores);
  console.log(`threads ${cores}: ${(all.perSecond / 1e6).toFixed(2)}M ratings/s, test RMSE ${all.rmse.toFixed(4)}`);
  console.log(`speed-up ${(all.perSecond / one.perSecond).toFixed(2)}×`);
}

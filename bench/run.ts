// `npm run bench`: SGD throughput of the CPU engine's `mf` on a MovieLens-1M-shaped synthetic matrix,
// one thread against all cores (Hogwild), printed as ratings/s and a ratio. Not part of CI.
// Usage: npm run bench -- [--ratings 1000000] [--dim 64] [--epochs 3]
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { InteractionColumns } from '../src/core/store/datasets';
import { interactionData, trainOn } from '../src/core/train/testTraining';
import { plantedRatings } from './plantedRatings';

const { values } = parseArgs({
  options: { ratings: { type: 'string' }, dim: { type: 'string' }, epochs: { type: 'string' } },
});
const n = Number(values.ratings ?? 1_000_000);
const dim = Number(values.dim ?? 64);
const epochs = Number(values.epochs ?? 3);
const USERS = 6040;
const ITEMS = 3706;

/** Ratings from a planted rank-8 model, 80/10/10 split; sizes as MovieLens-1M (shared: Hogwild threads read them). */
const synthetic = (): InteractionColumns =>
  plantedRatings({ ratings: n, users: USERS, items: ITEMS, seed: 1, shared: true });

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

// Training defaults and the validation of a requested config: one place, used by the UI, CLI and server.
import { availableParallelism } from 'node:os';
import type { TrainConfig, TrainRequest } from '../shared';
import { WorkbenchError } from '../shared';

export const TRAIN_DEFAULTS: Omit<TrainConfig, 'threads'> = {
  model: 'mf',
  dim: 64,
  epochs: 20,
  lr: 0.01,
  reg: 0.05,
  regBias: 0.01,
  seed: 42,
};

function check(ok: boolean, message: string): void {
  if (!ok) throw new WorkbenchError('BadRequest', message);
}

export function resolveTrainConfig(req: TrainRequest): TrainConfig {
  const c: TrainConfig = {
    ...TRAIN_DEFAULTS,
    threads: availableParallelism(),
    ...Object.fromEntries(Object.entries(req).filter(([k, v]) => k !== 'dataset' && v !== undefined)),
  };
  check(c.model === 'mf', `model "${c.model}" is not available yet; use mf`);
  check(
    Number.isInteger(c.dim) && c.dim >= 1 && c.dim <= 1024,
    `dim must be a whole number from 1 to 1024 (got ${c.dim})`,
  );
  check(
    Number.isInteger(c.epochs) && c.epochs >= 1 && c.epochs <= 10_000,
    `epochs must be a whole number from 1 to 10000 (got ${c.epochs})`,
  );
  check(Number.isFinite(c.lr) && c.lr > 0 && c.lr < 10, `lr must be a number above 0 and below 10 (got ${c.lr})`);
  check(Number.isFinite(c.reg) && c.reg >= 0, `reg must be a number ≥ 0 (got ${c.reg})`);
  check(Number.isFinite(c.regBias) && c.regBias >= 0, `regBias must be a number ≥ 0 (got ${c.regBias})`);
  check(
    Number.isInteger(c.seed) && c.seed >= 0 && c.seed <= 0xffffffff,
    `seed must be a whole number from 0 to 4294967295 (got ${c.seed})`,
  );
  check(
    Number.isInteger(c.threads) && c.threads >= 1 && c.threads <= 256,
    `threads must be a whole number from 1 to 256 (got ${c.threads})`,
  );
  return c;
}

// `ewb tune` as a user runs it, killed mid-study (SIGKILL: no chance to clean up) and resumed: the study's state is
// in SQLite, so it is marked interrupted at the next start, keeps the trials it finished, continues the one it was
// training, and proposes the remaining trials exactly as an uninterrupted study would. Beside it, the CLI's final
// fit of a study's choice (`ewb train --train-on-valid`) and the defaults trial's flag.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { SearchSpace } from '../shared';
import { headlessServices } from '../core/headless';
import { tempDir, writePlantedRatings } from '../core/testing';
import { randomSampler } from '../core/tune/samplers';
import { tuneRequest } from './tuneCommand';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const tmp = tempDir('ewb-tune-cli-');
afterAll(tmp.cleanup);
const db = join(tmp.dir, 'p.db');
const run = (...args: string[]) => promisify(execFile)(process.execPath, [EWB, ...args], { cwd: tmp.dir });
const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const SPACE = 'lr=0.005..0.05:log,dim=4|8|12';
const TUNE = ['tune', '--db', db, '--dataset', 'planted', '--model', 'mf', '--trials', '5', '--parallel', '1'].concat([
  '--sampler',
  'random',
  '--pruner',
  'none',
  '--epochs',
  '6',
  '--space',
  SPACE,
  '--seed',
  '9',
  '--json',
]);

/** Starts `ewb tune` and kills it (SIGKILL) once `ended` trials have ended; resolves with what it printed. */
function tuneKilledAfter(ended: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EWB, ...TUNE], { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const done = out
        .split('\n')
        .filter((l) => l.includes('"event":"trial"') && !l.includes('"state":"running"')).length;
      if (done >= ended) child.kill('SIGKILL');
    });
    child.once('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(lines(out)) : reject(new Error(`ewb tune ended by itself (${code}): ${out}`)),
    );
  });
}

describe('ewb tune, killed and resumed', () => {
  it('imports the planted ratings', async () => {
    writePlantedRatings(join(tmp.dir, 'planted.csv'));
    await run('import', 'planted.csv', '--db', db, '--dataset', 'planted', '--json');
  });

  it('goes on where it stopped after the process was killed', async () => {
    const printed = await tuneKilledAfter(2);
    const studyId = printed.find((l) => l.event === 'started')!.studyId as number;
    // A later start finds the study's process gone: interrupted, with how to resume it.
    const services = headlessServices(db, () => undefined);
    const before = await services.handlers['studies:get']({ studyId });
    services.close();
    expect(before.status).toBe('interrupted');
    expect(before.error).toMatch(new RegExp(`ewb tune --resume ${studyId}`));
    const finished = before.trials.filter((t) => t.state === 'complete');
    expect(finished.length).toBeGreaterThanOrEqual(2);

    const resumed = await run('tune', '--db', db, '--resume', String(studyId), '--json');
    expect(lines(resumed.stdout).at(-1)).toMatchObject({ type: 'result', studyId, status: 'completed', trials: 5 });

    const again = headlessServices(db, () => undefined);
    const after = await again.handlers['studies:get']({ studyId });
    again.close();
    expect(after.trials.map((t) => [t.number, t.state])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 'complete']));
    // The trials finished before the kill are kept as they were (same runs, same values).
    for (const t of finished) expect(after.trials[t.number - 1]).toMatchObject({ runId: t.runId, value: t.value });
    // Each trial's options are what the seeded sampler gives that trial number, killed or not.
    const space: SearchSpace = after.space;
    for (const t of after.trials) expect(t.params).toEqual(randomSampler(9)(space, [], t.number));
  });

  it('says how the search space is written', async () => {
    const { stdout } = await run('tune', '--help');
    expect(stdout).toMatch(/LOW\.\.HIGH:log/);
    expect(stdout).toMatch(/e\.g\. --space "lr=/);
    expect(stdout).toMatch(/mf: dim=32\.\.256:log,lr=/);
    expect(stdout).toMatch(/--no-defaults-trial/);
  });

  it('fits a config on train + valid with ewb train --train-on-valid, carving no validation split', async () => {
    const train = ['train', '--db', db, '--dataset', 'planted', '--model', 'mf', '--epochs', '2'];
    const { stdout } = await run(...train);
    const fit = await run(...train, '--train-on-valid', '--json');
    const result = lines(fit.stdout).at(-1)!;
    expect(stdout).toMatch(/valid +rmse/); // trained on train alone, it is judged on valid
    expect(result).toMatchObject({ type: 'result', metrics: { valid: {} } }); // mf's 5 % holdout carved nothing
    expect((result.metrics as { test: { rmse: number } }).test.rmse).toBeGreaterThan(0);
  });

  it('trains the defaults first unless told not to', () => {
    const base = { dataset: 'planted', model: 'mf' };
    expect(tuneRequest(base)).not.toHaveProperty('defaultsTrial'); // the core's default: when the space holds them
    expect(tuneRequest({ ...base, 'no-defaults-trial': true })).toMatchObject({ defaultsTrial: false });
  });
});

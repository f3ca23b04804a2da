// `ewb compare`, `ewb biases` and `ewb neighbors --approx` end to end on ratings with planted item quality:
// good* items are rated high, bad* items low, and "lucky" has one 5-star rating.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BiasesResult, CompareResult, NeighborsResult } from '../shared';
import { createRng, gaussian } from '../core/random';
import { tempDir } from '../core/testing';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const tmp = tempDir();
afterAll(tmp.cleanup);

async function ewb(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return ewbWith({}, ...args);
}
async function ewbWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [EWB, ...args], {
      cwd: tmp.dir,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const result = <T>(out: string): T => JSON.parse(out.trim().split('\n').at(-1)!) as T;

/** Two taste groups over a and b items (so there are neighbours to agree on), plus quality offsets by name. */
function writeQualityRatings(path: string): void {
  const rng = createRng(3);
  const lines = ['user,item,rating,title'];
  const items: { key: string; mean: number; cluster: number }[] = [];
  for (let i = 0; i < 12; i++) {
    items.push({ key: `good${i}`, mean: 4.4, cluster: i % 2 });
    items.push({ key: `bad${i}`, mean: 1.7, cluster: i % 2 });
    items.push({ key: `mid${i}`, mean: 3, cluster: i % 2 });
  }
  for (let u = 0; u < 150; u++) {
    const group = u % 2;
    for (const it of items) {
      if (rng() > 0.5) continue;
      const taste = it.cluster === group ? 0.6 : -0.6;
      const r = Math.min(5, Math.max(1, Math.round(it.mean + taste + 0.4 * gaussian(rng))));
      lines.push(`u${u},${it.key},${r},"Film ${it.key}"`);
    }
  }
  lines.push('u0,lucky,5,"A film rated once"');
  writeFileSync(path, `${lines.join('\n')}\n`);
}

describe('ewb compare, biases and neighbors --approx', () => {
  const db = join(tmp.dir, 'project.db');
  const runs: number[] = [];

  beforeAll(async () => {
    const file = join(tmp.dir, 'quality.csv');
    writeQualityRatings(file);
    expect((await ewb('import', file, '--db', db, '--dataset', 'quality', '--json')).code).toBe(0);
    // Two runs of one config with different seeds, and one of another dim.
    for (const [seed, dim] of [
      ['1', '8'],
      ['2', '8'],
      ['1', '4'],
    ] as const) {
      const r = await ewb(
        'train',
        '--db',
        db,
        '--dataset',
        'quality',
        '--model',
        'mf',
        '--dim',
        dim,
        '--epochs',
        '20',
        '--lr',
        '0.02',
        '--threads',
        '1',
        '--seed',
        seed,
        '--json',
      );
      expect(r.code, r.stderr).toBe(0);
      runs.push(result<{ runId: number }>(r.stdout).runId);
    }
  }, 180_000);

  it('compares two runs of one config: seed differs, metrics side by side, a stability report', async () => {
    const [a, b] = runs;
    const r = await ewb('compare', '--db', db, '--run', String(a), '--run', String(b), '--sample', '30', '--json');
    expect(r.code, r.stderr).toBe(0);
    const c = result<CompareResult>(r.stdout);
    expect(c.runs.map((x) => x.id)).toEqual([a, b]);
    expect(c.configDiff).toEqual([{ key: 'seed', values: [1, 2] }]);
    const rmse = c.metrics.find((m) => m.split === 'test' && m.name === 'rmse');
    expect(rmse?.values.every((v) => typeof v === 'number')).toBe(true);
    expect(rmse?.lowerIsBetter).toBe(true);
    expect(rmse?.best).toBe(rmse!.values[0]! <= rmse!.values[1]! ? 0 : 1);
    expect(c.runs[0]!.epochs).toHaveLength(20);
    const s = c.stability!;
    expect(s).toMatchObject({ table: 'items', rows: 37, sample: 30, seed: 42, k: 10, dims: [8, 8] });
    // Only rows trained with the default support in both runs are compared (an item rated under 5 times is not).
    // The planted taste groups make neighbours agree well beyond chance; the rotation explains much of B.
    // Training with one thread and a seed is reproducible, so these figures are too.
    const compared = s.rowsCompared!;
    expect(compared).toBeGreaterThan(30);
    expect(compared).toBeLessThanOrEqual(37);
    expect(s.chanceOverlap).toBeCloseTo(10 / (compared - 1), 9);
    expect(s.overlap.mean).toBeGreaterThan(2 * s.chanceOverlap);
    expect(s.overlap.min).toBeLessThanOrEqual(s.overlap.median);
    expect(s.procrustes!.rows).toBe(compared);
    expect(s.procrustes!.relativeError).toBeLessThan(s.procrustes!.unalignedRelativeError);
    // The human form says the same.
    const human = await ewb('compare', '--db', db, '--run', String(a), '--run', String(b), '--sample', '30');
    expect(human.stdout).toMatch(/neighbour overlap over 30 sample rows/);
    expect(human.stdout).toMatch(new RegExp(`Procrustes-aligned over ${compared} rows`));
    expect(human.stdout).toMatch(new RegExp(`compared: ${compared} rows trained in both`));
  });

  it('compares three runs without a stability report, and needs two runs at least', async () => {
    const r = await ewb('compare', '--db', db, ...runs.flatMap((id) => ['--run', String(id)]), '--json');
    expect(r.code, r.stderr).toBe(0);
    const c = result<CompareResult>(r.stdout);
    expect(c.stability).toBeNull();
    expect(c.stabilityNote).toMatch(/exactly two/);
    expect(c.configDiff.map((d) => d.key)).toEqual(['dim', 'seed']);
    const one = await ewb('compare', '--db', db, '--run', String(runs[0]), '--json');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--run at least twice/);
  });

  it('lists the highest and lowest item biases, leaving rarely rated items out', async () => {
    const r = await ewb('biases', '--db', db, '--run', String(runs[0]), '--top', '5', '--json');
    expect(r.code, r.stderr).toBe(0);
    const b = result<BiasesResult>(r.stdout);
    expect(b.minCount).toBe(5);
    expect(b.highest).toHaveLength(5);
    expect(b.highest.every((x) => x.key.startsWith('good') && x.count >= 5)).toBe(true);
    expect(b.lowest.every((x) => x.key.startsWith('bad') && x.count >= 5)).toBe(true);
    expect(b.highest.map((x) => x.key)).not.toContain('lucky');
    expect(b.belowMinCount).toBeGreaterThanOrEqual(1);
    expect(b.highest[0]!.bias).toBeGreaterThan(b.lowest[0]!.bias);
    expect(b.highest[0]!.meanRating).toBeGreaterThan(b.globalMean!);
    expect(b.highest[0]!.title).toMatch(/^Film good/);
    // Without the minimum, every rated item takes part.
    const all = result<BiasesResult>(
      (await ewb('biases', '--db', db, '--run', String(runs[0]), '--min-count', '0', '--json')).stdout,
    );
    expect(all.eligible).toBe(b.eligible + b.belowMinCount);
    const human = await ewb('biases', '--db', db, '--run', String(runs[0]));
    expect(human.stdout).toMatch(/highest:/);
  });

  it('answers neighbours from the approximate index when asked, with its recall, and exactly otherwise', async () => {
    const base = ['neighbors', '--db', db, '--run', String(runs[0]), '--key', 'good0', '--json'];
    const approx = result<NeighborsResult>((await ewb(...base, '--approx')).stdout);
    expect(approx.approximate).toBe(true);
    expect(approx.index).toMatchObject({ kind: 'hnsw', metric: 'cosine', rows: 37, recallQueries: 37 });
    expect(approx.index!.recallAt10).toBeGreaterThanOrEqual(0.9);
    expect(approx.neighbors).toHaveLength(10);
    const exact = result<NeighborsResult>((await ewb(...base)).stdout);
    expect(exact.approximate).toBe(false);
    expect(exact.index).toBeUndefined();
    // On 37 rows the graph is all but complete: the same answer.
    expect(approx.neighbors.map((n) => n.key)).toEqual(exact.neighbors.map((n) => n.key));
    const both = await ewb(...base, '--approx', '--exact');
    expect(both.code).toBe(2);
    // Past the row threshold without a flag: an exact answer while the index would build, and the process
    // ends (the build stops when the services close).
    const auto = await ewbWith({ EWB_ANN_MIN_ROWS: '10' }, ...base);
    expect(auto.code, auto.stderr).toBe(0);
    expect(result<NeighborsResult>(auto.stdout)).toMatchObject({ approximate: false, indexBuilding: true });
  });
});

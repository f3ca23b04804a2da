// `ewb project` end to end on planted ratings: --json fields, CSV output, human progress on stderr, bad flags.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writePlantedRatings } from '../core/testing';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const tmp = tempDir();
afterAll(tmp.cleanup);

async function ewb(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [EWB, ...args], {
      cwd: tmp.dir,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const jsonLines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const db = join(tmp.dir, 'project.db');
let run = '';

beforeAll(async () => {
  writePlantedRatings(join(tmp.dir, 'planted.csv'));
  expect((await ewb('import', join(tmp.dir, 'planted.csv'), '--db', db, '--dataset', 'planted')).code).toBe(0);
  const trained = await ewb('train', '--db', db, '--dataset', 'planted', '--model', 'mf', '--dim', '8');
  expect(trained.code).toBe(0);
  run = /run (\d+)/.exec(trained.stdout)![1]!;
}, 120_000);

describe('ewb project', () => {
  it('prints progress objects, then one result with keys, coordinates, metadata and explained variance', async () => {
    const r = await ewb('project', '--db', db, '--run', run, '--table', 'items', '--method', 'pca', '--json');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({ event: 'projection', method: 'pca', points: 40, fraction: 0 });
    expect(progress.at(-1)).toMatchObject({ fraction: 1 });
    const result = lines.at(-1) as Record<string, unknown> & { keys: string[]; x: number[]; y: number[] };
    expect(result).toMatchObject({
      type: 'result',
      runId: Number(run),
      table: 'items',
      method: 'pca',
      dim: 8,
      options: { seed: 1, limit: null, includeSpecial: false },
    });
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['projectionId', 'keys', 'x', 'y', 'counts', 'titles', 'genres', 'explainedVariance']),
    );
    expect(result.keys).toHaveLength(40);
    expect(result.x).toHaveLength(40);
    expect((result.explainedVariance as number[])[0]).toBeGreaterThan(0);
  });

  it('writes key,x,y,count,title,genres as CSV with --out, the same coordinates as --json', async () => {
    const out = join(tmp.dir, 'coords.csv');
    const args = ['project', '--db', db, '--run', run, '--method', 'umap', '--limit', '30', '--seed', '5'];
    const r = await ewb(...args, '--out', out, '--json');
    expect(r.code).toBe(0);
    const result = jsonLines(r.stdout).at(-1) as { keys: string[]; x: number[]; y: number[]; out: unknown };
    expect(result.out).toEqual({ path: out, rows: 30 });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('key,x,y,count,title,genres');
    expect(lines).toHaveLength(31);
    expect(lines[1]).toMatch(/^[ab]\d+,-?[\d.e-]+,-?[\d.e-]+,\d+,"Item [AB]\d+, cluster [ab]",$/);
    lines.slice(1).forEach((line, i) => {
      const [key, x, y] = line.split(',');
      expect(key).toBe(result.keys[i]);
      expect(Number(x)).toBe(result.x[i]);
      expect(Number(y)).toBe(result.y[i]);
    });
    // The same seed maps the same: the human run, computed anew, prints the same first point.
    const human = await ewb(...args, '--no-cache');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^mapped 30 rows of items \(dim 8\) by umap/);
    expect(human.stdout).toContain(`${result.keys[0]}\t${result.x[0]}\t${result.y[0]}`);
    expect(human.stderr).toMatch(/umap: 0% of 30 rows/);
    expect(human.stderr).toMatch(/umap: 100% of 30 rows/);
  });

  it('adds the item metadata file’s other columns to --out, empty where an item has no value', async () => {
    const items = join(tmp.dir, 'films.csv');
    const rows = ['item_id,year,studio'];
    for (let i = 0; i < 20; i++)
      rows.push(`a${i},${1990 + i},${i === 3 ? '' : '"Pixar, CA"'}`, `b${i},${2000 + i},Ghibli`);
    writeFileSync(items, rows.join('\n') + '\n');
    const ratings = join(tmp.dir, 'planted.csv');
    expect((await ewb('import', ratings, '--db', db, '--dataset', 'films', '--items', items)).code).toBe(0);
    const trained = await ewb(
      'train',
      '--db',
      db,
      '--dataset',
      'films',
      '--model',
      'mf',
      '--dim',
      '4',
      '--epochs',
      '3',
    );
    const films = /run (\d+)/.exec(trained.stdout)![1]!;
    const out = join(tmp.dir, 'films.csv.out');
    expect((await ewb('project', '--db', db, '--run', films, '--method', 'pca', '--out', out)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('key,x,y,count,title,genres,year,studio');
    const byKey = new Map(lines.slice(1).map((l) => [l.split(',')[0], l]));
    expect(byKey.get('a3')).toMatch(/,1993,$/);
    expect(byKey.get('a4')).toMatch(/,1994,"Pixar, CA"$/);
    expect(byKey.get('b7')).toMatch(/,2007,Ghibli$/);
  }, 60_000);

  it('takes t-SNE’s --theta, --exaggeration, --init and --iterations, reports them, and reads a repeat from the cache', async () => {
    const args = ['project', '--db', db, '--run', run, '--method', 'tsne', '--theta', '0.8', '--exaggeration', '2'];
    const more = ['--init', 'random', '--iterations', '300', '--seed', '4'];
    const r = await ewb(...args, ...more, '--json');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    const result = lines.at(-1) as { options: Record<string, unknown>; cached: boolean; layoutIterations: number };
    expect(result.options).toMatchObject({
      theta: 0.8,
      exaggeration: 2,
      init: 'random',
      iterations: 300,
      gradient: 'bh',
    });
    expect(result).toMatchObject({ cached: false, layoutIterations: 300 });
    const stages = new Set(lines.filter((l) => l.type === 'progress').map((l) => l.stage));
    expect([...stages]).toEqual(expect.arrayContaining(['neighbours', 'affinities', 'layout']));
    const again = await ewb(...args, ...more);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^mapped 40 rows of items \(dim 8\) by tsne from the cache \(computed in [\d.]+ s\)/);
    const fresh = await ewb(...args, ...more, '--no-cache', '--json');
    expect((jsonLines(fresh.stdout).at(-1) as { cached: boolean }).cached).toBe(false);
  });

  it('refuses a bad method or init (exit 2) and an exact t-SNE it cannot map (BadRequest, also exit 2)', async () => {
    const bad = await ewb('project', '--db', db, '--run', run, '--method', 'mds');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--method is one of pca, umap, tsne/);
    const init = await ewb('project', '--db', db, '--run', run, '--method', 'umap', '--init', 'spectral');
    expect(init.code).toBe(2);
    expect(init.stderr).toMatch(/--init is one of pca, random/);
    const big = await ewb(
      ...['project', '--db', db, '--run', run, '--method', 'tsne', '--gradient', 'exact', '--limit', '50000', '--json'],
    );
    expect(big.code).toBe(2);
    expect(jsonLines(big.stdout).at(-1)).toMatchObject({ type: 'error', error: { code: 'BadRequest' } });
  });
});

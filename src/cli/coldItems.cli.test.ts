// `ewb recommend` and `ewb neighbors` on an implicit run with item and user features (issue 17): an item no one has
// in training is recommended from its genre to a user who likes that genre, with its features' support as its
// count; an item with neither interactions nor a trained feature is never shown; a new user given a country gets
// its genre.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeighborsResult, RecommendResult } from '../shared';
import { LONELY, NO_FEATURES, isCold, writeColdItems, writeUserCountries } from '../core/explore/coldItemsFixture';
import { tempDir } from '../core/testing';
import { lastJson, runEwb } from './testCli';

const tmp = tempDir();
const db = join(tmp.dir, 'p.db');
const ewb = (command: string, ...args: string[]) => runEwb(tmp.dir, command, '--db', db, ...args);
let run = '';

beforeAll(async () => {
  const file = join(tmp.dir, 'planted.csv');
  const users = join(tmp.dir, 'users.csv');
  writeUserCountries(users, writeColdItems(file));
  const map = 'user=user,item=item,split=split,title=title,genres=genres';
  const features = `user=${users}:user:country`;
  const imported = await ewb(
    'import',
    file,
    '--dataset',
    'planted',
    '--map',
    map,
    '--split',
    'column',
    '--features',
    features,
  );
  expect(imported.code).toBe(0);
  const t = await ewb(
    'train',
    ...['--dataset', 'planted', '--model', 'implicit', '--loss', 'warp', '--features', 'both'],
    ...['--dim', '16', '--epochs', '15', '--seed', '1', '--holdout', '0', '--json'],
  );
  expect(t.code).toBe(0);
  run = String(lastJson<{ runId: number }>(t.stdout).runId);
}, 120_000);
afterAll(tmp.cleanup);

describe('ewb on cold items with item features', () => {
  it('recommend --json gives a user who likes Drama the cold Drama items, counted by their features', async () => {
    const r = lastJson<RecommendResult>(
      (await ewb('recommend', '--run', run, '--user', 'u2', '-k', '10', '--json')).stdout,
    );
    const cold = r.recommendations.filter((x) => isCold(x.key));
    expect(cold.length).toBeGreaterThan(0);
    for (const x of cold) {
      expect(x.genres).toEqual(['Drama']);
      expect(x.count).toBeGreaterThanOrEqual(r.filter.minCount);
    }
  });

  it('recommend --from-features ranks only the new items, the user’s genre first', async () => {
    const r = await ewb('recommend', '--run', run, '--user', 'u2', '-k', '3', '--from-features');
    expect(r.stdout).toMatch(
      /filter: min count 5 \(hid 2 never trained, 0 under 5\); only from their features \(new\)\n/,
    );
    expect(r.stdout.match(/\[xd\d\] {2}new: from its features/g)).toHaveLength(3);
  });

  it('never recommends an item with no interactions and no trained feature, even at --min-count 0', async () => {
    const all = await ewb('recommend', '--run', run, '--user', 'u0', '-k', '100', '--min-count', '0', '--json');
    const keys = lastJson<RecommendResult>(all.stdout).recommendations.map((x) => x.key);
    expect(keys.filter(isCold).length).toBe(9);
    expect(keys).not.toContain(NO_FEATURES);
    expect(keys).not.toContain(LONELY);
    const refused = await ewb('neighbors', '--run', run, '--key', NO_FEATURES, '--json');
    expect(lastJson(refused.stdout)).toMatchObject({ type: 'error', error: { code: 'Untrained' } });
  });

  it('neighbors of a cold item are items of its genre', async () => {
    const n = await ewb('neighbors', '--run', run, '--key', 'xa2', '-k', '4', '--json');
    expect(lastJson<NeighborsResult>(n.stdout).neighbors.map((x) => x.genres)).toEqual(Array(4).fill(['Action']));
    const human = await ewb('neighbors', '--run', run, '--key', 'xa2', '-k', '1');
    expect(human.stdout).toMatch(
      /^nearest to Film xa2 \(2020\) \[xa2\] \(cosine, new: from its features, \d+ training/,
    );
  });

  it('recommend --user-features gives a new user from Italy the Drama items', async () => {
    const r = await ewb('recommend', '--run', run, '--user-features', 'country=it', '-k', '5', '--json');
    const rec = lastJson<RecommendResult>(r.stdout);
    expect(rec.features!.map((f) => f.key)).toEqual(['country:it']);
    expect(rec.recommendations.map((x) => x.genres)).toEqual(Array(5).fill(['Drama']));
    const all = await ewb('recommend', '--run', run, '--user', 'u2', '-k', '15');
    expect(all.stdout).toMatch(/\[x\w+\] {2}new: from its features \(\d+ training interactions behind them\); Drama\n/);
    expect(all.stdout).not.toMatch(/\[d\d+\] {2}new:/);
    const human = await ewb('recommend', '--run', run, '--user-features', 'country=it', '-k', '2');
    expect(human.stdout).toMatch(/^top 2 for a new user \(from features country:it\); score: a preference/);
  });
});

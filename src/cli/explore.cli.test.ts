// `ewb neighbors`, `analogy`, `recommend` and `export` on ratings with rows never trained: --min-count, titles
// for keys with "did you mean", scores with their parts, --only-trained.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalogyResult, ExportResult, NeighborsResult, RecommendResult } from '../shared';
import { writeColdRatings } from '../core/explore/untrainedFixture';
import { tempDir } from '../core/testing';
import { lastJson, runEwb } from './testCli';

const tmp = tempDir();
const db = join(tmp.dir, 'p.db');
const ewb = (command: string, ...args: string[]) => runEwb(tmp.dir, command, '--db', db, ...args);
let run = '';

beforeAll(async () => {
  const file = join(tmp.dir, 'cold.csv');
  writeColdRatings(file);
  const map = 'user=user,item=item,rating=rating,split=split,title=title,genres=genres';
  expect((await ewb('import', file, '--dataset', 'cold', '--map', map, '--split', 'column')).code).toBe(0);
  const t = await ewb('train', '--dataset', 'cold', '--model', 'mf', '--dim', '8', '--epochs', '15', '--json');
  run = String(lastJson<{ runId: number }>(t.stdout).runId);
}, 60_000);
afterAll(tmp.cleanup);

describe('ewb on rows never trained', () => {
  it('neighbors takes a title, filters by --min-count and prints counts, genres and the filter', async () => {
    const json = await ewb('neighbors', '--run', run, '--key', 'toy story', '-k', '30', '--min-count', '3', '--json');
    const r = lastJson<NeighborsResult>(json.stdout);
    expect(r).toMatchObject({ key: 'a1', title: 'Toy Story (1995)', filter: { minCount: 3, untrained: 1 } });
    expect(r.neighbors.every((n) => n.count! >= 3 && n.key !== 'c0' && n.key !== 'r0')).toBe(true);
    const human = await ewb('neighbors', '--run', run, '--key', 'Toy Story (1995)', '-k', '3', '--min-count', '0');
    expect(human.stdout).toMatch(
      /^nearest to Toy Story \(1995\) \[a1\] \(cosine, \d+ in training\):\nfilter: min count 0 \(hid 1 never trained, 0 under 1\)\n/,
    );
    expect(human.stdout).toMatch(/ {2}\[\d+; (Comedy\|Children|Horror)\]\n/);
  });

  it('asks "did you mean" on an ambiguous title and says why a row never trained has no neighbours', async () => {
    const many = await ewb('neighbors', '--run', run, '--key', 'Hamlet');
    expect(many.code).toBe(1);
    expect(many.stderr).toMatch(/"Hamlet" matches 2 items .*did you mean Hamlet \(\d{4}\) \[b\d\], Hamlet/);
    const cold = await ewb('neighbors', '--run', run, '--key', 'Cold Case', '--json');
    expect(lastJson(cold.stdout)).toMatchObject({ type: 'error', error: { code: 'Untrained' } });
  });

  it('analogy and recommend take titles; recommend shows the prediction and its parts', async () => {
    const a = await ewb(
      'analogy',
      '--run',
      run,
      '--table',
      'items',
      '--positive',
      'Toy Story;Lion King, The',
      '--negative',
      'b3',
      '--json',
    );
    expect(lastJson<AnalogyResult>(a.stdout).positive.map((p) => p.key)).toEqual(['a1', 'a3']);
    const r = await ewb(
      'recommend',
      '--run',
      run,
      '--items',
      'Toy Story=5;Lion King, The=4;Hamlet (1996)=1',
      '-k',
      '3',
      '--json',
    );
    const rec = lastJson<RecommendResult>(r.stdout);
    expect(rec.items.map((i) => i.key)).toEqual(['a1', 'a3', 'b1']);
    expect(rec.scoreKind).toBe('rating');
    const human = await ewb('recommend', '--run', run, '--user', 'u3', '-k', '2');
    expect(human.stdout).toMatch(/score: the predicted rating μ \+ b_u \+ b_i \+ p·q, clamped to the data's scale 1–5/);
    expect(human.stdout).toMatch(/\n {7}\d\.\d\d = μ \d\.\d\d [+−] \d\.\d\d [+−] \d\.\d\d [+−] \d\.\d\d/);
  });

  it('export marks rows never trained, and --only-trained leaves them out', async () => {
    const csv = await ewb('export', '--run', run, '--table', 'items', '--format', 'csv', '--out', join(tmp.dir, 'csv'));
    expect(csv.stdout).toMatch(/1 rows were never trained \(random vectors\): their train_count is 0/);
    const bin = await ewb(
      'export',
      '--run',
      run,
      '--table',
      'items',
      '--format',
      'word2vec-binary',
      '--only-trained',
      '--out',
      join(tmp.dir, 'bin'),
      '--json',
    );
    const result = lastJson<ExportResult>(bin.stdout);
    expect(result).toMatchObject({ untrainedRows: 1, untrainedLeftOut: true });
    expect(readFileSync(result.files[0]!).toString('latin1')).not.toMatch(/\nc0 /);
  });
});

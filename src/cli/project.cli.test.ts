// The CLI's project commands and batch forms end to end, as a script uses them: --json results, --help,
// exit codes; `ewb rm` only says what goes until --yes; pack on one project, unpack on another.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTextTask, writeTextTaskCsv } from '../core/tasks/textTask';
import { cliIn, jsonLines } from './testCli';
import { tempDir, writePlantedRatings } from '../core/testing';

const tmp = tempDir();
const ewb = cliIn(tmp.dir);
afterAll(tmp.cleanup);

const lines = jsonLines;
const result = (out: string) => lines(out).at(-1)!;

describe('ewb project commands', () => {
  const db = join(tmp.dir, 'p.db');
  const file = join(tmp.dir, 'planted.csv');
  writePlantedRatings(file, { users: 30, itemsPerCluster: 8 });
  let runId = 0;

  it('lists datasets and runs, hiding failed ones unless --all', async () => {
    expect((await ewb('import', file, '--db', db, '--dataset', 'planted', '--json')).code).toBe(0);
    const t = await ewb('train', '--db', db, '--dataset', 'planted', '--dim', '4', '--epochs', '2', '--json');
    runId = result(t.stdout).runId as number;
    const failed = await ewb('train', '--db', db, '--dataset', 'planted', '--lr', '10', '--epochs', '2', '--json');
    expect(failed.code).toBe(1);
    const l = await ewb('list', '--db', db, '--json');
    expect(l.code).toBe(0);
    expect(result(l.stdout)).toMatchObject({
      type: 'result',
      datasets: [{ name: 'planted' }],
      runs: [{ id: runId }],
      hidden: 1,
    });
    const all = result((await ewb('list', '--db', db, '--all', '--json')).stdout) as { runs: { status: string }[] };
    expect(all.runs.map((r) => r.status).sort()).toEqual(['completed', 'failed']);
    const human = await ewb('list', '--db', db);
    expect(human.stdout).toMatch(/^planted {2}\(interactions, [\d,]+ rows; id 1\)\n {2}run +\d+ {2}mf/);
    expect(human.stdout).toMatch(/1 failed, cancelled or interrupted runs hidden: --all shows them/);
  });

  it('renames, notes and tags; shows them back', async () => {
    expect(result((await ewb('rename', '--db', db, '--dataset', 'planted', 'films', '--json')).stdout)).toMatchObject({
      name: 'films',
    });
    const n = await ewb(
      'note',
      '--db',
      db,
      '--run',
      String(runId),
      'first try, dim 4',
      '--tag',
      'keep',
      '--tag',
      'small',
      '--json',
    );
    expect(result(n.stdout)).toMatchObject({ id: runId, note: 'first try, dim 4', tags: ['keep', 'small'] });
    const shown = await ewb('note', '--db', db, '--run', String(runId), '--untag', 'small');
    expect(shown.stdout).toBe(`run ${runId}\nnote: first try, dim 4\ntags: keep\n`);
    expect((await ewb('rename', '--db', db, '--dataset', 'nope', 'x')).stderr).toMatch(
      /no dataset "nope"; datasets: films/,
    );
    expect((await ewb('note', '--db', db, 'x')).code).toBe(2);
  });

  it('writes recommendations for every user and neighbours for every item, never over a file', async () => {
    const recs = join(tmp.dir, 'recs.parquet');
    const r = await ewb('recommend', '--db', db, '--run', String(runId), '--all', '-k', '3', '--out', recs, '--json');
    expect(r.code).toBe(0);
    const objs = lines(r.stdout);
    expect(objs.some((o) => o.type === 'progress' && o.event === 'batch')).toBe(true);
    expect(result(r.stdout)).toMatchObject({
      kind: 'recommendations',
      format: 'parquet',
      queries: 30,
      rows: 90,
      out: recs,
    });
    const again = await ewb('recommend', '--db', db, '--run', String(runId), '--all', '--out', recs);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already.*--force/);
    const nn = join(tmp.dir, 'nn.csv');
    const n = await ewb('neighbors', '--db', db, '--run', String(runId), '--all', '-k', '2', '--out', nn);
    expect(n.stdout).toMatch(/^wrote 32 rows for 16 rows to .*nn\.csv \(csv/);
    expect(readFileSync(nn, 'utf8').split('\r\n')[0]).toBe('key,rank,neighbor,title,score');
    expect((await ewb('neighbors', '--db', db, '--run', String(runId), '--all', '--key', 'a1', '--out', nn)).code).toBe(
      2,
    );
  });

  it('packs a run and unpacks it into another project with the same tables', async () => {
    const out = join(tmp.dir, 'run.ewb');
    const p = await ewb('pack', String(runId), '--db', db, '--out', out, '--json');
    expect(p.code).toBe(0);
    const u = await ewb('unpack', out, '--db', join(tmp.dir, 'other.db'), '--json');
    expect(result(u.stdout)).toMatchObject({
      type: 'result',
      dataset: 'films',
      createdDataset: true,
      tablesSha256: result(p.stdout).tablesSha256,
    });
    const bad = await ewb('unpack', file, '--db', join(tmp.dir, 'other.db'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/planted\.csv: it is not a run packed by Embedding Workbench/);
  });

  it('says what rm takes along, and removes only with --yes', async () => {
    const exportMine = [
      'export',
      '--db',
      db,
      '--run',
      String(runId),
      '--format',
      'csv',
      '--out',
      join(tmp.dir, 'mine'),
    ];
    expect((await ewb(...exportMine)).code).toBe(0);
    const again = await ewb(...exportMine);
    expect(again.stderr).toMatch(/holds an earlier export of items \(items\.csv\).*--force/);
    const dry = await ewb('rm', '--db', db, '--dataset', 'films', '--json');
    // Everything written for its runs outside the project stays: the export folder, the batch files, the pack.
    expect(result(dry.stdout)).toMatchObject({ removed: false, dataset: { name: 'films' } });
    expect((result(dry.stdout).keptExports as string[]).sort()).toEqual(
      ['mine', 'nn.csv', 'recs.parquet', 'run.ewb'].map((f) => join(tmp.dir, f)).sort(),
    );
    expect((await ewb('rm', '--db', db, '--dataset', 'films')).stdout).toMatch(
      /^would remove dataset "films".*\n(.|\n)*nothing was removed: add --yes/,
    );
    const done = await ewb('rm', '--db', db, '--dataset', 'films', '--yes', '--json');
    expect(result(done.stdout)).toMatchObject({ removed: true });
    expect(result((await ewb('list', '--db', db, '--json')).stdout)).toMatchObject({ datasets: [], runs: [] });
    expect(existsSync(join(tmp.dir, 'mine', 'items.csv'))).toBe(true);
  });

  it('has --help for every new command and batch form', async () => {
    for (const c of ['list', 'rm', 'rename', 'note', 'pack', 'unpack', 'report']) {
      const h = await ewb(c, '--help');
      expect(h.code, c).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^ewb ${c} `));
      expect(h.stdout).toMatch(/--json/);
    }
    expect((await ewb('recommend', '--help')).stdout).toMatch(/--all .*every user/);
    expect((await ewb('neighbors', '--help')).stdout).toMatch(/--all .*every row/);
    expect((await ewb('predict', '--help')).stdout).toMatch(/--input FILE/);
  });
});

describe('ewb predict --input', () => {
  it('predicts a new file of texts with a classifier run', async () => {
    const db = join(tmp.dir, 'c.db');
    const csv = join(tmp.dir, 'reviews.csv');
    writeTextTaskCsv(csv, generateTextTask({ kind: 'planted', documents: 120, seed: 4 }));
    await ewb('import', csv, '--db', db, '--map', 'text=text,label=label', '--json');
    const t = await ewb(
      'train',
      '--db',
      db,
      '--dataset',
      'reviews',
      '--model',
      'classifier',
      '--epochs',
      '2',
      '--max-len',
      '20',
      '--json',
    );
    const run = String(result(t.stdout).runId);
    const fresh = join(tmp.dir, 'fresh.csv');
    writeTextTaskCsv(fresh, generateTextTask({ kind: 'planted', documents: 30, seed: 9 }));
    const out = join(tmp.dir, 'fresh-predictions.csv');
    const p = await ewb('predict', '--db', db, '--run', run, '--input', fresh, '--out', out, '--json');
    expect(result(p.stdout)).toMatchObject({
      kind: 'predictions',
      queries: 30,
      predictions: { labelled: 30, oovShare: expect.any(Number) },
    });
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(/^seq,key,label,predicted,p_\w+,p_\w+$/);
    const human = await ewb('predict', '--db', db, '--run', run, '--input', fresh, '--out', join(tmp.dir, 'h.csv'));
    expect(human.stdout).toMatch(
      /^wrote 30 rows for 30 sequences .*\n[\d.]+% of the file's tokens .*\n30 labelled: loss/,
    );
    expect(
      (await ewb('predict', '--db', db, '--run', run, '--input', fresh, '--split', 'test', '--out', out)).code,
    ).toBe(2);
  });
});

// `ewb import-vectors` and `ewb train --init/--freeze` as a script uses them: JSON lines, exit codes, errors.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, writePlantedRatings } from '../core/testing';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const tmp = tempDir();
afterAll(tmp.cleanup);

async function ewb(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [EWB, ...args], { cwd: tmp.dir });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const lines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('ewb import-vectors and train --init', () => {
  const db = join(tmp.dir, 'project.db');
  const ratings = join(tmp.dir, 'planted.csv');
  writePlantedRatings(ratings);
  let source = 0;
  let vectorsRun = 0;

  it('imports a GloVe export with coverage of a dataset, progress lines first', async () => {
    expect((await ewb('import', ratings, '--db', db, '--dataset', 'planted')).code).toBe(0);
    const t = await ewb(
      'train',
      '--db',
      db,
      '--dataset',
      'planted',
      '--model',
      'mf',
      '--dim',
      '8',
      '--epochs',
      '3',
      '--threads',
      '1',
      '--json',
    );
    source = lines(t.stdout).at(-1)!.runId as number;
    const outDir = join(tmp.dir, 'exp');
    expect(
      (
        await ewb(
          'export',
          '--db',
          db,
          '--run',
          String(source),
          '--table',
          'items',
          '--format',
          'glove',
          '--out',
          outDir,
        )
      ).code,
    ).toBe(0);
    const r = await ewb(
      'import-vectors',
      join(outDir, 'items.glove.txt'),
      '--db',
      db,
      '--name',
      'itemvecs',
      '--dataset',
      'planted',
      '--json',
    );
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out.slice(0, -1).every((o) => o.type === 'progress' && o.event === 'import-vectors')).toBe(true);
    const result = out.at(-1)!;
    expect(result).toMatchObject({
      type: 'result',
      name: 'itemvecs',
      table: 'vectors',
      format: 'glove',
      keys: 40,
      dim: 8,
    });
    expect(result.coverage).toMatchObject({
      dataset: 'planted',
      vocabularies: expect.arrayContaining([
        expect.objectContaining({ role: 'item', found: 40, keys: 40, coverage: 1 }),
      ]),
    });
    vectorsRun = result.runId as number;
    const human = await ewb(
      'neighbors',
      '--db',
      db,
      '--run',
      String(vectorsRun),
      '--table',
      'vectors',
      '--key',
      'a1',
      '-k',
      '3',
    );
    expect(human.code).toBe(0);
  });

  it('trains with --init from the imported vectors (by name) and a run table, one frozen; coverage in --json', async () => {
    const r = await ewb(
      'train',
      '--db',
      db,
      '--dataset',
      'planted',
      '--model',
      'mf',
      '--epochs',
      '2',
      '--threads',
      '1',
      '--init',
      'items=vectors:itemvecs',
      '--init',
      `users=run:${source}/users`,
      '--freeze',
      'items',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = lines(r.stdout).at(-1)!;
    expect(result.init).toEqual({
      items: {
        runId: vectorsRun,
        table: 'vectors',
        matched: 40,
        matchedByRule: 0,
        rows: 40,
        coverage: 1,
        trainable: false,
      },
      users: { runId: source, table: 'users', matched: 120, matchedByRule: 0, rows: 120, coverage: 1, trainable: true },
    });
    const human = await ewb(
      'train',
      '--db',
      db,
      '--dataset',
      'planted',
      '--model',
      'mf',
      '--epochs',
      '1',
      '--init',
      `items=run:${source}`,
    );
    expect(human.stdout).toMatch(/init items: 40 of 40 rows from run \d+\/items \(100\.0%\), fine-tuned/);
  });

  it('usage errors exit 2; a bad file exits 1 naming the line', async () => {
    const bad = await ewb('train', '--db', db, '--dataset', 'planted', '--init', 'items=somewhere');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/the source is run:ID\/TABLE, run:ID, vectors:NAME or vectors:ID/);
    const mismatch = await ewb(
      'train',
      '--db',
      db,
      '--dataset',
      'planted',
      '--dim',
      '4',
      '--init',
      `items=run:${source}`,
    );
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/has dim 8 but this run has dim 4/);
    const freeze = await ewb('train', '--db', db, '--dataset', 'planted', '--freeze', 'items');
    expect(freeze.code).toBe(2);
    const file = join(tmp.dir, 'bad.vec');
    writeFileSync(file, '2 3\nx 1 2 3\ny 1 2 oops\n');
    const r = await ewb('import-vectors', file, '--db', db, '--json');
    expect(r.code).toBe(1);
    expect(lines(r.stdout).at(-1)).toMatchObject({ type: 'error', error: { code: 'DatasetInvalid' } });
    expect(r.stderr).toContain(`${file}, line 3: value 3 of key "y" is not a number: "oops"`);
    expect((await ewb('import-vectors', file, '--db', db, '--format', 'fasttext')).code).toBe(2);
  });
});

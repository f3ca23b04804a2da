// The CLI end to end on a generated dataset with planted structure: import → train → neighbors → export.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, writePlantedRatings } from '../core/testing';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const tmp = tempDir();
afterAll(tmp.cleanup);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
async function ewb(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [EWB, ...args], { cwd: tmp.dir });
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
const last = (out: string): Record<string, unknown> => jsonLines(out).at(-1)!;

describe('ewb on planted data', () => {
  const db = join(tmp.dir, 'project.db');
  const file = join(tmp.dir, 'planted.csv');
  const { rows } = writePlantedRatings(file);
  let runId = 0;

  it('imports with vocabulary sizes that count real ids only', async () => {
    const r = await ewb('import', file, '--db', db, '--dataset', 'planted', '--json');
    expect(r.code).toBe(0);
    expect(last(r.stdout)).toMatchObject({
      type: 'result',
      dataset: 'planted',
      rows: { read: rows, imported: rows, rejected: 0 },
      vocabularies: { user: { size: 120 }, item: { size: 40 } },
    });
  });

  it('trains in its own process with progress lines, then a result below the global-mean baseline', async () => {
    const r = await ewb(
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
      '25',
      '--lr',
      '0.02',
      '--threads',
      '1',
      '--json',
    );
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines.filter((l) => l.type === 'progress' && l.event === 'epoch')).toHaveLength(25);
    const result = lines.at(-1) as {
      type: string;
      runId: number;
      engine: string;
      metrics: Record<string, { rmse: number }>;
      baselines: { globalMean: { test: { rmse: number } } };
    };
    expect(result).toMatchObject({ type: 'result', engine: 'cpu', epochs: 25 });
    expect(result.metrics.test!.rmse).toBeLessThan(0.75 * result.baselines.globalMean.test.rmse);
    runId = result.runId;
  });

  it('finds neighbours of an item in its own cluster', async () => {
    for (const key of ['a3', 'b5']) {
      const r = await ewb(
        'neighbors',
        '--db',
        db,
        '--run',
        String(runId),
        '--table',
        'items',
        '--key',
        key,
        '-k',
        '10',
        '--json',
      );
      expect(r.code).toBe(0);
      const { neighbors } = last(r.stdout) as { neighbors: { key: string; score: number }[] };
      expect(neighbors).toHaveLength(10);
      expect(neighbors.every((n) => n.key[0] === key[0])).toBe(true);
      expect(neighbors[0]!.score).toBeGreaterThanOrEqual(neighbors[9]!.score);
    }
  });

  it('exports the item table as a Projector pair with one row per real id', async () => {
    const out = join(tmp.dir, 'export');
    const r = await ewb(
      'export',
      '--db',
      db,
      '--run',
      String(runId),
      '--table',
      'items',
      '--format',
      'projector',
      '--out',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    const vectors = readFileSync(join(out, 'items_vectors.tsv'), 'utf8').trim().split('\n');
    const metadata = readFileSync(join(out, 'items_metadata.tsv'), 'utf8').trim().split('\n');
    expect(vectors).toHaveLength(40);
    expect(
      vectors.every((l) => l.split('\t').length === 8 && l.split('\t').every((x) => Number.isFinite(Number(x)))),
    ).toBe(true);
    // count: the dataset's count of the key; train_count: its training ratings (0: never trained).
    expect(metadata[0]).toBe('key\ttitle\tgenres\tcount\ttrain_count');
    expect(metadata).toHaveLength(41);
    expect(metadata[1]).toMatch(/^[ab]\d+\tItem [AB]\d+, cluster [ab]\t\t\d+\t\d+$/);
  });

  it('exits non-zero with a one-line reason on bad input', async () => {
    const missing = await ewb('import', join(tmp.dir, 'nope.csv'), '--db', db);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope\.csv: no such file/);
    const flag = await ewb('train', '--db', db, '--dataset', 'planted', '--dim', 'big');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--dim takes a whole number/);
    const unknown = await ewb('neighbors', '--db', db, '--run', String(runId), '--key', 'zzz', '--json');
    expect(unknown.code).toBe(1);
    expect(last(unknown.stdout)).toMatchObject({ type: 'error', error: { code: 'NotFound' } });
    const dataset = await ewb('train', '--db', db, '--dataset', 'nosuch');
    expect(dataset.stderr).toMatch(/no dataset "nosuch"; datasets: planted/);
  });

  it('imports behaviour events with every reading, mapping, split and vocabulary flag', async () => {
    const events = join(tmp.dir, 'events.tsv');
    writeFileSync(
      events,
      'visitor\twhen\taction\tpage\tproduct\n' +
        [
          'v1\t2021-01-01T10:00:00Z\tview\thome\tp1',
          'v1\t2021-01-01T10:05:00Z\tclick\tproduct\tp2',
          'v1\t2021-01-01T13:00:00Z\tview\thome\tp1',
          'v2\t2021-01-01T09:00:00Z\tview\tsearch\tp3',
          'v2\tyesterday\tview\thome\tp1',
        ].join('\n') +
        '\n',
    );
    const r = await ewb(
      'import',
      events,
      '--db',
      db,
      '--dataset',
      'events',
      '--delimiter',
      'tab',
      '--header',
      '--map',
      'user=visitor,timestamp=when,event=action+page',
      '--session-gap',
      '60',
      '--split',
      'leave-last',
      '--min-count',
      'event=2',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = last(r.stdout) as {
      rows: object;
      rejects: object[];
      vocabularies: Record<string, object>;
      report: { sequences: { count: number } };
    };
    expect(result.rows).toEqual({ read: 5, imported: 4, rejected: 1 });
    expect(result.rejects).toEqual([
      { line: 6, reason: 'timestamp "yesterday" is neither epoch seconds, milliseconds nor an ISO-8601 date' },
    ]);
    // view:page=home ×2 survives minCount 2; click:page=product and view:page=search go to OOV.
    expect(result.vocabularies.event).toEqual({ size: 1, oovIds: 2, oovRows: 2 });
    expect(result.report.sequences.count).toBe(3);
    const bad = await ewb('import', events, '--db', db, '--split', 'sideways');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--split is one of random, leave-last, chrono, column/);
  });

  it('trains word2vec on a text corpus and evaluates analogies and similarity', async () => {
    // Each line pairs a capital with its country in the same frame, so capital − country offsets align.
    const pairs = [
      ['paris', 'france'],
      ['rome', 'italy'],
      ['madrid', 'spain'],
      ['berlin', 'germany'],
      ['lisbon', 'portugal'],
    ];
    const lines: string[] = [];
    for (let n = 0; n < 400; n++) {
      const [city, country] = pairs[n % pairs.length]!;
      lines.push(`the city of ${city} is the capital of ${country} and ${city} lies in ${country}`);
    }
    const corpus = join(tmp.dir, 'capitals.txt');
    writeFileSync(corpus, lines.join('\n') + '\n');
    expect((await ewb('import', corpus, '--db', db, '--dataset', 'capitals', '--format', 'text')).code).toBe(0);
    const trained = await ewb(
      'train',
      '--db',
      db,
      '--dataset',
      'capitals',
      '--model',
      'sgns',
      '--dim',
      '16',
      '--epochs',
      '3',
      '--threads',
      '1',
      '--sample',
      '0',
      '--json',
    );
    expect(trained.code).toBe(0);
    const run = last(trained.stdout) as { runId: number; model: string };
    expect(run.model).toBe('sgns');
    const questions = join(tmp.dir, 'questions.txt');
    writeFileSync(
      questions,
      ': capital-common-countries\nParis France Rome Italy\nBerlin Germany Madrid Spain\nOslo Norway Paris France\n',
    );
    const similarity = join(tmp.dir, 'pairs.tsv');
    writeFileSync(similarity, '# w1 w2 score\nparis france 9\nrome italy 8.5\nparis the 1\noslo norway 9\n');
    const r = await ewb(
      'eval',
      '--db',
      db,
      '--run',
      String(run.runId),
      '--analogies',
      questions,
      '--similarity',
      similarity,
      '--json',
    );
    expect(r.code).toBe(0);
    const result = last(r.stdout) as {
      type: string;
      table: string;
      analogies: { questions: number; skipped: number; accuracy: number; sections: Record<string, { total: number }> };
      similarity: { spearman: number; oovRatio: number };
    };
    expect(result).toMatchObject({ type: 'result', table: 'words' });
    expect(result.analogies).toMatchObject({ questions: 2, skipped: 1 });
    expect(result.analogies.sections['capital-common-countries']!.total).toBe(2);
    expect(result.analogies.accuracy).toBeGreaterThanOrEqual(0);
    expect(result.similarity.oovRatio).toBe(0.25);
    expect(Number.isFinite(result.similarity.spearman)).toBe(true);

    const analogy = await ewb(
      'analogy',
      '--db',
      db,
      '--run',
      String(run.runId),
      '--table',
      'words',
      '--expr',
      'paris-france+italy',
      '-k',
      '3',
      '--json',
    );
    expect(analogy.code).toBe(0);
    const found = last(analogy.stdout) as { method: string; results: { key: string }[] };
    expect(found.method).toBe('3CosAdd');
    expect(found.results).toHaveLength(3);
    expect(found.results.map((r) => r.key)).not.toContain('paris');

    const out = join(tmp.dir, 'w2v');
    const exported = await ewb(
      'export',
      '--db',
      db,
      '--run',
      String(run.runId),
      '--table',
      'words',
      '--format',
      'word2vec',
      '--out',
      out,
      '--json',
    );
    expect(exported.code).toBe(0);
    const { files, rows } = last(exported.stdout) as { files: string[]; rows: number };
    expect(readFileSync(files[0]!, 'utf8').split('\n')[0]).toBe(`${rows} 16`);
  });

  it('has --help for every command', async () => {
    for (const cmd of ['import', 'train', 'eval', 'neighbors', 'export', 'serve', 'demo']) {
      const r = await ewb(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^ewb ${cmd}`));
    }
  });
});

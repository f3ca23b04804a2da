// Word tables: words under the training min-count get no stored row (read back as count 0), are never shown,
// never evaluated, not exported where the format cannot mark them;
// runs stored before tables kept their counts fall back to the dataset's vocabulary counts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainResult } from '../../shared';
import { headlessServices } from '../headless';
import { createRng } from '../random';
import type { Services } from '../services';
import { getRun, loadTable } from '../store/runs';
import { tempDir } from '../testing';

const tmp = tempDir();
let services: Services;
let run: TrainResult;
const ANIMALS = ['cat', 'dog', 'horse', 'cow', 'sheep', 'goat'];
const CITIES = ['paris', 'rome', 'berlin', 'madrid', 'vienna', 'prague'];

beforeAll(async () => {
  services = headlessServices(join(tmp.dir, 'words.db'), () => undefined);
  // Two topics, one sentence each per line; "zebra" occurs twice and "lisbon" once: under min-count 3.
  const rng = createRng(5);
  const pick = (words: string[]): string => words[Math.floor(rng() * words.length)]!;
  const lines: string[] = [];
  for (let s = 0; s < 600; s++) {
    const topic = s % 2 === 0 ? ANIMALS : CITIES;
    lines.push(Array.from({ length: 8 }, () => pick(topic)).join(' '));
  }
  lines[10] += ' zebra';
  lines[12] += ' zebra';
  lines[11] += ' lisbon';
  const path = join(tmp.dir, 'corpus.txt');
  writeFileSync(path, lines.join('\n') + '\n');
  await services.handlers['datasets:import']({
    path,
    name: 'corpus',
    format: 'text',
    split: { kind: 'random', valid: 0, test: 0 },
  });
  run = await services.train({ dataset: 'corpus', model: 'sgns', dim: 16, epochs: 3, minCount: 3, seed: 3, threads: 1 })
    .settled;
}, 60_000);
afterAll(() => {
  services.close();
  tmp.cleanup();
});

describe('words under the training min-count', () => {
  it('keep their row with count 0, in both tables', async () => {
    for (const table of ['words', 'words.context']) {
      const keys = await services.handlers['embeddings:keys']({ runId: run.runId, table, query: '', limit: 100 });
      const count = new Map(keys.map((k) => [k.key, k.trainCount]));
      expect(count.get('zebra')).toBe(0);
      expect(count.get('lisbon')).toBe(0);
      expect(count.get('cat')).toBeGreaterThan(300);
    }
    expect(loadTable(services.db, run.runId, 'words').counts!.filter((c, r) => r >= 2 && c === 0)).toHaveLength(2);
  });

  it('are not stored: the tables stop at the last trained word and read back on the whole vocabulary', () => {
    // PAD, OOV, the 12 topic words, then zebra and lisbon (the vocabulary is sorted by count).
    for (const name of ['words', 'words.context']) {
      const stored = services.db
        .prepare(
          'SELECT rows, length(data) AS bytes, length(counts) AS countBytes FROM run_tables WHERE run_id = ? AND name = ?',
        )
        .get(run.runId, name) as { rows: number; bytes: number; countBytes: number };
      expect(stored).toEqual({ rows: 14, bytes: 14 * 16 * 4, countBytes: 14 * 4 });
      const t = loadTable(services.db, run.runId, name);
      expect([t.rows, t.data.length, t.counts!.length]).toEqual([16, 16 * 16, 16]);
      expect(Array.from(t.counts!.subarray(14))).toEqual([0, 0]);
      expect(t.data.subarray(14 * 16).every((x) => x === 0)).toBe(true);
    }
    expect(getRun(services.db, run.runId).tables.map((t) => t.rows)).toEqual([16, 16]);
  });

  it('are never neighbours, and a query on one says why', async () => {
    const r = await services.handlers['embeddings:neighbors']({
      runId: run.runId,
      table: 'words',
      key: 'cat',
      k: 50,
      filter: { minCount: 0 },
    });
    expect(r.neighbors.map((n) => n.key).sort()).toEqual([...ANIMALS, ...CITIES].filter((w) => w !== 'cat').sort());
    await expect(
      services.handlers['embeddings:neighbors']({ runId: run.runId, table: 'words', key: 'Zebra' }),
    ).rejects.toThrow(
      /word "zebra" has no occurrences in the training corpus \(or fewer than the training min-count\)/,
    );
  });

  it('are outside the vocabulary when analogies are evaluated', async () => {
    const path = join(tmp.dir, 'questions.txt');
    writeFileSync(path, ': test\ncat dog horse cow\ncat zebra horse cow\nparis rome lisbon madrid\n');
    const r = await services.handlers['embeddings:evaluate']({ runId: run.runId, analogies: path });
    expect(r.analogies).toMatchObject({ questions: 1, skipped: 2 });
  });

  it('are not in a word2vec export (the format cannot mark them), unless asked for', async () => {
    const exported = (onlyTrained?: boolean) =>
      services.handlers['embeddings:export']({
        runId: run.runId,
        table: 'words',
        format: 'word2vec',
        outDir: join(tmp.dir, `w2v-${String(onlyTrained)}`),
        ...(onlyTrained === undefined ? {} : { onlyTrained }),
      });
    const words = (file: string) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(' ')[0]);
    const byDefault = await exported();
    expect(byDefault).toMatchObject({ rows: 12, untrainedRows: 2, untrainedLeftOut: true });
    expect(words(byDefault.files[0]!).sort()).toEqual([...ANIMALS, ...CITIES].sort());
    const all = await exported(false);
    expect(words(all.files[0]!)).toEqual(expect.arrayContaining(['zebra', 'lisbon']));
  });
});

describe('a run stored before tables kept their counts', () => {
  it('falls back to the dataset’s vocabulary counts, and says so', async () => {
    const old = await services.train({
      dataset: 'corpus',
      model: 'sgns',
      dim: 8,
      epochs: 1,
      minCount: 3,
      seed: 4,
      threads: 1,
    }).settled;
    services.db.prepare('UPDATE run_tables SET counts = NULL WHERE run_id = ?').run(old.runId);
    const info = await services.handlers['embeddings:tableInfo']({ runId: old.runId, table: 'words' });
    expect(info).toMatchObject({ support: 'vocabulary', untrained: 0 });
    // The dataset counts zebra twice: hidden by the default minimum count, shown at 1.
    const near = async (minCount: number) =>
      (
        await services.handlers['embeddings:neighbors']({
          runId: old.runId,
          table: 'words',
          key: 'cat',
          k: 50,
          filter: { minCount },
        })
      ).neighbors.map((n) => n.key);
    expect(await near(5)).not.toContain('zebra');
    expect(await near(1)).toContain('zebra');
  });
});

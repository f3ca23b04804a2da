// A text corpus left in the database (word2vecStored.ts): counted as it is read, and word2vec trains on it exactly
// as on the same corpus in memory, each chunk reading its sequences; a damaged row stops the run and names it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importDataset } from '../ingest/importDataset';
import { createRng } from '../random';
import { isWholeText, loadSequenceCounts, loadSequences } from '../store/datasets';
import { openDb, type Db } from '../store/db';
import { tempDir } from '../testing';
import { trainOn } from './testTraining';

const tmp = tempDir();
afterAll(tmp.cleanup);

/** 1,500 lines of 10–30 words from three topics of 20 words: ~30,000 tokens, three chunks of word2vec's. */
async function textCorpus(name: string): Promise<{ db: Db; path: string; datasetId: number }> {
  const rng = createRng(5);
  const lines: string[] = [];
  for (let l = 0; l < 1500; l++) {
    const topic = Math.floor(rng() * 3);
    const n = 10 + Math.floor(rng() * 21);
    lines.push(Array.from({ length: n }, () => `t${topic}w${Math.floor(rng() * 20)}`).join(' '));
  }
  const file = join(tmp.dir, `${name}.txt`);
  writeFileSync(file, lines.join('\n') + '\n');
  const path = join(tmp.dir, `${name}.db`);
  const db = openDb(path);
  const { datasetId } = await importDataset(db, { path: file, format: 'text' });
  return { db, path, datasetId };
}

describe('a text corpus left in the database', () => {
  it('is counted as it is read, with the shape of the corpus in memory', async () => {
    const { db, path, datasetId } = await textCorpus('counts');
    try {
      expect(isWholeText(db, datasetId)).toBe(true);
      const ids = loadSequences(db, datasetId);
      const stored = loadSequenceCounts(db, path, datasetId);
      const counts = new Float64Array(ids.rows);
      for (const t of ids.tokens) counts[t]!++;
      expect(stored.counts).toEqual(counts);
      expect(stored.offsets).toEqual(ids.offsets);
      expect(stored.splits).toEqual(ids.splits);
      expect(stored.stored).toEqual({ dbPath: path, datasetId });
      // A sequence out of train: the corpus is no longer trained whole, so it is not left stored.
      db.prepare('UPDATE sequences SET split = 1 WHERE dataset_id = ? AND seq = 3').run(datasetId);
      expect(isWholeText(db, datasetId)).toBe(false);
    } finally {
      db.close();
    }
  });

  it('trains word2vec to the same tables as the corpus in memory, on either kernel', async () => {
    const { db, path, datasetId } = await textCorpus('same');
    try {
      const ids = loadSequences(db, datasetId);
      const stored = loadSequenceCounts(db, path, datasetId);
      const bytes = (x: Float32Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
      for (const kernel of ['simd', 'scalar'] as const) {
        const o = { model: 'sgns', dim: 8, window: 3, sample: 1e-3, epochs: 2, seed: 4 } as const;
        const a = await trainOn(o, { kind: 'sequences', columns: ids }, { kernel });
        const b = await trainOn(o, { kind: 'sequences', columns: stored }, { kernel });
        for (let t = 0; t < 2; t++) expect(bytes(b.tables[t]!.data).equals(bytes(a.tables[t]!.data))).toBe(true);
        expect(b.tables[0]!.counts).toEqual(a.tables[0]!.counts);
        expect(b.epochs.map((e) => e.loss)).toEqual(a.epochs.map((e) => e.loss));
      }
      // Hogwild threads each read the chunks they train.
      const threaded = await trainOn(
        { model: 'sgns', dim: 8, window: 3, epochs: 3, seed: 4, threads: 2 },
        { kind: 'sequences', columns: stored },
      );
      expect(threaded.epochs[2]!.loss).toBeLessThan(threaded.epochs[0]!.loss);
    } finally {
      db.close();
    }
  });

  it('stops a run at a damaged row, naming the sequence and the id', async () => {
    const { db, path, datasetId } = await textCorpus('damaged');
    try {
      const stored = loadSequenceCounts(db, path, datasetId);
      const row = db.prepare('SELECT tokens FROM sequences WHERE dataset_id = ? AND seq = 700').get(datasetId) as {
        tokens: Buffer;
      };
      const ids = new Int32Array(
        row.tokens.buffer.slice(row.tokens.byteOffset, row.tokens.byteOffset + row.tokens.length),
      );
      ids[2] = 999_999;
      db.prepare('UPDATE sequences SET tokens = ? WHERE dataset_id = ? AND seq = 700').run(
        Buffer.from(ids.buffer),
        datasetId,
      );
      await expect(
        trainOn({ model: 'sgns', dim: 8, epochs: 1, seed: 4 }, { kind: 'sequences', columns: stored }),
      ).rejects.toThrow(/sequence 700 holds token id 999999, outside its vocabulary/);
    } finally {
      db.close();
    }
  });
});

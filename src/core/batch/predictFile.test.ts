// A classifier predicting files it never saw (`batch:predict`): the training file read again gives the very
// probabilities the run stored for its own sequences; a plain text file (one document per line) is read with
// the run's tokenizer; labels it never saw are named; a file without the text column is refused in words.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlessServices } from '../headless';
import type { Services } from '../services';
import { openDb } from '../store/db';
import { generateTextTask, writeTextTaskCsv, type LabelledText } from '../tasks/textTask';
import { readPredictions } from '../tfjs/classifierPredictions';
import { tempDir } from '../testing';

const tmp = tempDir();
const dbPath = join(tmp.dir, 'p.db');
let services: Services;
let runId: number;
let docs: LabelledText[];

beforeAll(async () => {
  const csv = join(tmp.dir, 'reviews.csv');
  docs = generateTextTask({ kind: 'planted', documents: 240, seed: 5 });
  writeTextTaskCsv(csv, docs);
  services = headlessServices(dbPath, () => undefined);
  await services.handlers['datasets:import']({ path: csv, name: 'reviews', mapping: { text: 'text', label: 'label' } });
  runId = (await services.train({ dataset: 'reviews', model: 'classifier', maxLen: 30, epochs: 3, lr: 0.02 }).settled)
    .runId;
}, 180_000);
afterAll(() => {
  services?.close();
  tmp.cleanup();
});

/** The stored probability of class 1 for every sequence, in import order. */
function storedProbabilities(): { classes: string[]; p1: number[] } {
  const ro = openDb(dbPath, { readonly: true });
  try {
    const p = readPredictions(ro, runId, 'all');
    return { classes: p.classes, p1: p.rows.map((r) => r.probabilities[1]!) };
  } finally {
    ro.close();
  }
}

describe('batch:predict', () => {
  it('predicts the training file again exactly as the run did, and scores its labels', async () => {
    const out = join(tmp.dir, 'again.parquet');
    const res = await services.handlers['batch:predict']({ runId, path: join(tmp.dir, 'reviews.csv'), out });
    const { classes, p1 } = storedProbabilities();
    expect(res).toMatchObject({ kind: 'predictions', format: 'parquet', queries: 240, rows: 240 });
    expect(res.predictions).toMatchObject({ classes, labelled: 240, unknownLabels: [], oovShare: 0 });
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(out) })) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual(['seq', 'key', 'label', 'predicted', `p_${classes[0]}`, `p_${classes[1]}`]);
    rows.forEach((r, s) => {
      expect(r[`p_${classes[1]}`]).toBeCloseTo(p1[s]!, 5);
      expect(r.label).toBe(docs[s]!.label);
      expect(r.predicted).toBe(classes[p1[s]! >= 0.5 ? 1 : 0]);
    });
    const right = rows.filter((r) => r.predicted === r.label).length / rows.length;
    expect(res.predictions!.metrics!.accuracy).toBeCloseTo(right, 10);
  });

  it('reads a plain text file, one document per line, with the run’s tokenizer', async () => {
    const txt = join(tmp.dir, 'new.txt');
    // Upper case and punctuation: the run's Keras tokenizer lower-cases and splits them off.
    writeFileSync(txt, ['What an EXCELLENT, superb film!', 'Awful. Dreadful; boring.', 'zzz qqq'].join('\n') + '\n');
    const out = join(tmp.dir, 'new.csv');
    const res = await services.handlers['batch:predict']({ runId, path: txt, out });
    expect(res.queries).toBe(3);
    expect(res.predictions!.labelled).toBe(0);
    expect(res.predictions!.metrics).toBeNull();
    // 10 tokens; the filler vocabulary is w0…, so what, an, film, zzz and qqq are outside it.
    expect(res.predictions!.oovShare).toBeCloseTo(5 / 10, 10);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      `seq,key,label,predicted,${storedProbabilities()
        .classes.map((c) => `p_${c}`)
        .join(',')}`,
    );
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['pos', 'neg', expect.any(String)]);
  });

  it('names labels the run never saw, and refuses a file without the text column', async () => {
    const csv = join(tmp.dir, 'other.csv');
    writeTextTaskCsv(csv, [
      { text: 'superb wonderful', label: 'pos' },
      { text: 'dreadful', label: 'meh' },
    ]);
    const res = await services.handlers['batch:predict']({ runId, path: csv, out: join(tmp.dir, 'other-out.csv') });
    expect(res.predictions).toMatchObject({ labelled: 1, unknownLabels: ['meh'] });
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, 'review,stars\n"great film",5\n');
    await expect(
      services.handlers['batch:predict']({ runId, path: bad, out: join(tmp.dir, 'bad-out.csv') }),
    ).rejects.toThrow(/has no column text \(text\).*columns: review, stars/);
  });

  it('is refused for runs that are not classifiers', async () => {
    await expect(
      services.handlers['batch:predict']({ runId: 424242, path: join(tmp.dir, 'reviews.csv') }),
    ).rejects.toThrow(/no run 424242/);
  });
});

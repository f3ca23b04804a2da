// Text corpora, sessions and behaviour sequences: tokenising, chunking, grouping, ordering and splitting.
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db';
import { loadVocabulary } from '../store/datasets';
import { importDataset } from './importDataset';
import { createTokenizer, textPieces } from './text';
import { blobInts, importFixture } from './testFiles';

const fx = importFixture();
afterAll(fx.cleanup);

interface SeqRow {
  key: string | null;
  role: string;
  user_idx: number | null;
  label_idx: number | null;
  split: number;
  length: number;
  tokens: Buffer;
}
const sequences = (db: Db, id: number): SeqRow[] =>
  db.prepare('SELECT * FROM sequences WHERE dataset_id = ? ORDER BY seq').all(id) as SeqRow[];

/** Sequences as lists of keys, PAD/OOV shown as <pad>/<oov>. */
function asKeys(db: Db, id: number, role: string): string[][] {
  const keys = new Map(loadVocabulary(db, id, role).map((v) => [v.idx, v.key]));
  return sequences(db, id).map((s) => blobInts(s.tokens).map((t) => keys.get(t) ?? (t === 1 ? '<oov>' : '<pad>')));
}

describe('Keras tokenizer semantics', () => {
  it('lower-cases, removes the filter characters, keeps apostrophes, splits on whitespace', () => {
    expect(createTokenizer()("Hello, World!  Don't\tstop—now.")).toEqual(['hello', 'world', "don't", 'stop—now']);
    expect(createTokenizer({ lower: false, filters: '' })('A b,c')).toEqual(['A', 'b,c']);
  });
});

describe('text corpora', () => {
  it('makes one sequence per line, chunks long documents, and cuts the vocabulary by numWords', async () => {
    const long = Array.from({ length: 25_000 }, (_, i) => (i % 3 === 0 ? 'the' : i % 3 === 1 ? 'cat' : `w${i}`)).join(
      ' ',
    );
    const path = fx.file('corpus.txt', `The cat sat.\n\n${long}\nA dog!\n`);
    const db = fx.db();
    const r = await importDataset(db, { path, format: 'text', tokenizer: { numWords: 4 } });
    // numWords counts index 0 as in Keras: indices 2 and 3 survive ("the", "cat"), everything else is OOV.
    expect(r.vocabularies.word).toMatchObject({ size: 2 });
    const seqs = sequences(db, r.datasetId);
    expect(seqs.map((s) => s.length)).toEqual([3, 10_000, 10_000, 5_000, 2]);
    expect(asKeys(db, r.datasetId, 'word')[0]).toEqual(['the', 'cat', '<oov>']);
    expect(r.report.sequences).toMatchObject({ count: 5, tokens: 25_005 });
    expect(r.rows).toMatchObject({ read: 3, rejected: 0 }); // the blank line is not a document
  });

  it('streams long lines in windows with exactly the tokens of the whole line, words across window ends kept', async () => {
    // Lines of ~600 KB (several windows and read chunks), words of every length, one word of 100k characters.
    const words = Array.from({ length: 60_000 }, (_, i) => `Wörd${'x'.repeat(i % 17)}${i}`);
    const lines = [words.join(' '), '', `a ${'y'.repeat(100_000)} b`, words.slice(0, 999).join('  \t ')];
    const path = fx.file('long-lines.txt', lines.join('\n') + '\n');
    const tokenize = createTokenizer();
    const streamed: string[][] = lines.map(() => []);
    const ends: number[] = [];
    for await (const pieces of textPieces(path, tokenize, {}))
      for (const p of pieces) {
        streamed[p.line - 1]!.push(...p.tokens);
        if (p.ends) ends.push(p.line);
      }
    expect(streamed).toEqual(lines.map(tokenize));
    expect(ends).toEqual([1, 2, 3, 4]);
  });

  it('reads a labelled text column as documents with their label', async () => {
    const path = fx.file('reviews.csv', 'text,label\n"Great film, loved it",pos\nboring,neg\n"loved it",pos\n');
    const db = fx.db();
    const r = await importDataset(db, { path, mapping: { text: 'text', label: 'label' } });
    expect(r.vocabularies.label).toMatchObject({ size: 2 });
    const labels = new Map(loadVocabulary(db, r.datasetId, 'label').map((v) => [v.idx, v.key]));
    expect(sequences(db, r.datasetId).map((s) => labels.get(s.label_idx!))).toEqual(['pos', 'neg', 'pos']);
    expect(asKeys(db, r.datasetId, 'word')).toEqual([['great', 'film', 'loved', 'it'], ['boring'], ['loved', 'it']]);
  });
});

describe('the default split of text', () => {
  const lines = Array.from({ length: 50 }, (_, i) => `doc ${i} says word${i % 7}`).join('\n') + '\n';
  const splitCounts = (db: Db, id: number): number[] =>
    [0, 1, 2].map((code) => sequences(db, id).filter((s) => s.split === code).length);

  it('puts every document of a corpus or an unlabelled text column in train: word vectors use it all', async () => {
    const db = fx.db();
    const corpus = await importDataset(db, { path: fx.file('all.txt', lines), format: 'text' });
    expect(corpus.splits).toEqual({ train: 50, valid: 0, test: 0 });
    expect(corpus.report.sequences?.splits).toEqual({ train: 50, valid: 0, test: 0 });
    expect(splitCounts(db, corpus.datasetId)).toEqual([50, 0, 0]);
    const csv =
      'id,body\n' +
      lines
        .trim()
        .split('\n')
        .map((l, i) => `${i},${l}`)
        .join('\n') +
      '\n';
    const column = await importDataset(db, { path: fx.file('docs.csv', csv), mapping: { text: 'body' } });
    expect(column.splits).toEqual({ train: 50, valid: 0, test: 0 });
  });

  it('still splits when asked, and keeps 80/10/10 for labelled text (a classifier is judged on held-out data)', async () => {
    const db = fx.db();
    const asked = await importDataset(db, {
      path: fx.file('asked.txt', lines),
      format: 'text',
      split: { kind: 'random', valid: 0.1, test: 0.2 },
    });
    expect(asked.splits).toEqual({ train: 35, valid: 5, test: 10 });
    expect(splitCounts(db, asked.datasetId)).toEqual([35, 5, 10]);
    const csv =
      'text,label\n' +
      lines
        .trim()
        .split('\n')
        .map((l, i) => `${l},${i % 2 ? 'a' : 'b'}`)
        .join('\n') +
      '\n';
    const labelled = await importDataset(db, {
      path: fx.file('labelled.csv', csv),
      mapping: { text: 'text', label: 'label' },
    });
    expect(labelled.splits).toEqual({ train: 40, valid: 5, test: 5 });
  });
});

describe('behaviour sequences', () => {
  it('groups rows by session in time order and combines event columns into one token', async () => {
    const path = fx.file(
      'events.csv',
      'session,user,time,action,page_type\n' +
        's1,u1,2021-01-01 10:05:00,click,product\n' +
        's2,u2,2021-01-01 09:00:00,view,home\n' +
        's1,u1,2021-01-01 10:00:00,view,home\n',
    );
    const db = fx.db();
    const r = await importDataset(db, {
      path,
      mapping: { session: 'session', user: 'user', timestamp: 'time', event: ['action', 'page_type'] },
    });
    expect(asKeys(db, r.datasetId, 'event')).toEqual([
      ['view:page_type=home', 'click:page_type=product'],
      ['view:page_type=home'],
    ]);
    expect(sequences(db, r.datasetId).map((s) => s.key)).toEqual(['s1', 's2']);
  });

  it("cuts a user's events into sessions where the gap exceeds the limit", async () => {
    const rows = ['user,item,ts', 'u1,a,0', 'u1,b,600', 'u1,c,1200', 'u1,d,9000', 'u1,e,9300', 'u2,a,50'];
    const path = fx.file('gaps.csv', rows.join('\n'));
    const db = fx.db();
    const r = await importDataset(db, {
      path,
      mapping: { user: 'user', item: 'item', timestamp: 'ts' },
      sessionGapMinutes: 30,
    });
    expect(r.report.sequences).toMatchObject({ count: 3 });
    expect(asKeys(db, r.datasetId, 'item')).toEqual([['a', 'b', 'c'], ['d', 'e'], ['a']]);
    expect(sequences(db, r.datasetId).map((s) => s.key)).toEqual(['u1#1', 'u1#2', 'u2#1']);
    // Leave-last per user: u1's last session is test, its first stays to train (a user keeps one); u2's trains.
    const db2 = fx.db();
    const split = await importDataset(db2, {
      path,
      mapping: { item: 'item', user: 'user', timestamp: 'ts' },
      sessionGapMinutes: 30,
      split: { kind: 'leaveLast' },
    });
    expect(sequences(db2, split.datasetId).map((s) => s.split)).toEqual([0, 2, 0]);
  });
});

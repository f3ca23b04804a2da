// `ewb eval` gives gensim's figures on the same vectors: a run trained on a slice of the Wikipedia development
// corpus (import → train → export as a user does), then gensim's evaluate_word_analogies (restrict 30,000) and
// evaluate_word_pairs on the exported file, against `ewb eval` on the run. Skips with one line when the corpus
// or a Python with gensim (.venv-bench, else Debian's /usr/bin/python3) is missing.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData, tempDir } from '../core/testing';

const EWB = fileURLToPath(new URL('../../bin/ewb.js', import.meta.url));
const PYTHONS = [fileURLToPath(new URL('../../.venv-bench/bin/python', import.meta.url)), '/usr/bin/python3'];
// One line when skipped: the data is looked for first (a bare clone), then a Python with gensim.
const corpus = sharedData('enwiki-dev-text8like.txt.gz', 'ewb eval against gensim');
const questions = corpus && sharedData('questions-words.txt', 'ewb eval against gensim');
const python = questions
  ? PYTHONS.find((p) => existsSync(p) && spawnSync(p, ['-c', 'import gensim']).status === 0)
  : undefined;
if (questions && !python)
  console.warn(`skipped: ewb eval against gensim — no Python with gensim (${PYTHONS.join(', ')})`);
const TOKENS = 1_000_000;
/** The sections a million tokens already answer in part (the whole set takes minutes to score twice). */
const SECTIONS = new Set(['family', 'gram6-nationality-adjective', 'gram8-plural']);

/** Pairs to score when gensim ships no WordSim-353 (Debian's package has no test data): ties and an OOV word. */
const PAIRS = `# word pairs with made-up scores
king\tqueen\t8.5
man\twoman\t8.3
city\ttown\t8.0
france\tparis\t7.1
war\tpeace\t5.2
music\tsong\t7.6
water\triver\t6.4
king\tcabbage\t0.5
year\tday\t5.2
computer\tzzyzxq\t3.0
`;

const GENSIM = `
import json, os, sys
from gensim.models import KeyedVectors
from gensim.test.utils import datapath
if sys.argv[1] == 'wordsim':
    print(datapath('wordsim353.tsv') if os.path.exists(datapath('wordsim353.tsv')) else '')
    sys.exit(0)
kv = KeyedVectors.load_word2vec_format(sys.argv[1])
score, sections = kv.evaluate_word_analogies(sys.argv[2], restrict_vocab=30000)
total = next(s for s in sections if s['section'] == 'Total accuracy')
pearson, spearman, oov = kv.evaluate_word_pairs(sys.argv[3])
print(json.dumps({'accuracy': score, 'correct': len(total['correct']),
                  'questions': len(total['correct']) + len(total['incorrect']), 'spearman': spearman[0], 'oov': oov / 100}))
`;

const tmp = tempDir();
afterAll(tmp.cleanup);

async function ewb(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [EWB, ...args, '--json'], { maxBuffer: 1 << 26 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe.skipIf(!python || !corpus || !questions)('ewb eval against gensim on the same vectors', () => {
  it('gives gensim’s analogy accuracy (restrict 30,000) and similarity ρ', { timeout: 900_000 }, async () => {
    const text = gunzipSync(readFileSync(corpus!)).toString('latin1');
    const cut = text.split(' ', TOKENS).join(' ') + '\n';
    const file = join(tmp.dir, 'wiki.txt');
    writeFileSync(file, cut);
    const db = join(tmp.dir, 'p.db');
    await ewb('import', file, '--db', db, '--dataset', 'wiki', '--format', 'text');
    const flags = ['--dim', '50', '--epochs', '3', '--lr', '0.05', '--sample', '1e-4', '--min-count', '5'];
    const train = ['train', '--db', db, '--dataset', 'wiki', '--model', 'sgns', ...flags, '--threads', '1'];
    const run = String((await ewb(...train)).runId);
    const subset = join(tmp.dir, 'questions.txt');
    const kept: string[] = [];
    let keep = false;
    for (const line of readFileSync(questions!, 'utf8').split('\n')) {
      if (line.startsWith(':')) keep = SECTIONS.has(line.slice(1).trim());
      if (keep) kept.push(line);
    }
    writeFileSync(subset, kept.join('\n') + '\n');
    const out = join(tmp.dir, 'export');
    // The words under --min-count are left out of a word2vec file (it cannot mark them), as gensim leaves them out.
    const where = ['--db', db, '--run', run, '--table', 'words'];
    const exported = await ewb('export', ...where, '--format', 'word2vec', '--out', out);
    expect(exported).toMatchObject({ untrainedLeftOut: true });
    const wordsim = spawnSync(python!, ['-c', GENSIM, 'wordsim'], { encoding: 'utf8' }).stdout.trim();
    const similarity = wordsim || join(tmp.dir, 'pairs.tsv');
    if (!wordsim) writeFileSync(similarity, PAIRS);

    const ours = (await ewb('eval', '--db', db, '--run', run, '--analogies', subset, '--similarity', similarity)) as {
      analogies: { accuracy: number; questions: number };
      similarity: { spearman: number; oovRatio: number };
    };
    const g = spawnSync(python!, ['-c', GENSIM, join(out, 'words.word2vec.txt'), subset, similarity], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    expect(g.status, g.stderr).toBe(0);
    const theirs = JSON.parse(g.stdout.trim().split('\n').at(-1)!) as {
      accuracy: number;
      correct: number;
      questions: number;
      spearman: number;
      oov: number;
    };
    // A trained model, not noise: some analogies are right.
    expect(theirs.correct).toBeGreaterThan(50);
    expect(ours.analogies.questions).toBe(theirs.questions);
    // Float32 cosines may order a near-tie differently: at most one question in a thousand.
    expect(Math.abs(ours.analogies.accuracy - theirs.accuracy)).toBeLessThanOrEqual(0.001);
    expect(ours.similarity.spearman).toBeCloseTo(theirs.spearman, 3);
    expect(ours.similarity.oovRatio).toBeCloseTo(theirs.oov, 6);
  });
});

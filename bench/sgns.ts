// `node --import tsx bench/sgns.ts`: skip-gram throughput and analogy accuracy of the CPU engine beside gensim's
// Word2Vec(sg=1) on the same corpus and settings (dim 100, window 5, negative 5, sample 1e-3, minCount 5,
// 5 epochs, 2 threads), printed as raw words/s and a ratio. Not part of CI.
// Usage: node --import tsx bench/sgns.ts [--corpus FILE --questions FILE] [--tokens 17000000] [--epochs 5]
//        [--threads 2] [--kernel simd|scalar] [--skip-gensim]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateAnalogies, parseAnalogies, type KeyedVectors } from '../src/core/eval/analogies';
import { sequenceColumns, sequenceData, trainOn } from '../src/core/train/testTraining';
import { loadCorpus, writeGenerated } from './sgnsCorpus';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    questions: { type: 'string' },
    tokens: { type: 'string' },
    epochs: { type: 'string' },
    threads: { type: 'string' },
    kernel: { type: 'string' },
    'skip-gensim': { type: 'boolean' },
  },
});
const epochs = Number(values.epochs ?? 5);
const threads = Number(values.threads ?? 2);
const kernel = values.kernel === 'scalar' ? 'scalar' : 'simd';
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-sgns-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// The two cores are shared with other work: say how idle the machine was before quoting figures.
const vmstat = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
const idle = Number(vmstat[vmstat.length - 1]!.trim().split(/\s+/)[14]);
console.log(`vmstat idle before the run: ${idle}%${idle < 90 ? '  (NOT idle: figures are unreliable)' : ''}`);

let corpusPath = values.corpus;
let questionsPath = values.questions;
if (!corpusPath) {
  const tokens = Number(values.tokens ?? 17_000_000);
  corpusPath = join(tmp, 'corpus.txt');
  questionsPath ??= join(tmp, 'questions.txt');
  const t = performance.now();
  writeGenerated(corpusPath, questionsPath, tokens);
  console.log(`generated ${tokens.toLocaleString()} tokens in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const corpus = loadCorpus(corpusPath, 5);
console.log(
  `corpus: ${corpus.tokens.length.toLocaleString()} tokens, ${(corpus.offsets.length - 1).toLocaleString()} lines, ` +
    `vocabulary ${(corpus.words.length - 2).toLocaleString()} (minCount 5)`,
);

// gensim's settings: dim 100, window 5, negative 5, sample 1e-3, alpha 0.025 (minCount 5 applied by loadCorpus).
const config = { model: 'sgns', dim: 100, window: 5, negative: 5, sample: 1e-3, lr: 0.025, epochs, threads, seed: 1 };
const t0 = performance.now();
const data = sequenceData(sequenceColumns(corpus.tokens, corpus.offsets, corpus.words.length));
const trained = await trainOn({ ...config, model: 'sgns' }, data, {
  kernel,
  onEpoch: (e, perSecond) =>
    console.log(`  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, ${Math.round(perSecond).toLocaleString()} words/s`),
});
const ours = { input: trained.tables[0]!.data };
const ourSeconds = (performance.now() - t0) / 1000;
const ourRate = (corpus.tokens.length * epochs) / ourSeconds;
console.log(`ewb sgns (${kernel}, ${threads} threads): ${Math.round(ourRate).toLocaleString()} raw words/s`);

const questions = questionsPath ? parseAnalogies(readFileSync(questionsPath, 'utf8')).questions : [];
const analogies = (kv: KeyedVectors): string => {
  const r = evaluateAnalogies(questions, kv, { restrict: 30000 });
  return `${(100 * r.accuracy).toFixed(1)}% of ${r.questions} (${r.skipped} skipped)`;
};
if (questions.length)
  console.log(`ewb analogies (3CosAdd, 30,000 words): ${analogies({ ...corpus, vectors: ours.input, dim: 100 })}`);

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import gensim']).status === 0);
if (values['skip-gensim'] || !python) {
  console.log(python ? 'gensim skipped' : 'gensim is not importable (apt-get install -y python3-gensim): no ratio');
} else {
  const script = join(tmp, 'gensim_bench.py');
  writeFileSync(
    script,
    `import json, sys, time
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
corpus, workers, epochs, out, questions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
sentences = LineSentence(corpus)
m = Word2Vec(vector_size=100, window=5, negative=5, sample=1e-3, min_count=5, sg=1, workers=workers, seed=1,
             alpha=0.025, min_alpha=0.0001)
m.build_vocab(sentences)
t = time.time()
m.train(sentences, total_examples=m.corpus_count, epochs=epochs)
seconds = time.time() - t
m.wv.save_word2vec_format(out)
acc = m.wv.evaluate_word_analogies(questions, restrict_vocab=30000)[0] if questions else None
print(json.dumps({"seconds": seconds, "rawWords": m.corpus_total_words * epochs, "analogies": acc}))
`,
  );
  const vectorsPath = join(tmp, 'gensim.txt');
  const res = spawnSync(
    python,
    [script, corpusPath, String(threads), String(epochs), vectorsPath, questionsPath ?? ''],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (res.status !== 0) throw new Error(`gensim failed: ${res.stderr}`);
  const g = JSON.parse(res.stdout.trim().split('\n').pop()!) as {
    seconds: number;
    rawWords: number;
    analogies: number;
  };
  const gensimRate = g.rawWords / g.seconds;
  console.log(`gensim Word2Vec(sg=1, workers=${threads}): ${Math.round(gensimRate).toLocaleString()} raw words/s`);
  console.log(`ratio ewb / gensim: ${(ourRate / gensimRate).toFixed(2)}×`);
  if (questions.length) {
    const lines = readFileSync(vectorsPath, 'utf8').trim().split('\n').slice(1);
    const words = ['<pad>', '<oov>', ...lines.map((l) => l.slice(0, l.indexOf(' ')))];
    const vectors = new Float32Array(words.length * 100);
    lines.forEach((l, r) => vectors.set(l.split(' ').slice(1).map(Number), (r + 2) * 100));
    console.log(`gensim analogies, our evaluator: ${analogies({ words, vectors, dim: 100 })}`);
    console.log(`gensim analogies, gensim's evaluate_word_analogies: ${(100 * g.analogies).toFixed(1)}%`);
  }
}

// fastText's skip-gram with subwords off (-minn 0 -maxn 0) is word2vec: the second anchor. Installed from
// Debian when missing, as the issue asks of the bench.
if (spawnSync('fasttext', [], { stdio: 'ignore' }).error) {
  console.log('installing Debian fasttext…');
  spawnSync('apt-get', ['install', '-y', '-qq', 'fasttext'], { stdio: 'ignore' });
}
if (spawnSync('fasttext', [], { stdio: 'ignore' }).error) {
  console.log('fasttext is not installed (apt-get install -y fasttext): no fastText ratio');
} else {
  const ftArgs = [
    'skipgram',
    '-input',
    corpusPath,
    '-output',
    join(tmp, 'fasttext'),
    '-dim',
    '100',
    '-ws',
    '5',
    '-neg',
    '5',
  ];
  ftArgs.push(
    '-t',
    '1e-3',
    '-minCount',
    '5',
    '-epoch',
    String(epochs),
    '-thread',
    String(threads),
    '-minn',
    '0',
    '-maxn',
    '0',
    '-verbose',
    '0',
  );
  const t1 = performance.now();
  const ft = spawnSync('fasttext', ftArgs, { encoding: 'utf8' });
  const ftSeconds = (performance.now() - t1) / 1000;
  if (ft.status !== 0) throw new Error(`fasttext failed: ${ft.stderr}`);
  // Wall time includes reading the corpus and writing the vectors, as ours includes neither: a slight handicap for fastText.
  const ftRate = (corpus.tokens.length * epochs) / ftSeconds;
  console.log(
    `fastText skipgram (-minn 0 -maxn 0, ${threads} threads): ${Math.round(ftRate).toLocaleString()} raw words/s (wall)`,
  );
  console.log(`ratio ewb / fastText: ${(ourRate / ftRate).toFixed(2)}×`);
}

// `node --import tsx bench/word2vecSweep.ts`: how the sgns defaults were chosen. Trains the CPU engine (one
// thread, seeded: reproducible) on the first N tokens of the development corpus once per setting and prints one
// JSON line per setting: analogies (3CosAdd, restrict 30,000, as gensim) and WordSim-353 ρ over the words the
// setting trained (as `ewb eval`), and words/s of CPU time (robust on a shared machine). Not part of CI.
// Usage: node --import tsx bench/word2vecSweep.ts [--tokens 5000000] [--min-count 5]
//        [--grid '[{"lr":0.05,"sample":1e-4},{"negative":10}]']  (each entry over the base: gensim's sg settings, 2 epochs)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AllOptions } from '../src/shared';
import { evaluateAnalogies, parseAnalogies } from '../src/core/eval/analogies';
import { evaluateSimilarity, parseSimilarityPairs } from '../src/core/eval/similarity';
import { trainedRows } from '../src/core/explore/evaluate';
import { sequenceColumns, sequenceData, trainOn } from '../src/core/train/testTraining';
import { benchPython } from './python';
import { loadCorpus } from './sgnsCorpus';
import { prepareCorpus } from './word2vecRuns';

const { values } = parseArgs({
  options: { tokens: { type: 'string' }, 'min-count': { type: 'string' }, grid: { type: 'string' } },
});
const shared = (name: string): string => fileURLToPath(new URL(`../../shared/data/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-sweep-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const file = prepareCorpus(
  shared('enwiki-dev-text8like.txt.gz'),
  join(tmp, 'corpus.txt'),
  Number(values.tokens ?? 5_000_000),
);
// The training minCount, applied as the trainer does (rarer words become OOV and are never drawn as negatives).
const corpus = loadCorpus(file.path, Number(values['min-count'] ?? 5));
const data = sequenceData(sequenceColumns(corpus.tokens, corpus.offsets, corpus.words.length));
const questions = parseAnalogies(readFileSync(shared('questions-words.txt'), 'utf8')).questions;
const python = benchPython(['gensim']);
const wordsim = python
  ? parseSimilarityPairs(
      readFileSync(
        execFileSync(python, ['-c', "from gensim.test.utils import datapath; print(datapath('wordsim353.tsv'))"], {
          encoding: 'utf8',
        }).trim(),
        'utf8',
      ),
    )
  : null;
console.log(`# ${file.tokens.toLocaleString()} tokens, vocabulary ${(corpus.words.length - 2).toLocaleString()}`);

const grid = JSON.parse(values.grid ?? '[{}]') as Partial<AllOptions>[];
const BASE = { dim: 100, window: 5, negative: 5, sample: 1e-3, lr: 0.025, epochs: 2, threads: 1, seed: 1 };
for (const setting of grid) {
  const config = { ...BASE, ...setting, model: 'sgns' as const };
  const cpu = process.cpuUsage();
  const out = await trainOn(config, data);
  const used = process.cpuUsage(cpu);
  // As `ewb eval` scores a run: words under the setting's minCount (never trained) are outside the vocabulary.
  const table = out.tables[0]!;
  const kv = trainedRows({ words: corpus.words, vectors: table.data, dim: config.dim }, table.counts ?? null);
  const analogies = evaluateAnalogies(questions, kv, { restrict: 30000 }).accuracy;
  const spearman = wordsim ? evaluateSimilarity(wordsim, kv).spearman : null;
  const cpuWordsPerSecond = (file.tokens * config.epochs) / ((used.user + used.system) / 1e6);
  console.log(JSON.stringify({ ...setting, analogies, spearman, cpuWordsPerSecond: Math.round(cpuWordsPerSecond) }));
}

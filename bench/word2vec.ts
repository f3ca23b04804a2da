// `node --import tsx bench/word2vec.ts`: word vectors as a user gets them (`ewb import` + `ewb train` + `ewb
// export`, each a process) beside gensim's Word2Vec(sg=1) and fastText's skipgram on the development corpus, in
// one run. Prints each target of issue 12 with our figure, the reference's and the ratio: analogies (gensim's
// evaluate_word_analogies, restrict 30,000) at equal settings ≥ gensim; with each tool's defaults ≥ fastText;
// raw words/s with 2 threads ≥ 1.5× gensim; peak RSS ≤ gensim. WordSim-353 ρ beside. Not part of CI.
// Usage: node --import tsx bench/word2vec.ts [--corpus FILE[.gz]] [--tokens N] [--epochs N] [--threads 2]
//        [--skip-references]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchPython } from './python';
import { measure } from './processTree';
import { ewbRun, fastTextRun, gensimEvaluate, gensimRun, prepareCorpus, type ToolRun } from './word2vecRuns';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    tokens: { type: 'string' },
    epochs: { type: 'string' },
    threads: { type: 'string' },
    'skip-references': { type: 'boolean' },
  },
});
const threads = Number(values.threads ?? 2);
const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
const shared = (name: string): string => fileURLToPath(new URL(`../../shared/data/${name}`, import.meta.url));
const source = values.corpus ?? shared('enwiki-dev-text8like.txt.gz');
const questions = shared('questions-words.txt');
if (!existsSync(source) || !existsSync(questions)) {
  console.log(`needs ${source} and ${questions} (../shared/data beside the checkout, or --corpus): nothing to measure`);
  process.exit(0);
}
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-word2vec-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// The two cores are shared with other work: say how idle the machine was before quoting figures.
const vmstat = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
const idle = Number(vmstat[vmstat.length - 1]!.trim().split(/\s+/)[14]);
console.log(`vmstat idle before the run: ${idle}%${idle < 90 ? '  (NOT idle: speed figures are unreliable)' : ''}`);

const corpus = prepareCorpus(source, join(tmp, 'corpus.txt'), values.tokens ? Number(values.tokens) : undefined);
console.log(`corpus: ${corpus.tokens.toLocaleString()} tokens (${source})`);
const python = values['skip-references'] ? null : benchPython(['gensim']);
const similarity = python
  ? execFileSync(python, ['-c', "from gensim.test.utils import datapath; print(datapath('wordsim353.tsv'))"], {
      encoding: 'utf8',
    }).trim()
  : null;

// gensim's Word2Vec defaults with sg=1 (word2vec.c's skip-gram settings): the "equal settings" of the targets.
const EQUAL = { dim: 100, window: 5, negative: 5, sample: 1e-3, lr: 0.025, minCount: 5, epochs: epochs ?? 5 };
const runs: ToolRun[] = [];
const db = join(tmp, 'bench.db');
const imported = await measure(process.execPath, [
  fileURLToPath(new URL('../bin/ewb.js', import.meta.url)),
  ...['import', corpus.path, '--db', db, '--dataset', 'corpus', '--format', 'text', '--json'],
]);
if (imported.status !== 0) throw new Error(`ewb import failed: ${imported.stderr}`);
console.log(`ewb import: ${imported.seconds.toFixed(1)} s, peak ${imported.peakMiB.toFixed(0)} MiB`);
const evalFiles = { tokens: corpus.tokens, questions, similarity };
runs.push(await ewbRun('ewb sgns, its defaults', db, tmp, { threads, ...(epochs ? { epochs } : {}) }, evalFiles));
runs.push(await ewbRun('ewb sgns, gensim settings', db, tmp, { threads, ...EQUAL }, evalFiles));
if (python && similarity) {
  runs.push(await gensimRun(python, corpus.path, tmp, { threads, ...EQUAL }));
  const ft = await fastTextRun(corpus.path, corpus.tokens, tmp, threads, epochs);
  if (ft) runs.push(ft);
  for (const run of runs) Object.assign(run, await gensimEvaluate(python, run.vectors, questions, similarity));
}

const pct = (x: number | undefined): string => (x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);
console.log(
  `\n${'run'.padEnd(30)} ${'analogies'.padStart(9)} ${'WS-353 ρ'.padStart(9)} ${'raw words/s'.padStart(12)} ${'train s'.padStart(8)} ${'peak MiB'.padStart(9)}`,
);
for (const r of runs)
  console.log(
    `${r.name.padEnd(30)} ${pct(r.analogies).padStart(9)} ${(r.spearman?.toFixed(3) ?? 'n/a').padStart(9)} ` +
      `${Math.round(r.rawWordsPerSecond).toLocaleString().padStart(12)} ${r.trainSeconds.toFixed(1).padStart(8)} ${r.peakMiB.toFixed(0).padStart(9)}`,
  );
for (const r of runs.filter((r) => r.ewbEval))
  console.log(
    `${r.name}: ewb eval says analogies ${pct(r.ewbEval!.analogies)}, ρ ${r.ewbEval!.spearman?.toFixed(3) ?? 'n/a'} (gensim's evaluators: ${pct(r.analogies)}, ${r.spearman?.toFixed(3) ?? 'n/a'})`,
  );

const [ours, oursEqual, gensim, fastText] = runs;
const target = (what: string, a: number | undefined, b: number | undefined, goal: number, lowerIsBetter = false) => {
  if (a === undefined || b === undefined) return console.log(`${what}: no reference figure`);
  const ratio = a / b;
  const met = lowerIsBetter ? ratio <= goal : ratio >= goal;
  console.log(
    `${what.padEnd(58)} ${a.toFixed(3).padStart(12)} vs ${b.toFixed(3).padStart(12)}  ratio ${ratio.toFixed(2)} ` +
      `(target ${lowerIsBetter ? '≤' : '≥'} ${goal}) ${met ? 'met' : 'NOT MET'}`,
  );
};
console.log('\ntargets (ours vs reference)');
target('analogies, equal settings, vs gensim', oursEqual?.analogies, gensim?.analogies, 1);
target('WordSim-353 ρ, equal settings, vs gensim', oursEqual?.spearman, gensim?.spearman, 1);
target('analogies, each tool’s defaults, vs fastText', ours?.analogies, fastText?.analogies, 1);
target('WordSim-353 ρ, each tool’s defaults, vs fastText', ours?.spearman, fastText?.spearman, 1);
target(
  `raw words/s, equal settings, ${threads} threads, vs gensim`,
  oursEqual?.rawWordsPerSecond,
  gensim?.rawWordsPerSecond,
  1.5,
);
target('peak RSS (MiB), equal settings, vs gensim', oursEqual?.peakMiB, gensim?.peakMiB, 1, true);
target(
  `raw words/s, defaults, ${threads} threads, vs fastText (wall)`,
  ours?.rawWordsPerSecond,
  fastText?.rawWordsPerSecond,
  1,
);
target('peak RSS (MiB), defaults, vs fastText', ours?.peakMiB, fastText?.peakMiB, 1, true);

// The word2vec bench's runs: the corpus as a plain text file, ours through the CLI (`ewb train`, `export`,
// `eval`), gensim and fastText as their users run them, and gensim's evaluators over every run's vectors.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { measure } from './processTree';
import { EWB } from './ewb';

export interface ToolRun {
  name: string;
  /** A word2vec text file of the run's vectors. */
  vectors: string;
  trainSeconds: number;
  rawWordsPerSecond: number;
  peakMiB: number;
  /** gensim's evaluate_word_analogies (restrict 30,000) and evaluate_word_pairs on WordSim-353. */
  analogies?: number;
  spearman?: number;
  /** What `ewb eval` says of our runs' vectors (it should say what gensim says). */
  ewbEval?: { analogies?: number; spearman?: number };
}

/** The corpus as plain text (decompressed), cut after `tokens` whitespace tokens when asked. */
export function prepareCorpus(source: string, out: string, tokens?: number): { path: string; tokens: number } {
  const raw = readFileSync(source);
  let text = (source.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
  const words = /\S+/g;
  let count = 0;
  while (words.exec(text)) {
    if (++count === tokens) {
      text = text.slice(0, words.lastIndex) + '\n';
      break;
    }
  }
  writeFileSync(out, text, 'latin1');
  return { path: out, tokens: count };
}

const REFS = fileURLToPath(new URL('./word2vecRefs.py', import.meta.url));
const FLAGS: Record<string, string> = {
  threads: '--threads',
  dim: '--dim',
  window: '--window',
  negative: '--negative',
  sample: '--sample',
  lr: '--lr',
  minCount: '--min-count',
  epochs: '--epochs',
};
const jsonLines = (out: string): Record<string, unknown>[] =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

function ewb(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [EWB, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`ewb ${args[0]} failed:\n${r.stderr}${r.stdout.slice(-2000)}`);
  return jsonLines(r.stdout).find((l) => l.type === 'result')!;
}

/** `ewb train` (time and peak memory of the CLI and its training process), then `ewb export` and `ewb eval`. */
export async function ewbRun(
  name: string,
  db: string,
  tmp: string,
  settings: Record<string, number>,
  files: { tokens: number; questions: string; similarity: string | null },
): Promise<ToolRun> {
  const flags = Object.entries(settings).flatMap(([k, v]) => [FLAGS[k]!, String(v)]);
  const args = ['train', '--db', db, '--dataset', 'corpus', '--model', 'sgns', ...flags, '--json'];
  const m = await measure(process.execPath, [EWB, ...args]);
  if (m.status !== 0) throw new Error(`ewb train failed:\n${m.stderr}`);
  const lines = jsonLines(m.stdout);
  const result = lines.find((l) => l.type === 'result') as { runId: number; epochs: number };
  const epochs = lines.filter((l) => l.event === 'epoch') as unknown as { metrics: { seconds: number } }[];
  const trainSeconds = epochs.reduce((s, e) => s + e.metrics.seconds, 0);
  const run = String(result.runId);
  const dir = join(tmp, `run${run}`);
  ewb(['export', '--db', db, '--run', run, '--table', 'words', '--format', 'word2vec', '--out', dir]);
  const evalArgs = ['eval', '--db', db, '--run', run, '--analogies', files.questions];
  if (files.similarity) evalArgs.push('--similarity', files.similarity);
  const e = ewb(evalArgs) as { analogies?: { accuracy: number }; similarity?: { spearman: number } };
  console.log(`${name}: trained in ${trainSeconds.toFixed(1)} s (ewb train ${m.seconds.toFixed(1)} s wall)`);
  return {
    name,
    vectors: join(dir, 'words.word2vec.txt'),
    trainSeconds,
    rawWordsPerSecond: (files.tokens * result.epochs) / trainSeconds,
    peakMiB: m.peakMiB,
    ewbEval: { analogies: e.analogies?.accuracy, spearman: e.similarity?.spearman },
  };
}

/** gensim's Word2Vec(sg=1) on the text file: train() time and its own peak RSS (after build_vocab and train). */
export async function gensimRun(
  python: string,
  corpus: string,
  tmp: string,
  s: Record<string, number>,
): Promise<ToolRun> {
  const vectors = join(tmp, 'gensim.txt');
  const settings = {
    sg: 1,
    vector_size: s.dim,
    window: s.window,
    negative: s.negative,
    sample: s.sample,
    alpha: s.lr,
    min_count: s.minCount,
    epochs: s.epochs,
    workers: s.threads,
    seed: 1,
    out: vectors,
  };
  const m = await measure(python, [REFS, 'train', corpus, JSON.stringify(settings)]);
  if (m.status !== 0) throw new Error(`gensim failed:\n${m.stderr}`);
  const g = jsonLines(m.stdout).pop() as { seconds: number; rawWords: number; peakMiB: number };
  console.log(`gensim Word2Vec(sg=1): trained in ${g.seconds.toFixed(1)} s (${m.seconds.toFixed(1)} s wall)`);
  const name = `gensim 4.4 sg=1, ${s.threads} workers`;
  return { name, vectors, trainSeconds: g.seconds, rawWordsPerSecond: g.rawWords / g.seconds, peakMiB: g.peakMiB };
}

/** fastText's skipgram with subwords off (`-minn 0 -maxn 0`: word2vec) and its other defaults; wall time. */
export async function fastTextRun(
  corpus: string,
  tokens: number,
  tmp: string,
  threads: number,
  epochs?: number,
): Promise<ToolRun | null> {
  if (spawnSync('fasttext', [], { stdio: 'ignore' }).error) {
    console.log('fasttext is not installed (apt-get install -y fasttext): no fastText figures');
    return null;
  }
  const out = join(tmp, 'fasttext');
  const args = ['skipgram', '-input', corpus, '-output', out, '-minn', '0', '-maxn', '0', '-thread', String(threads)];
  if (epochs) args.push('-epoch', String(epochs));
  const m = await measure('fasttext', [...args, '-verbose', '0']);
  if (m.status !== 0) throw new Error(`fasttext failed:\n${m.stderr}`);
  // Wall time includes reading the corpus and writing the vectors: a slight handicap for fastText.
  console.log(`fastText skipgram: ${m.seconds.toFixed(1)} s wall`);
  return {
    name: `fastText skipgram, ${threads} threads`,
    vectors: `${out}.vec`,
    trainSeconds: m.seconds,
    rawWordsPerSecond: (tokens * (epochs ?? 5)) / m.seconds,
    peakMiB: m.peakMiB,
  };
}

export function gensimEvaluate(
  python: string,
  vectors: string,
  questions: string,
  similarity: string,
): { analogies: number; spearman: number } {
  const out = execFileSync(python, [REFS, 'evaluate', vectors, questions, similarity], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return jsonLines(out).pop() as { analogies: number; spearman: number };
}

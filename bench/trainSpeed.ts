// `node --import tsx bench/trainSpeed.ts`: training throughput of every CPU-engine model through the public CLI
// (`ewb import`, `ewb train --json`), so the same command measures the engine before and after a refactor.
// Data is generated: MovieLens-1M-shaped ratings from a planted rank-8 model, and the word2vec bench's corpus.
// Prints, per model and thread count, the median examples/s over the epochs and the final metric. Not part of CI.
// Usage: node --import tsx bench/trainSpeed.ts [--ratings 1000000] [--tokens 5000000] [--epochs 5] [--only mf,sgns]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '../src/core/random';
import { writeGenerated } from './sgnsCorpus';
import { EWB } from './ewb';

const { values } = parseArgs({
  options: {
    ratings: { type: 'string' },
    tokens: { type: 'string' },
    epochs: { type: 'string' },
    only: { type: 'string' },
  },
});
const RATINGS = Number(values.ratings ?? 1_000_000);
const TOKENS = Number(values.tokens ?? 5_000_000);
const EPOCHS = Number(values.epochs ?? 5);
const only = values.only?.split(',');
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-speed-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'bench.db');

const vmstat = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
const idle = Number(vmstat[vmstat.length - 1]!.trim().split(/\s+/)[14]);
console.log(`vmstat idle before the run: ${idle}%${idle < 90 ? '  (NOT idle: figures are unreliable)' : ''}`);

function ewb(args: string[]): Record<string, unknown>[] {
  const r = spawnSync(process.execPath, [EWB, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`ewb ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** MovieLens-1M-shaped ratings (6,040 × 3,706) from a planted rank-8 model with a popularity skew. */
function writeRatings(path: string): void {
  const rng = createRng(1);
  const U = Float32Array.from({ length: 6040 * 8 }, () => rng() - 0.5);
  const V = Float32Array.from({ length: 3706 * 8 }, () => rng() - 0.5);
  const lines = ['user,item,rating'];
  for (let x = 0; x < RATINGS; x++) {
    const u = Math.floor(rng() * 6040);
    const i = Math.floor(rng() ** 2 * 3706);
    let dot = 0;
    for (let k = 0; k < 8; k++) dot += U[u * 8 + k]! * V[i * 8 + k]!;
    lines.push(`u${u},i${i},${Math.min(5, Math.max(1, Math.round(3.5 + 4 * dot + (rng() - 0.5))))}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const want = (name: string): boolean => !only || only.includes(name);
if (want('mf') || want('implicit')) {
  writeRatings(join(tmp, 'ratings.csv'));
  ewb(['import', join(tmp, 'ratings.csv'), '--db', db, '--dataset', 'ratings']);
}
if (want('sgns') || want('cbow')) {
  writeGenerated(join(tmp, 'corpus.txt'), join(tmp, 'questions.txt'), TOKENS);
  ewb(['import', join(tmp, 'corpus.txt'), '--db', db, '--dataset', 'corpus', '--format', 'text']);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const cases: { name: string; dataset: string; args: string[]; metric: string }[] = [
  { name: 'mf', dataset: 'ratings', args: ['--model', 'mf', '--threads', '1'], metric: 'test.rmse' },
  { name: 'mf', dataset: 'ratings', args: ['--model', 'mf', '--threads', '2'], metric: 'test.rmse' },
  {
    name: 'implicit',
    dataset: 'ratings',
    args: ['--model', 'implicit', '--loss', 'bpr', '--threads', '2'],
    metric: 'test.recall@10',
  },
  {
    name: 'implicit',
    dataset: 'ratings',
    args: ['--model', 'implicit', '--loss', 'warp', '--threads', '2'],
    metric: 'test.recall@10',
  },
  { name: 'sgns', dataset: 'corpus', args: ['--model', 'sgns', '--threads', '2', '--min-count', '5'], metric: 'loss' },
  { name: 'cbow', dataset: 'corpus', args: ['--model', 'cbow', '--threads', '2', '--min-count', '5'], metric: 'loss' },
];
console.log(`model     options                          examples/s (median of ${EPOCHS} epochs)   final`);
for (const c of cases.filter((c) => want(c.name))) {
  const t0 = performance.now();
  const lines = ewb([
    'train',
    '--db',
    db,
    '--dataset',
    c.dataset,
    '--epochs',
    String(EPOCHS),
    '--seed',
    '7',
    ...c.args,
  ]);
  const wall = (performance.now() - t0) / 1000;
  const rates = lines.filter((l) => l.event === 'epoch').map((l) => l.examplesPerSecond as number);
  const result = lines.find((l) => l.type === 'result') as
    { metrics: Record<string, Record<string, number>> } | undefined;
  const last = lines.filter((l) => l.event === 'epoch').at(-1) as { metrics: { loss: number } } | undefined;
  const [split, name] = c.metric.split('.');
  const final = c.metric === 'loss' ? last?.metrics.loss : result?.metrics[split!]?.[name!];
  console.log(
    `${c.name.padEnd(9)} ${c.args.slice(2).join(' ').padEnd(32)} ${Math.round(median(rates)).toLocaleString().padStart(12)}` +
      `   ${c.metric} ${final?.toFixed(4)}  (wall ${wall.toFixed(1)} s)`,
  );
}

// `node --import tsx bench/bprSweep.ts`: how the implicit model's defaults per loss were chosen, without the test
// split. The positives of bench/tuneData.ts (ml-latest-small ratings ≥ 4, per user 80/20, valid carved) without
// their test rows are split again as tuneData splits all of them: per user 20 % dev test, 10 % of the rest valid,
// the rest train. Each setting of the grid over seeds prints one JSON line (dev-test NDCG@10 and Recall@10, mean
// and sd, best epochs, seconds; with --curve each seed's valid Recall@10 per epoch); `--library` adds the
// `implicit` library's BPR on the same rows. One thread, so a seed reproduces a run. Not part of CI; the idle
// share is printed first.
// Usage: node --import tsx bench/bprSweep.ts [--seeds 3] [--library '{"factors":100}'] [--curve]
//        [--grid '[{"loss":"bpr","nsExponent":1},{"loss":"bpr","lr":0.1}]']   (each entry over the model's defaults)
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AllOptions } from '../src/shared';
import { createRng, shuffle } from '../src/core/random';
import type { InteractionColumns } from '../src/core/store/datasets';
import { interactionData, trainOn } from '../src/core/train/testTraining';
import { printIdle } from './idle';
import { fitImplicitLibrary } from './implicitRefs';
import { benchPython } from './python';
import { ML, writeImplicitSplit } from './tuneData';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    grid: { type: 'string' },
    library: { type: 'string' },
    curve: { type: 'boolean' },
  },
});
if (!existsSync(ML)) {
  console.log(`${fileURLToPath(ML)} is missing: this sweep needs ../shared/data/ml-latest-small`);
  process.exit(0);
}
const SEEDS = Array.from({ length: Number(values.seeds ?? 3) }, (_, i) => i + 1);
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-bpr-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** The dev columns: the rows that are not test, split per user 72/8/20 again; ids from 2 (0 PAD, 1 OOV). */
function devColumns(csv: string): InteractionColumns {
  const ids = [new Map<string, number>(), new Map<string, number>()];
  const id = (m: Map<string, number>, key: string): number => m.get(key) ?? m.set(key, m.size + 2).get(key)!;
  const users: number[] = [];
  const items: number[] = [];
  for (const line of readFileSync(csv, 'utf8').trim().split('\n').slice(1)) {
    const [user, item, , split] = line.split(',');
    if (split === 'test') continue;
    users.push(id(ids[0]!, user!));
    items.push(id(ids[1]!, item!));
  }
  const splits = new Uint8Array(users.length);
  const rng = createRng(7);
  const byUser = new Map<number, number[]>();
  users.forEach((u, r) => (byUser.get(u) ?? byUser.set(u, []).get(u)!).push(r));
  for (const rows of byUser.values()) {
    const order = Int32Array.from(rows);
    shuffle(order, rng);
    const test = Math.round(0.2 * order.length);
    const valid = Math.round(0.1 * (order.length - test));
    order.forEach((r, k) => (splits[r] = k < test ? 2 : k < test + valid ? 1 : 0));
  }
  return {
    users: Int32Array.from(users),
    items: Int32Array.from(items),
    ratings: new Float32Array(users.length).fill(1),
    splits,
    numUsers: ids[0]!.size + 2,
    numItems: ids[1]!.size + 2,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const round = (x: number) => Number(x.toFixed(4));
const stats = (xs: number[]) => ({ mean: round(mean(xs)), sd: round(sd(xs)) });

printIdle();
const csv = join(tmp, 'positives.csv');
writeImplicitSplit(csv);
const columns = devColumns(csv);
const count = (split: number) => columns.splits.filter((s) => s === split).length;
console.log(`# dev split: ${count(0)} train, ${count(1)} valid, ${count(2)} dev-test positives`);

if (values.library !== undefined) {
  const python = benchPython(['implicit', 'scipy']);
  if (!python) console.log('# .venv-bench has no implicit: scripts/python-env.sh bench');
  else {
    const params = JSON.parse(values.library || '{}') as Record<string, number>;
    const runs = SEEDS.map((seed) => fitImplicitLibrary(python, columns, 'bpr', seed, tmp, params));
    const line = {
      library: params,
      ndcg: stats(runs.map((r) => r.test['ndcg@10']!)),
      recall: stats(runs.map((r) => r.test['recall@10']!)),
      seconds: round(mean(runs.map((r) => r.seconds))),
    };
    console.log(JSON.stringify(line));
  }
}

const grid = JSON.parse(values.grid ?? '[{"loss":"bpr"}]') as Partial<AllOptions>[];
for (const setting of grid) {
  const runs = [];
  for (const seed of SEEDS) {
    const t = performance.now();
    const out = await trainOn({ model: 'implicit', ...setting, seed, threads: 1 }, interactionData(columns));
    runs.push({ out, seconds: (performance.now() - t) / 1000 });
  }
  const test = runs.map((r) => r.out.outcome.metrics.test);
  const pop = runs[0]!.out.outcome.baselines.popularity!.test;
  const line = {
    ...setting,
    ndcg: stats(test.map((m) => m['ndcg@10']!)),
    recall: stats(test.map((m) => m['recall@10']!)),
    popularity: { ndcg: round(pop['ndcg@10']!), recall: round(pop['recall@10']!) },
    bestEpochs: runs.map((r) => r.out.outcome.bestEpoch),
    ...(values.curve ? { validRecall: runs.map((r) => r.out.epochs.map((e) => round(e.valid['recall@10']!))) } : {}),
    seconds: round(mean(runs.map((r) => r.seconds))),
  };
  console.log(JSON.stringify(line));
}

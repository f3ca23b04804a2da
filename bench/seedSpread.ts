// `node --import tsx bench/seedSpread.ts`: the seed-to-seed spread the Train view judges a run by
// (renderer/src/lib/seedSpread.ts), measured through the public CLI. For each dataset and model it trains the
// same settings with `--seeds` seeds on one thread (each seed reproducible bit for bit) and prints the test
// headline per seed, its sample standard deviation, the best baseline, and whether the mean gain exceeds two
// standard deviations. Datasets: the bundled sample, and MovieLens ml-latest-small when ../shared/data has it.
// Not part of CI; no reference tool (it measures our own noise). Usage: [--seeds 5] [--epochs 20]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EWB } from './ewb';

const { values } = parseArgs({ options: { seeds: { type: 'string' }, epochs: { type: 'string' } } });
const SEEDS = Number(values.seeds ?? 5);
const EPOCHS = Number(values.epochs ?? 20);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ewb-bench-seeds-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'bench.db');

const vmstat = execFileSync('vmstat', ['1', '2'], { encoding: 'utf8' }).trim().split('\n');
console.log(
  `vmstat idle before the run: ${vmstat.at(-1)!.trim().split(/\s+/)[14]}% (the spread does not depend on it)`,
);

function ewb(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [EWB, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`ewb ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

type Splits = Record<'test', Record<string, number>>;
const datasets: { name: string; args: string[] }[] = [
  { name: 'sample', args: [join(ROOT, 'resources/sample/ratings.csv')] },
];
const ml = join(ROOT, '..', 'shared', 'data', 'ml-latest-small');
if (existsSync(join(ml, 'ratings.csv'))) datasets.push({ name: 'ml-latest-small', args: [join(ml, 'ratings.csv')] });
else console.log(`skipped ml-latest-small: ${ml} is not there`);

const models: { model: string; metric: string; lower: boolean }[] = [
  { model: 'mf', metric: 'rmse', lower: true },
  { model: 'implicit', metric: 'recall@10', lower: false },
];

for (const d of datasets) {
  ewb(['import', ...d.args, '--db', db, '--dataset', d.name]);
  for (const m of models) {
    const values: number[] = [];
    let baseline = { name: '', value: NaN };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = ewb([
        'train',
        '--db',
        db,
        '--dataset',
        d.name,
        '--model',
        m.model,
        '--epochs',
        String(EPOCHS),
        '--seed',
        String(seed),
        '--threads',
        '1',
      ]);
      values.push((r.metrics as Splits).test[m.metric]!);
      for (const [name, b] of Object.entries(r.baselines as Record<string, Splits>)) {
        const v = b.test[m.metric];
        if (v !== undefined && (Number.isNaN(baseline.value) || (m.lower ? v < baseline.value : v > baseline.value)))
          baseline = { name, value: v };
      }
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    const gain = m.lower ? baseline.value - mean : mean - baseline.value;
    console.log(
      `${d.name} ${m.model} (${EPOCHS} epochs, defaults): test ${m.metric} ${values.map((v) => v.toFixed(4)).join(' ')}; ` +
        `mean ${mean.toFixed(4)}, sd ${sd.toFixed(4)} over ${SEEDS} seeds; best baseline ${baseline.name} ${baseline.value.toFixed(4)}; ` +
        `mean gain ${gain.toFixed(4)} = ${(gain / sd).toFixed(1)} sd → ${gain > 2 * sd ? 'better beyond seed noise' : 'no better than the baseline'}`,
    );
  }
}

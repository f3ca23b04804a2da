// Runs one fuzz target for a bounded time in its own process (a clean V8 coverage picture):
//   node --import tsx src/core/ingest/fuzz/run.ts delimited|tokenizer SECONDS [--save] [--seed N]
// It starts from the corpus kept in the repository (fuzz/corpus/<target>/), prints one JSON line with what it
// did, exits 1 with the input on a crash, and with --save adds the inputs that reached new code to the corpus.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../testing';
import { fuzz, type Target } from './engine';
import { DICTIONARY, delimitedTarget, SCRIPTS, tokenizerTarget } from './targets';

const TARGETS: Record<string, (dir: string) => Target> = { delimited: delimitedTarget, tokenizer: tokenizerTarget };
const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));

const [name = '', seconds = '10', ...rest] = process.argv.slice(2);
const make = TARGETS[name];
if (!make) {
  console.error(`usage: run.ts ${Object.keys(TARGETS).join('|')} SECONDS [--save] [--seed N]`);
  process.exit(2);
}
const seedAt = rest.indexOf('--seed');
const seed = seedAt >= 0 ? Number(rest[seedAt + 1]) : Date.now() % 1_000_000;
const dir = join(CORPUS, name);
const corpus = existsSync(dir)
  ? readdirSync(dir)
      .sort()
      .map((f) => readFileSync(join(dir, f)))
  : [];
const tmp = tempDir('ewb-fuzz-');
try {
  const report = await fuzz({
    target: make(tmp.dir),
    corpus,
    scripts: SCRIPTS,
    seconds: Number(seconds),
    seed,
    dictionary: DICTIONARY,
  });
  if (rest.includes('--save')) {
    mkdirSync(dir, { recursive: true });
    for (const input of report.found)
      writeFileSync(join(dir, createHash('sha1').update(input).digest('hex').slice(0, 16)), input);
  }
  const { crash, found, ...counts } = report;
  console.log(
    JSON.stringify({
      target: name,
      seed,
      corpus: corpus.length,
      new: found.length,
      ...counts,
      crash: crash ? { input: crash.input.toString('base64'), error: crash.error } : null,
    }),
  );
  process.exitCode = crash ? 1 : 0;
} finally {
  tmp.cleanup();
}

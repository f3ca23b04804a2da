// The fuzz targets in CI: each replays the corpus kept in fuzz/corpus/ and then fuzzes for a bounded time
// (EWB_FUZZ_SECONDS, default 10) in a process of its own. Any crash or broken invariant fails the test with
// the input (base64) to replay. Longer runs that grow the corpus: `npm run fuzz -- delimited 600 --save`.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const RUN = fileURLToPath(new URL('./run.ts', import.meta.url));
const SECONDS = Number(process.env.EWB_FUZZ_SECONDS ?? 10);

describe.each(['delimited', 'tokenizer'])('fuzz target %s', (target) => {
  it(`replays its corpus and fuzzes ${SECONDS} s without a crash`, async () => {
    const kept = readdirSync(fileURLToPath(new URL(`./corpus/${target}/`, import.meta.url))).length;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', RUN, target, String(SECONDS), '--seed', String(Date.now() % 100_000)],
      { timeout: (SECONDS + 120) * 1000 },
    ).catch((err: { stdout?: string; message: string }) => ({ stdout: err.stdout ?? err.message }));
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      corpus: number;
      execs: number;
      features: number;
      crash: { input: string; error: string } | null;
    };
    expect(report.crash).toBeNull();
    expect(report.corpus).toBe(kept);
    expect(report.execs).toBeGreaterThan(kept);
    expect(report.features).toBeGreaterThan(100);
  });
});

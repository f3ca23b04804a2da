// A small coverage-guided fuzzer: inputs are mutated from a corpus, run through a target, and kept when they
// reach code (blocks, or a block a new power-of-two number of times) no earlier input reached, as libFuzzer
// and AFL do. Coverage is V8's own precise block coverage (the inspector's Profiler), so no instrumentation
// step is needed. Why our own: @jazzer.js/core 4's prebuilt engine needs glibc 2.38 (Debian 12 has 2.36) and
// 2.x downloads its engine at install, which fails offline (docs/reliability.md).
import { Session } from 'node:inspector/promises';
import { createRng } from '../../random';

/** What a target does with an input; it throws only for a bug (expected refusals are caught inside it). */
export type Target = (input: Buffer) => void | Promise<void>;

export interface FuzzOptions {
  target: Target;
  /** Starting inputs (the kept corpus, or seeds). */
  corpus: Buffer[];
  /** Only coverage of scripts whose URL contains one of these counts (the code under test, not the harness). */
  scripts: string[];
  seconds: number;
  seed: number;
  /** Byte strings worth inserting: delimiters, quotes, line ends, BOMs, number forms. */
  dictionary: Buffer[];
  maxLength?: number;
}

export interface FuzzReport {
  execs: number;
  features: number;
  /** Inputs that reached new coverage during this run (seeds excluded). */
  found: Buffer[];
  crash: { input: Buffer; error: string } | null;
}

const bucket = (count: number): number => (count <= 0 ? 0 : 32 - Math.clz32(Math.min(count, 1 << 16)));

/** The run's coverage as features `script:start:end:bucket`, counters reset for the next input. */
async function takeFeatures(session: Session, scripts: string[]): Promise<string[]> {
  const { result } = await session.post('Profiler.takePreciseCoverage');
  const out: string[] = [];
  for (const script of result) {
    if (!scripts.some((s) => script.url.includes(s))) continue;
    for (const fn of script.functions)
      for (const r of fn.ranges)
        if (r.count > 0) out.push(`${script.url}:${r.startOffset}:${r.endOffset}:${bucket(r.count)}`);
  }
  return out;
}

function mutate(input: Buffer, corpus: Buffer[], dictionary: Buffer[], rng: () => number, max: number): Buffer {
  const pick = (n: number): number => Math.floor(rng() * n);
  let b = Buffer.from(input);
  for (let k = 1 + pick(4); k > 0; k--) {
    const at = pick(b.length + 1);
    switch (pick(7)) {
      case 0: // flip a bit
        if (b.length) b[pick(b.length)]! ^= 1 << pick(8);
        break;
      case 1: // a random byte
        if (b.length) b[pick(b.length)] = pick(256);
        break;
      case 2: // insert a dictionary word
        b = Buffer.concat([b.subarray(0, at), dictionary[pick(dictionary.length)]!, b.subarray(at)]);
        break;
      case 3: // delete a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + pick(8)))]);
        break;
      case 4: {
        // duplicate a range
        const len = 1 + pick(16);
        b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
        break;
      }
      case 5: {
        // splice with another corpus entry
        const other = corpus[pick(corpus.length)]!;
        b = Buffer.concat([b.subarray(0, at), other.subarray(pick(other.length + 1))]);
        break;
      }
      default: // overwrite with a dictionary word
        if (b.length) dictionary[pick(dictionary.length)]!.copy(b, pick(b.length));
    }
  }
  return b.length > max ? b.subarray(0, max) : b;
}

export async function fuzz(o: FuzzOptions): Promise<FuzzReport> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  const rng = createRng(o.seed);
  const seen = new Set<string>();
  const corpus = o.corpus.length ? [...o.corpus] : [Buffer.from('a,b\n1,2\n')];
  const found: Buffer[] = [];
  let execs = 0;
  const run = async (input: Buffer): Promise<{ crash: string | null; fresh: boolean }> => {
    execs++;
    try {
      await o.target(input);
    } catch (err) {
      return { crash: err instanceof Error ? (err.stack ?? err.message) : String(err), fresh: false };
    }
    let fresh = false;
    for (const f of await takeFeatures(session, o.scripts)) {
      if (seen.has(f)) continue;
      seen.add(f);
      fresh = true;
    }
    return { crash: null, fresh };
  };
  try {
    for (const input of corpus) {
      const r = await run(input);
      if (r.crash) return { execs, features: seen.size, found, crash: { input, error: r.crash } };
    }
    const end = performance.now() + o.seconds * 1000;
    while (performance.now() < end) {
      const input = mutate(corpus[Math.floor(rng() * corpus.length)]!, corpus, o.dictionary, rng, o.maxLength ?? 4096);
      const r = await run(input);
      if (r.crash) return { execs, features: seen.size, found, crash: { input, error: r.crash } };
      if (r.fresh) {
        corpus.push(input);
        found.push(input);
      }
    }
    return { execs, features: seen.size, found, crash: null };
  } finally {
    await session.post('Profiler.stopPreciseCoverage');
    session.disconnect();
  }
}

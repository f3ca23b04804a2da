// Measurements of bench/cf.ts made in this process on an imported dataset: another tool's factor tables ranked by
// ewb's own metrics (the same function, rows and exclusions as an ials run), and the CPU time of ials epochs.
import { readFileSync } from 'node:fs';
import type { AllOptions, SplitMetrics } from '../src/shared';
import { resolveTrainRequest } from '../src/shared';
import { factorScorer, namedMetrics, rankingMetrics } from '../src/core/eval/ranking';
import { loadInteractions, loadVocabulary, type InteractionColumns } from '../src/core/store/datasets';
import { openDb } from '../src/core/store/db';
import { ialsOnCpu } from '../src/core/train/ialsCpu';
import { csrByUser } from '../src/core/train/implicitData';
import { rowsOfSplit } from '../src/core/train/loop';

function columnsOf(
  dbPath: string,
  datasetId: number,
): { columns: InteractionColumns; index: (role: string) => Map<string, number> } {
  const db = openDb(dbPath, { readonly: true });
  try {
    const columns = loadInteractions(db, datasetId);
    const vocab = { user: loadVocabulary(db, datasetId, 'user'), item: loadVocabulary(db, datasetId, 'item') };
    const index = (role: string): Map<string, number> =>
      new Map(vocab[role as 'user' | 'item'].map((v) => [v.key, v.idx]));
    return { columns, index };
  } finally {
    db.close();
  }
}

/**
 * Test Recall/NDCG/MAP/HitRate@k of factors written by bench/cf_refs.py (`prefix`.users.f32, .items.f32 and
 * .keys.json, rows in the order of its keys), each user's training items left out as in an ewb run.
 */
export function rankOutsideFactors(
  dbPath: string,
  datasetId: number,
  prefix: string,
  dim: number,
  k: number,
): SplitMetrics {
  const { columns, index } = columnsOf(dbPath, datasetId);
  const keys = JSON.parse(readFileSync(`${prefix}.keys.json`, 'utf8')) as { users: string[]; items: string[] };
  const table = (role: 'user' | 'item', file: string, rows: number): Float32Array => {
    const theirs = new Float32Array(readFileSync(file).buffer.slice(0));
    const ours = new Float32Array(rows * dim);
    const at = index(role);
    (role === 'user' ? keys.users : keys.items).forEach((key, n) => {
      const idx = at.get(key);
      if (idx !== undefined) ours.set(theirs.subarray(n * dim, (n + 1) * dim), idx * dim);
    });
    return ours;
  };
  const users = table('user', `${prefix}.users.f32`, columns.numUsers);
  const items = table('item', `${prefix}.items.f32`, columns.numItems);
  const rows = rowsOfSplit(columns.splits);
  const csr = (r: Int32Array) => csrByUser(columns.users, columns.items, r, columns.numUsers);
  const scorer = factorScorer({ dim, users, items });
  return namedMetrics(
    rankingMetrics(csr(rows.test), scorer, { k, numItems: columns.numItems, exclude: csr(rows.train) }),
  );
}

/** CPU and wall seconds of `epochs` ials epochs on one thread (training only: no evaluation), the defaults + `req`. */
export async function ialsEpochSeconds(
  dbPath: string,
  datasetId: number,
  req: Partial<AllOptions>,
): Promise<{ cpuSeconds: number; wallSeconds: number }> {
  const { columns } = columnsOf(dbPath, datasetId);
  const config = resolveTrainRequest({ dataset: 'bench', model: 'ials', ...req, threads: 1 }, 1);
  if (config.model !== 'ials') throw new Error('not ials');
  const run = ialsOnCpu({ config, data: { kind: 'interactions', columns, ratingMin: 1, ratingMax: 1 }, initial: {} });
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let e = 1; e <= config.epochs; e++) await run.epoch(e, () => undefined);
  const used = process.cpuUsage(cpu);
  const wallSeconds = (performance.now() - wall) / 1000;
  await run.close();
  return { cpuSeconds: (used.user + used.system) / 1e6, wallSeconds };
}

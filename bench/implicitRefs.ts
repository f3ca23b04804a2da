// The `implicit` library's models at their defaults (ALS: factors 100, regularization 0.01, alpha 1, 15
// iterations; BPR: factors 100, learning rate 0.01, regularization 0.01, 100 iterations), fit in .venv-bench on
// the training positives of an imported dataset, and judged by this project's own ranking code on its test
// split (training items excluded, cold users and items left out as for ewb's runs), so both sides are scored
// by one implementation.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { factorScorer, namedMetrics, rankingMetrics, type Scorer } from '../src/core/eval/ranking';
import { getDatasetByName, loadInteractions, type InteractionColumns } from '../src/core/store/datasets';
import { openDb } from '../src/core/store/db';
import { csrByUser } from '../src/core/train/implicitData';
import { rowsOfSplit } from '../src/core/train/loop';
import { countIds } from '../src/core/train/support';

const SCRIPT = `import json, sys, time
import numpy as np, scipy.sparse as sp
import implicit
pairs_path, n_users, n_items, model, seed, out = sys.argv[1:7]
params = json.loads(sys.argv[7]) if len(sys.argv) > 7 else {}
pairs = np.fromfile(pairs_path, dtype=np.int32).reshape(-1, 2)
m = sp.csr_matrix((np.ones(len(pairs), dtype=np.float32), (pairs[:, 0], pairs[:, 1])),
                  shape=(int(n_users), int(n_items)))
if model == "als":
    rec = implicit.cpu.als.AlternatingLeastSquares(random_state=int(seed), **params)
else:
    rec = implicit.cpu.bpr.BayesianPersonalizedRanking(random_state=int(seed), **params)
t = time.perf_counter()
rec.fit(m, show_progress=False)
seconds = time.perf_counter() - t
np.ascontiguousarray(rec.user_factors, dtype=np.float32).tofile(out + ".users")
np.ascontiguousarray(rec.item_factors, dtype=np.float32).tofile(out + ".items")
print(json.dumps({"dim": int(rec.user_factors.shape[1]), "seconds": seconds}))
`;

export interface LibraryResult {
  model: 'als' | 'bpr';
  seed: number;
  seconds: number;
  test: Record<string, number>;
}

/** Fits the library's model on the dataset's train positives and ranks its test positives at K = 10. */
export function implicitLibrary(
  python: string,
  dbPath: string,
  dataset: string,
  model: 'als' | 'bpr',
  seed: number,
  tmp: string,
): LibraryResult {
  const db = openDb(dbPath, { readonly: true });
  try {
    return fitImplicitLibrary(python, loadInteractions(db, getDatasetByName(db, dataset).id), model, seed, tmp);
  } finally {
    db.close();
  }
}

/**
 * The same on columns (split 0 train, 2 test); `params` are the model's keyword arguments over its defaults
 * (`{"factors": 64, "iterations": 50}`).
 */
export function fitImplicitLibrary(
  python: string,
  data: InteractionColumns,
  model: 'als' | 'bpr',
  seed: number,
  tmp: string,
  params: Record<string, number> = {},
): LibraryResult {
  const rows = rowsOfSplit(data.splits);
  const pairs = new Int32Array(rows.train.length * 2);
  rows.train.forEach((r, n) => {
    pairs[2 * n] = data.users[r]!;
    pairs[2 * n + 1] = data.items[r]!;
  });
  const pairsPath = join(tmp, 'train-pairs.bin');
  writeFileSync(pairsPath, pairs);
  const script = join(tmp, 'implicit_ref.py');
  writeFileSync(script, SCRIPT);
  const out = join(tmp, `${model}-${seed}`);
  const args = [script, pairsPath, data.numUsers, data.numItems, model, seed, out, JSON.stringify(params)].map(String);
  const r = spawnSync(python, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`implicit ${model} failed: ${r.stderr}`);
  const { dim, seconds } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { dim: number; seconds: number };
  const floats = (p: string) => new Float32Array(readFileSync(p).buffer.slice(0));
  const factors = factorScorer({ dim, users: floats(`${out}.users`), items: floats(`${out}.items`) });
  // As ewb's runs are scored (implicitData.ts, ranked): held-out rows of users or items without a training
  // positive are left out, and items never trained are never ranked.
  const users = countIds(data.users, data.numUsers, rows.train);
  const items = countIds(data.items, data.numItems, rows.train);
  const scorer: Scorer = (u, scores) => {
    factors(u, scores);
    for (let i = 0; i < scores.length; i++) if (items[i] === 0) scores[i] = -Infinity;
  };
  const test = rows.test.filter((r) => users[data.users[r]!]! > 0 && items[data.items[r]!]! > 0);
  const csr = (split: Int32Array) => csrByUser(data.users, data.items, split, data.numUsers);
  const m = rankingMetrics(csr(test), scorer, { k: 10, numItems: data.numItems, exclude: csr(rows.train) });
  return { model, seed, seconds, test: namedMetrics(m) };
}

// `embeddings:recommend` over a stored run: loads its factor tables, the user's training items, and keys.
import type { RecommendRequest, RecommendResult } from '../../shared';
import { MODEL_RULES, WorkbenchError } from '../../shared';
import { loadInteractions, loadVocabulary, lookupIndex } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun, loadTable } from '../store/runs';
import { ialsFoldIn } from './ialsFoldIn';
import { foldIn, recommend, type FactorTables } from './recommend';

export function recommendForRun(db: Db, req: RecommendRequest): RecommendResult {
  const run = getRun(db, req.runId);
  if (run.model !== 'mf' && run.model !== 'implicit' && run.model !== 'ials') {
    throw new WorkbenchError(
      'BadRequest',
      `run ${req.runId} is ${run.model}; recommendations need an mf, implicit or ials run (users × items)`,
    );
  }
  if (!req.user === !req.items?.length)
    throw new WorkbenchError('BadRequest', 'give either a user key or a list of items for a new user');
  const k = req.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
  const users = loadTable(db, req.runId, 'users');
  const items = loadTable(db, req.runId, 'items');
  const t: FactorTables = {
    dim: items.dim,
    users: users.data,
    items: items.data,
    itemBias: items.bias,
    numItems: items.rows,
  };
  const vocab = loadVocabulary(db, run.datasetId, 'item');
  const byIdx = new Map(vocab.map((v) => [v.idx, v]));
  const byKey = new Map(vocab.map((v) => [v.key, v.idx]));
  const data = loadInteractions(db, run.datasetId);

  let vector: Float32Array;
  const seenItems: number[] = [];
  const seenRatings: number[] = [];
  const unknown: string[] = [];
  if (req.user) {
    const u = lookupIndex(db, run.datasetId, 'user', req.user);
    vector = users.data.slice(u * users.dim, (u + 1) * users.dim);
    for (let r = 0; r < data.users.length; r++) {
      if (data.users[r] === u && data.splits[r] === 0) {
        seenItems.push(data.items[r]!);
        seenRatings.push(data.ratings[r]!);
      }
    }
  } else {
    for (const it of req.items!) {
      const idx = byKey.get(it.key);
      if (idx === undefined) unknown.push(it.key);
      else {
        seenItems.push(idx);
        seenRatings.push(run.model === 'mf' ? (it.rating ?? NaN) : 1);
      }
    }
    if (run.model === 'mf' && seenRatings.some((r) => !Number.isFinite(r)))
      throw new WorkbenchError('BadRequest', 'an mf fold-in needs a rating for every item');
    if (seenItems.length === 0)
      throw new WorkbenchError(
        'NotFound',
        `none of the items is in this dataset's vocabulary (${unknown.slice(0, 5).join(', ')})`,
      );
    // μ of the training ratings for mf (the model's global mean); implicit scores have no offset.
    let mu = 0;
    if (run.model === 'mf') {
      let n = 0;
      for (let r = 0; r < data.ratings.length; r++) {
        if (data.splits[r] !== 0) continue;
        mu += data.ratings[r]!;
        n++;
      }
      mu /= Math.max(1, n);
    }
    const c = run.config;
    // The run's own L2, or mf's default for a table imported from a file.
    const reg = c.model === 'mf' || c.model === 'implicit' ? c.reg : MODEL_RULES.mf.defaults.reg;
    vector =
      c.model === 'ials'
        ? ialsFoldIn(items.data, items.dim, Int32Array.from(seenItems), c.alpha, c.reg)
        : foldIn(t, Int32Array.from(seenItems), Float32Array.from(seenRatings), mu, reg);
  }
  const recs = recommend(t, vector, { items: Int32Array.from(seenItems), ratings: Float32Array.from(seenRatings) }, k);
  const key = (i: number): { key: string; title: string | null } => ({
    key: byIdx.get(i)?.key ?? String(i),
    title: byIdx.get(i)?.title ?? null,
  });
  return {
    type: 'result',
    runId: req.runId,
    user: req.user ?? null,
    foldIn: !req.user,
    recommendations: recs.map((r) => ({
      ...key(r.item),
      score: r.score,
      because: r.because.map((b) => ({ ...key(b.item), similarity: b.similarity })),
    })),
    unknown,
  };
}

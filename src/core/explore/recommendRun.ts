// `embeddings:recommend` over a stored run: its factor tables, the user's training items, keys or titles
// resolved, items never trained kept out (as candidates and as fold-in inputs), and each score with its parts.
import type { KeyRef, RecommendRequest, RecommendResult } from '../../shared';
import { MODEL_RULES, WorkbenchError } from '../../shared';
import { getDatasetById, loadInteractions } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { foldIn, recommend, type Baselines, type FactorTables } from './recommend';
import { assertTrained, eligibleRows, isTrained } from './support';
import { describeRow, refOf, rowOf, type LoadedTable, type TableCache } from './tableAccess';

const TRAIN = 0;

/** The fold-in items resolved to rows; unknown keys and items never trained are set aside, not guessed. */
function resolveItems(items: LoadedTable, wanted: { key: string; rating?: number }[]) {
  const rows: number[] = [];
  const ratings: (number | undefined)[] = [];
  const unknown: string[] = [];
  const untrained: string[] = [];
  for (const it of wanted) {
    let row: number;
    try {
      row = rowOf(items, it.key);
    } catch (err) {
      // Several matches must be answered by the user ("did you mean"); no match at all is reported and skipped.
      if (err instanceof WorkbenchError && err.code === 'NotFound') {
        unknown.push(it.key);
        continue;
      }
      throw err;
    }
    if (!isTrained(items, row)) untrained.push(refOf(items, row).key);
    else {
      rows.push(row);
      ratings.push(it.rating);
    }
  }
  return { rows, ratings, unknown, untrained };
}

export function recommendForRun(db: Db, tables: TableCache, req: RecommendRequest): RecommendResult {
  const run = getRun(db, req.runId);
  const names = run.tables.map((t) => t.name);
  if (run.model === 'imported' || !names.includes('users') || !names.includes('items'))
    throw new WorkbenchError(
      'BadRequest',
      `run ${req.runId} is ${run.model}; recommendations need user and item factors (an mf or implicit run)`,
    );
  if (!req.user === !req.items?.length)
    throw new WorkbenchError('BadRequest', 'give either a user key or a list of items for a new user');
  const k = req.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
  const users = tables.get(req.runId, 'users');
  const items = tables.get(req.runId, 'items');
  const rating = run.model === 'mf';
  const t: FactorTables = {
    dim: items.table.dim,
    users: users.table.data,
    items: items.table.data,
    itemBias: items.table.bias,
    numItems: items.table.rows,
  };
  const data = loadInteractions(db, run.datasetId);
  // μ of the training ratings: mf's global mean (implicit scores have no offset).
  let mu = 0;
  if (rating) {
    let n = 0;
    for (let r = 0; r < data.ratings.length; r++) {
      if (data.splits[r] !== TRAIN) continue;
      mu += data.ratings[r]!;
      n++;
    }
    mu /= Math.max(1, n);
  }
  const c = run.config;
  // The run's own L2, or mf's default where the config has none.
  const reg = 'reg' in c && typeof c.reg === 'number' ? c.reg : MODEL_RULES.mf.defaults.reg;

  let vector: Float32Array;
  const seenItems: number[] = [];
  const seenRatings: number[] = [];
  const base: Baselines = { globalMean: mu, userBias: 0 };
  let unknown: string[] = [];
  let untrained: string[] = [];
  let folded: KeyRef[] = [];
  if (req.user) {
    const u = rowOf(users, req.user);
    assertTrained(users, u);
    vector = users.table.data.slice(u * t.dim, (u + 1) * t.dim);
    if (rating && users.table.bias) base.userBias = users.table.bias[u]!;
    for (let r = 0; r < data.users.length; r++) {
      if (data.users[r] === u && data.splits[r] === TRAIN) {
        seenItems.push(data.items[r]!);
        seenRatings.push(rating ? data.ratings[r]! : 1);
      }
    }
  } else {
    const found = resolveItems(items, req.items!);
    ({ unknown, untrained } = found);
    if (rating && found.ratings.some((r) => r === undefined || !Number.isFinite(r)))
      throw new WorkbenchError('BadRequest', 'an mf fold-in needs a rating for every item');
    if (found.rows.length === 0)
      throw new WorkbenchError(
        'NotFound',
        `none of the items can be folded in: ${[...unknown.map((x) => `"${x}" is not in the vocabulary`), ...untrained.map((x) => `"${x}" was never trained`)].slice(0, 5).join(', ')}`,
      );
    seenItems.push(...found.rows);
    seenRatings.push(...found.ratings.map((r) => (rating ? r! : 1)));
    folded = found.rows.map((r) => refOf(items, r));
    vector = foldIn(t, Int32Array.from(seenItems), Float32Array.from(seenRatings), mu, reg);
  }
  const { eligible, applied } = eligibleRows(items, req.filter);
  const seen = { items: Int32Array.from(seenItems), ratings: Float32Array.from(seenRatings) };
  const recs = recommend(t, vector, seen, base, { k, eligible, lambda: reg });
  const dataset = getDatasetById(db, run.datasetId);
  const scale = rating ? { min: dataset.ratingMin, max: dataset.ratingMax } : null;
  return {
    type: 'result',
    runId: req.runId,
    user: req.user ? refOf(users, rowOf(users, req.user)).key : null,
    foldIn: !req.user,
    scoreKind: rating ? 'rating' : 'preference',
    scoreMeaning: rating
      ? `the predicted rating μ + b_u + b_i + p·q, clamped to the data's scale ${scale!.min}–${scale!.max}`
      : 'a preference score b_i + p·q: it ranks items for this user; its size means nothing across users or runs',
    scale,
    recommendations: recs.map((r) => {
      const { key, title, count, genres } = describeRow(items, r.item, r.score);
      return {
        key,
        title,
        count,
        genres,
        score: r.score,
        predicted: scale ? Math.min(scale.max, Math.max(scale.min, r.score)) : null,
        parts: { ...base, itemBias: r.itemBias, dot: r.dot },
        because: r.because.map((b) => ({
          ...refOf(items, b.item),
          similarity: b.similarity,
          contribution: b.contribution,
        })),
      };
    }),
    unknown,
    untrained,
    items: folded,
    filter: applied,
  };
}

// `embeddings:recommend` over a stored run: its factor tables, the user's training items, keys or titles
// resolved, items never trained kept out (as candidates and as fold-in inputs), and each score with its parts.
// `runRecommender` loads a run once; `batch:recommend` asks it for every user, so a row there is this answer.
import type { KeyRef, RecommendRequest, RecommendResult } from '../../shared';
import { MODEL_RULES, WorkbenchError } from '../../shared';
import { getDatasetById, loadInteractions } from '../store/datasets';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { featureUser } from './featureUser';
import { ialsFoldIn } from './ialsFoldIn';
import { foldIn, recommend, type Baselines, type FactorTables, type Recommendation, type Seen } from './recommend';
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

/** Each user's training items (split 0) as CSR over user rows; ratings are 1 for implicit feedback. */
export function trainingItemsByUser(
  data: { users: Int32Array; items: Int32Array; ratings: Float32Array; splits: Uint8Array },
  numUsers: number,
  rating: boolean,
): { offsets: Int32Array; items: Int32Array; ratings: Float32Array } {
  const offsets = new Int32Array(numUsers + 1);
  for (let r = 0; r < data.users.length; r++) if (data.splits[r] === TRAIN) offsets[data.users[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) offsets[u + 1]! += offsets[u]!;
  const fill = offsets.slice(0, numUsers);
  const items = new Int32Array(offsets[numUsers]!);
  const ratings = new Float32Array(offsets[numUsers]!);
  for (let r = 0; r < data.users.length; r++) {
    if (data.splits[r] !== TRAIN) continue;
    const at = fill[data.users[r]!]!++;
    items[at] = data.items[r]!;
    ratings[at] = rating ? data.ratings[r]! : 1;
  }
  return { offsets, items, ratings };
}

/** One run's factor tables, training items by user, μ, L2 and rating scale, loaded once. */
export interface RunRecommender {
  users: LoadedTable;
  items: LoadedTable;
  t: FactorTables;
  /** mf: scores are ratings (μ + b_u + b_i + p·q); implicit: preferences. */
  rating: boolean;
  mu: number;
  reg: number;
  scale: { min: number; max: number } | null;
  seen: { offsets: Int32Array; items: Int32Array; ratings: Float32Array };
  /** A new user's vector from rated (mf) or touched (implicit, ials) items, without retraining. */
  foldIn: (seen: Seen) => Float32Array;
}

export function runRecommender(db: Db, tables: TableCache, runId: number): RunRecommender {
  const run = getRun(db, runId);
  const names = run.tables.map((t) => t.name);
  if (run.model === 'imported' || !names.includes('users') || !names.includes('items'))
    throw new WorkbenchError(
      'BadRequest',
      `run ${runId} is ${run.model}; recommendations need user and item factors (an mf, implicit or ials run)`,
    );
  const users = tables.get(runId, 'users');
  const items = tables.get(runId, 'items');
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
  const dataset = getDatasetById(db, run.datasetId);
  const scale = rating ? { min: dataset.ratingMin, max: dataset.ratingMax } : null;
  const fold = (seen: Seen): Float32Array =>
    // ials: the user half-step of implicit ALS, so that the items not touched count too (Hu et al. 2008).
    c.model === 'ials'
      ? ialsFoldIn(t.items, t.dim, seen.items, c.alpha, c.reg)
      : foldIn(t, seen.items, seen.ratings, mu, reg);
  return {
    users,
    items,
    t,
    rating,
    mu,
    reg,
    scale,
    seen: trainingItemsByUser(data, users.table.rows, rating),
    foldIn: fold,
  };
}

/** A dataset user's vector, training items and baselines. */
export function userInputs(r: RunRecommender, u: number): { vector: Float32Array; seen: Seen; base: Baselines } {
  const { offsets, items, ratings } = r.seen;
  const from = offsets[u]!;
  const to = offsets[u + 1]!;
  return {
    vector: r.t.users.slice(u * r.t.dim, (u + 1) * r.t.dim),
    seen: { items: items.slice(from, to), ratings: ratings.slice(from, to) },
    base: { globalMean: r.mu, userBias: r.rating && r.users.table.bias ? r.users.table.bias[u]! : 0 },
  };
}

/** The top-K eligible items for these inputs (the filter applied as `eligibleRows` reads it). */
export function recommendFor(
  r: RunRecommender,
  inputs: { vector: Float32Array; seen: Seen; base: Baselines },
  k: number,
  eligible: (row: number) => boolean,
): Recommendation[] {
  return recommend(r.t, inputs.vector, inputs.seen, inputs.base, { k, eligible, lambda: r.reg });
}

export function recommendForRun(db: Db, tables: TableCache, req: RecommendRequest): RecommendResult {
  if ([!!req.user, !!req.items?.length, !!req.userFeatures?.length].filter(Boolean).length !== 1)
    throw new WorkbenchError(
      'BadRequest',
      'give one of a user key, a list of items for a new user, or a new user’s features',
    );
  const k = req.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new WorkbenchError('BadRequest', `k must be a whole number ≥ 1 (got ${k})`);
  const r = runRecommender(db, tables, req.runId);
  const { users, items, rating, scale } = r;
  let inputs: { vector: Float32Array; seen: Seen; base: Baselines };
  let unknown: string[] = [];
  let untrained: string[] = [];
  let folded: KeyRef[] = [];
  let features: KeyRef[] | undefined;
  if (req.user) {
    const u = rowOf(users, req.user);
    assertTrained(users, u);
    inputs = userInputs(r, u);
  } else if (req.userFeatures?.length) {
    const f = featureUser(db, tables, req.runId, req.userFeatures);
    ({ unknown, untrained, features } = f);
    inputs = {
      vector: f.vector,
      seen: { items: new Int32Array(0), ratings: new Float32Array(0) },
      // mf: the user's bias from their features too (an implicit score has none).
      base: { globalMean: r.mu, userBias: rating ? f.bias : 0 },
    };
  } else {
    const found = resolveItems(items, req.items!);
    ({ unknown, untrained } = found);
    if (rating && found.ratings.some((x) => x === undefined || !Number.isFinite(x)))
      throw new WorkbenchError('BadRequest', 'an mf fold-in needs a rating for every item');
    if (found.rows.length === 0)
      throw new WorkbenchError(
        'NotFound',
        `none of the items can be folded in: ${[...unknown.map((x) => `"${x}" is not in the vocabulary`), ...untrained.map((x) => `"${x}" was never trained`)].slice(0, 5).join(', ')}`,
      );
    const seen = {
      items: Int32Array.from(found.rows),
      ratings: Float32Array.from(found.ratings, (x) => (rating ? x! : 1)),
    };
    folded = found.rows.map((row) => refOf(items, row));
    inputs = {
      vector: r.foldIn(seen),
      seen,
      base: { globalMean: r.mu, userBias: 0 },
    };
  }
  const { eligible, applied } = eligibleRows(items, req.filter);
  const recs = recommendFor(r, inputs, k, eligible);
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
    recommendations: recs.map((rec) => {
      const { key, title, count, genres, fromFeatures } = describeRow(items, rec.item, rec.score);
      return {
        key,
        title,
        count,
        genres,
        ...(fromFeatures ? { fromFeatures } : {}),
        score: rec.score,
        predicted: scale ? Math.min(scale.max, Math.max(scale.min, rec.score)) : null,
        parts: { ...inputs.base, itemBias: rec.itemBias, dot: rec.dot },
        because: rec.because.map((b) => ({
          ...refOf(items, b.item),
          similarity: b.similarity,
          contribution: b.contribution,
        })),
      };
    }),
    unknown,
    untrained,
    items: folded,
    ...(features ? { features } : {}),
    filter: applied,
  };
}

// What an `implicit` run is judged by on either engine: positives per split as CSR (a rating threshold where
// asked), Recall/NDCG/MAP/HitRate@K with each user's training items excluded, the popularity baseline, the tables.
import type {
  CarvedValidation,
  IalsConfig,
  ImplicitConfig,
  SplitMetrics,
  SplitName,
  TableTransfer,
} from '../../shared';
import { WorkbenchError } from '../../shared';
import {
  factorScorer,
  namedMetrics,
  popularityScorer,
  rankingMetrics,
  type Scorer,
  type UserItemsCsr,
} from '../eval/ranking';
import type { InteractionColumns } from '../store/datasets';
import { withCarvedValidation, type SplitRows } from './carve';
import { rowsOfSplit, type Selection, type SplitScores } from './loop';
import { countIds } from './support';

/** Users' items of the given rows as CSR (counting sort by user). */
export function csrByUser(users: Int32Array, items: Int32Array, rows: Int32Array, numUsers: number): UserItemsCsr {
  const indptr = new Int32Array(numUsers + 1);
  for (const r of rows) indptr[users[r]! + 1]!++;
  for (let u = 0; u < numUsers; u++) indptr[u + 1]! += indptr[u]!;
  const fill = indptr.slice(0, numUsers);
  const out = new Int32Array(rows.length);
  for (const r of rows) out[fill[users[r]!]!++] = items[r]!;
  return { indptr, items: out };
}

/** Factor tables as both engines keep them: users × dim, items × dim and a bias per item. */
export interface ImplicitTables {
  dim: number;
  users: Float32Array;
  items: Float32Array;
  /** Absent for a model without biases (ials). */
  itemBias?: Float32Array;
}

export interface Positives {
  data: InteractionColumns;
  k: number;
  csr: Record<SplitName, UserItemsCsr>;
  /** The dataset rows that are positives, per split (a carved validation split included; held-out rows warm). */
  rows: SplitRows;
  /** The split the best epoch is chosen on: valid when it has positives, else none (the last epoch is kept). */
  selectOn: SplitName | null;
  /** The split ranked after every epoch for the curves: the selection split, else test. */
  curveOn: SplitName | null;
  carved: CarvedValidation | null;
  /** Training positives per user and per item (a table's `counts`; 0: never trained). */
  support: { users: Int32Array; items: Int32Array };
  /** Held-out positives left out of the metrics: their user or item has no training positive. */
  cold: Partial<Record<SplitName, number>>;
  /**
   * Held-out positives of users with a training positive, items never trained included: what the cold-start
   * metrics rank (coldStart.ts), as a model with side features gives those items vectors of their own.
   */
  heldOut: Record<'valid' | 'test', UserItemsCsr>;
}

export function positivesOf(data: InteractionColumns, config: ImplicitConfig | IalsConfig): Positives {
  const t = config.threshold;
  const keep = (rows: Int32Array): Int32Array => (t === undefined ? rows : rows.filter((r) => data.ratings[r]! >= t));
  const bySplit = rowsOfSplit(data.splits);
  const positives = { train: keep(bySplit.train), valid: keep(bySplit.valid), test: keep(bySplit.test) };
  const { rows, carved } = withCarvedValidation(positives, data.users, config.holdout, config.seed);
  const support = {
    users: countIds(data.users, data.numUsers, rows.train),
    items: countIds(data.items, data.numItems, rows.train),
  };
  const cold: Partial<Record<SplitName, number>> = {};
  const warmUsers = (all: Int32Array): UserItemsCsr =>
    csrByUser(
      data.users,
      data.items,
      all.filter((r) => support.users[data.users[r]!]! > 0),
      data.numUsers,
    );
  const heldOut = { valid: warmUsers(rows.valid), test: warmUsers(rows.test) };
  for (const split of ['valid', 'test'] as const) {
    const all = rows[split];
    rows[split] = all.filter((r) => support.users[data.users[r]!]! > 0 && support.items[data.items[r]!]! > 0);
    if (rows[split].length < all.length) cold[split] = all.length - rows[split].length;
  }
  const csr = {
    train: csrByUser(data.users, data.items, rows.train, data.numUsers),
    valid: csrByUser(data.users, data.items, rows.valid, data.numUsers),
    test: csrByUser(data.users, data.items, rows.test, data.numUsers),
  };
  if (csr.train.items.length === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      `no training interaction is a positive${t !== undefined ? ` (rating ≥ ${t})` : ''}`,
    );
  if (data.numItems < 4) throw new WorkbenchError('DatasetInvalid', 'implicit training needs at least 2 items');
  const selectOn = csr.valid.items.length ? 'valid' : null;
  const curveOn = selectOn ?? (csr.test.items.length ? 'test' : null);
  return { data, k: config.k, csr, rows, selectOn, curveOn, carved, support, cold, heldOut };
}

/** Best epoch by Recall@K on validation; never on test (without validation rows the last epoch is kept). */
export const implicitSelection = (p: Positives): Selection | null =>
  p.selectOn ? { split: p.selectOn, metric: `recall@${p.k}`, better: 'higher' } : null;

/**
 * Ranking metrics of `scorer` on a held-out split (empty when the split has no positives). Items never trained
 * are never recommended, so they are never ranked either.
 */
export function ranked(p: Positives, scorer: Scorer, split: SplitName): SplitMetrics {
  const items = p.support.items;
  const trainedOnly: Scorer = (u, out) => {
    scorer(u, out);
    for (let i = 0; i < out.length; i++) if (items[i] === 0) out[i] = -Infinity;
  };
  return p.csr[split].items.length
    ? namedMetrics(
        rankingMetrics(p.csr[split], trainedOnly, { k: p.k, numItems: p.data.numItems, exclude: p.csr.train }),
      )
    : {};
}

/** Per epoch only one split is ranked, the selection's or else test's (ranking every user is the costly part). */
export function epochMetrics(p: Positives, t: ImplicitTables): SplitScores {
  const out: SplitScores = { train: {}, valid: {}, test: {} };
  if (p.curveOn) out[p.curveOn] = ranked(p, factorScorer(t), p.curveOn);
  return out;
}

/** Both held-out splits, for the best epoch's result. */
export function finalMetrics(p: Positives, t: ImplicitTables): SplitScores {
  const scorer = factorScorer(t);
  return { train: {}, valid: ranked(p, scorer, 'valid'), test: ranked(p, scorer, 'test') };
}

export function popularityBaseline(p: Positives): Record<string, SplitScores> {
  const popularity = popularityScorer(p.csr.train, p.data.numItems);
  return { popularity: { train: {}, valid: ranked(p, popularity, 'valid'), test: ranked(p, popularity, 'test') } };
}

/** The `users` and `items` tables; `support` their counts (the training positives, unless features add some). */
export function implicitTables(t: ImplicitTables, p: Positives, support = p.support): TableTransfer[] {
  const { numUsers, numItems } = p.data;
  return [
    { name: 'users', role: 'user', rows: numUsers, dim: t.dim, data: t.users, bias: null, counts: support.users },
    {
      name: 'items',
      role: 'item',
      rows: numItems,
      dim: t.dim,
      data: t.items,
      bias: t.itemBias ?? null,
      counts: support.items,
    },
  ];
}

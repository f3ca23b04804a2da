// What an `implicit` run is judged by on either engine: positives per split as CSR (a rating threshold where
// asked), Recall/NDCG/MAP/HitRate@K with each user's training items excluded, the popularity baseline, the tables.
import type { ImplicitConfig, SplitMetrics, SplitName, TableTransfer } from '../../shared';
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
  itemBias: Float32Array;
}

export interface Positives {
  data: InteractionColumns;
  k: number;
  csr: Record<SplitName, UserItemsCsr>;
  /** The split the best epoch is chosen on: valid when it has positives, else test. */
  selectOn: SplitName;
  /** Training positives per user and per item (a table's `counts`; 0: never trained). */
  support: { users: Int32Array; items: Int32Array };
  /** Held-out positives left out of the metrics: their user or item has no training positive. */
  cold: Partial<Record<SplitName, number>>;
}

export function positivesOf(data: InteractionColumns, config: ImplicitConfig): Positives {
  const bySplit = rowsOfSplit(data.splits);
  const t = config.threshold;
  const keep = (rows: Int32Array): Int32Array => (t === undefined ? rows : rows.filter((r) => data.ratings[r]! >= t));
  const trainRows = keep(bySplit.train);
  const support = {
    users: countIds(data.users, data.numUsers, trainRows),
    items: countIds(data.items, data.numItems, trainRows),
  };
  const cold: Partial<Record<SplitName, number>> = {};
  const warm = (split: 'valid' | 'test'): Int32Array => {
    const all = keep(bySplit[split]);
    const kept = all.filter((r) => support.users[data.users[r]!]! > 0 && support.items[data.items[r]!]! > 0);
    if (kept.length < all.length) cold[split] = all.length - kept.length;
    return kept;
  };
  const csr = {
    train: csrByUser(data.users, data.items, trainRows, data.numUsers),
    valid: csrByUser(data.users, data.items, warm('valid'), data.numUsers),
    test: csrByUser(data.users, data.items, warm('test'), data.numUsers),
  };
  if (csr.train.items.length === 0)
    throw new WorkbenchError(
      'DatasetInvalid',
      `no training interaction is a positive${t !== undefined ? ` (rating ≥ ${t})` : ''}`,
    );
  if (data.numItems < 4) throw new WorkbenchError('DatasetInvalid', 'implicit training needs at least 2 items');
  return { data, k: config.k, csr, selectOn: csr.valid.items.length ? 'valid' : 'test', support, cold };
}

export const implicitSelection = (p: Positives): Selection => ({
  split: p.selectOn,
  metric: `recall@${p.k}`,
  better: 'higher',
});

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

/** Per epoch only the selection split is ranked (ranking every user is the costly part). */
export function epochMetrics(p: Positives, t: ImplicitTables): SplitScores {
  const out: SplitScores = { train: {}, valid: {}, test: {} };
  out[p.selectOn] = ranked(p, factorScorer(t), p.selectOn);
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

export function implicitTables(t: ImplicitTables, p: Positives): TableTransfer[] {
  const { numUsers, numItems } = p.data;
  return [
    { name: 'users', role: 'user', rows: numUsers, dim: t.dim, data: t.users, bias: null, counts: p.support.users },
    {
      name: 'items',
      role: 'item',
      rows: numItems,
      dim: t.dim,
      data: t.items,
      bias: t.itemBias,
      counts: p.support.items,
    },
  ];
}

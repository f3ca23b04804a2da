// A new user with no history, recommended for from their features alone (docs/features.md): LightFM's user
// vector p = Σ_f w_f · U[f] over the run's `user_features` rows, weights equal and summing to 1 as the import
// gives them, and no own row — what a user without training positives is in the run itself; in an mf run the
// user bias likewise, b_u = Σ_f w_f · c[f].
import type { KeyRef, RecommendRequest } from '../../shared';
import { WorkbenchError } from '../../shared';
import { featureKey } from '../ingest/features';
import type { Db } from '../store/db';
import { getRun } from '../store/runs';
import { isTrained } from './support';
import { refOf, type TableCache } from './tableAccess';

export interface FeatureUser {
  vector: Float32Array;
  /** Σ_f w_f · c[f] where the features have biases (mf), else 0. */
  bias: number;
  features: KeyRef[];
  /** Features the run's vocabulary does not have, and those no training positive reached. */
  unknown: string[];
  untrained: string[];
}

export function featureUser(
  db: Db,
  tables: TableCache,
  runId: number,
  wanted: NonNullable<RecommendRequest['userFeatures']>,
): FeatureUser {
  if (!getRun(db, runId).tables.some((t) => t.name === 'user_features'))
    throw new WorkbenchError(
      'BadRequest',
      `run ${runId} was trained without user features (--features users or both): fold in a new user from items instead`,
    );
  const t = tables.get(runId, 'user_features');
  const rows: number[] = [];
  const unknown: string[] = [];
  const untrained: string[] = [];
  for (const { column, value } of wanted) {
    const key = featureKey(column, value);
    const row = t.byKey.get(key);
    if (row === undefined) unknown.push(key);
    else if (!isTrained(t, row)) untrained.push(key);
    else rows.push(row);
  }
  if (rows.length === 0) {
    const known = t.vocab
      .filter((v) => v.idx >= 2)
      .slice(0, 5)
      .map((v) => v.key)
      .join(', ');
    throw new WorkbenchError(
      'NotFound',
      `none of the user features has a trained row (${[...unknown, ...untrained].join(', ')}); the run's are column:value, e.g. ${known}`,
    );
  }
  const { dim, data, bias } = t.table;
  const vector = new Float32Array(dim);
  for (const row of rows) for (let k = 0; k < dim; k++) vector[k] = vector[k]! + data[row * dim + k]! / rows.length;
  const userBias = bias ? rows.reduce((s, row) => s + bias[row]! / rows.length, 0) : 0;
  return { vector, bias: userBias, features: rows.map((row) => refOf(t, row)), unknown, untrained };
}

// Which rows of a side-feature run's `users` / `items` are their features alone (docs/features.md): an entity
// without training positives keeps its own row and bias at exactly 0, so its stored vector is bit for bit the
// weighted sum of its features' stored rows, composed as training composed it (featureSum.ts). A trained own row
// never lands on that sum exactly, so answers can say "new: from its features" without a stored flag.
import type { RunDetail, TableTransfer } from '../../shared';
import type { Db } from '../store/db';
import { loadFeatures } from '../store/features';
import { loadTable } from '../store/runs';
import { composeBias, composeVector, type FeatureTable } from '../train/featureSum';

/** 1 for the rows that are their features alone and have a vector (count > 0); null without side features. */
export function featureOnlyRows(db: Db, run: RunDetail, table: TableTransfer): Uint8Array | null {
  const owner = table.role === 'item' || table.role === 'user' ? table.role : null;
  if (!owner || !table.counts || !run.tables.some((t) => t.name === `${owner}_features`)) return null;
  const csr = loadFeatures(db, run.datasetId, owner);
  if (!csr) return null;
  const stored = loadTable(db, run.id, `${owner}_features`);
  const t: FeatureTable = { csr, vectors: stored.data, biases: stored.bias, ada: null };
  const { dim, rows, data, bias, counts } = table;
  const zero = new Float32Array(rows * dim);
  const zeroBias = new Float32Array(rows);
  const composed = new Float32Array(dim);
  const out = new Uint8Array(rows);
  for (let e = 2; e < Math.min(rows, csr.indptr.length - 1); e++) {
    if (counts[e] === 0 || csr.indptr[e] === csr.indptr[e + 1]) continue;
    composeVector(composed, zero, e, t, dim);
    let same = !bias || Math.fround(composeBias(zeroBias, e, t)) === bias[e];
    for (let k = 0; same && k < dim; k++) same = composed[k] === data[e * dim + k];
    if (same) out[e] = 1;
  }
  return out;
}

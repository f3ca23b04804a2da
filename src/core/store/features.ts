// Side features of a dataset's items and users (entity_features, schema v11): written by the import, read by the
// training process and by recommendations for cold items and new users.
import type { FeatureOwner } from '../../shared';
import type { FeatureCsr } from '../ingest/features';
import type { Db } from './db';

/** An owner's features: the CSR over its entities and the size of the feature table (PAD and OOV included). */
export interface Features extends FeatureCsr {
  size: number;
}

const blob = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
/** A typed copy of a BLOB (SQLite's buffers need not be aligned for the view). */
const typed = <T extends Int32Array | Float32Array>(b: Buffer, ctor: new (n: number) => T): T => {
  const out = new ctor(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
};

export function insertFeatures(db: Db, datasetId: number, owner: FeatureOwner, csr: FeatureCsr): void {
  db.prepare('INSERT INTO entity_features (dataset_id, owner, indptr, features, weights) VALUES (?, ?, ?, ?, ?)').run(
    datasetId,
    owner,
    blob(csr.indptr),
    blob(csr.features),
    blob(csr.weights),
  );
}

/** The owner's features, or null when the dataset has none. */
export function loadFeatures(db: Db, datasetId: number, owner: FeatureOwner): Features | null {
  const row = db
    .prepare('SELECT indptr, features, weights FROM entity_features WHERE dataset_id = ? AND owner = ?')
    .get(datasetId, owner) as { indptr: Buffer; features: Buffer; weights: Buffer } | undefined;
  if (!row) return null;
  const size = (
    db
      .prepare('SELECT COALESCE(MAX(idx), 1) + 1 AS n FROM vocab WHERE dataset_id = ? AND role = ?')
      .get(datasetId, `${owner}_feature`) as { n: number }
  ).n;
  return {
    indptr: typed(row.indptr, Int32Array),
    features: typed(row.features, Int32Array),
    weights: typed(row.weights, Float32Array),
    size,
  };
}

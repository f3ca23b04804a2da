// Repository of finished 2-D maps (migration v8): one per run, table, method and settings key, so that
// asking for the same map again reads it instead of computing it.
import type { Db } from './db';

export interface MapKey {
  runId: number;
  table: string;
  method: string;
  /** Canonical JSON of everything the coordinates depend on (projectRun.ts builds it). */
  settings: string;
}

export interface StoredMap {
  x: Float32Array;
  y: Float32Array;
  /** What the answer needs besides the coordinates (explained variance, iterations, compute seconds). */
  extra: Record<string, unknown>;
}

const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const blob = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The stored map of this key with `points` points, or null (none, or one of another size). */
export function loadMap(db: Db, key: MapKey, points: number): StoredMap | null {
  const row = db
    .prepare(
      'SELECT points, x, y, result_json FROM projections WHERE run_id = ? AND table_name = ? AND method = ? AND settings_key = ?',
    )
    .get(key.runId, key.table, key.method, key.settings) as
    { points: number; x: Buffer; y: Buffer; result_json: string } | undefined;
  if (!row || row.points !== points) return null;
  return { x: floats(row.x), y: floats(row.y), extra: JSON.parse(row.result_json) as Record<string, unknown> };
}

export function saveMap(db: Db, key: MapKey, map: StoredMap): void {
  db.prepare(
    'INSERT OR REPLACE INTO projections (run_id, table_name, method, settings_key, points, x, y, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    key.runId,
    key.table,
    key.method,
    key.settings,
    map.x.length,
    blob(map.x),
    blob(map.y),
    JSON.stringify(map.extra),
  );
}

/** How many maps are stored for a run (tests, and what a run's deletion takes with it). */
export function countMaps(db: Db, runId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM projections WHERE run_id = ?').get(runId) as { n: number }).n;
}

// Importing a word2vec/GloVe file as a table of its own: a dataset of kind `vectors` whose vocabulary is the
// file's keys, and a completed run of model `imported` holding the table. Everything that takes a run id and a
// table name (neighbours, analogies, export, projections, initialising a run) then works on it unchanged.
import type {
  ImportedConfig,
  ImportVectorsRequest,
  ImportVectorsResult,
  VectorFileFormat,
  VectorsCoverage,
} from '../../shared';
import { VECTOR_FILE_FORMATS, WorkbenchError } from '../../shared';
import { alignToVocabulary, readVectors, type ImportedVectors } from './importVectors';
import { defaultName, type ImportContext } from '../ingest/importDataset';
import { assertReadableFile } from '../ingest/preview';
import { getDatasetByName, loadVocabulary } from '../store/datasets';
import { withSmallCache, type Db } from '../store/db';
import { storeTable } from '../store/tableParts';

/** The table's name and the vocabulary role of its keys. */
export const IMPORTED_TABLE = 'vectors';
export const IMPORTED_ROLE = 'key';
const KEEP_DUPLICATES = 20;
const PROGRESS_MS = 250;

/** `user` → `users` …: the table a model trains for a vocabulary role. */
const tableOfRole = (role: string): string => `${role}s`;

/** SQLite's default largest BLOB (SQLITE_MAX_LENGTH): a table is one. */
const MAX_TABLE_BYTES = 1e9;

function assertStorable(path: string, keys: number, dim: number): void {
  const bytes = (keys + 2) * dim * 4;
  if (bytes > MAX_TABLE_BYTES)
    throw new WorkbenchError(
      'BadRequest',
      `${path}: ${keys} rows × ${dim} floats is ${(bytes / 1e9).toFixed(2)} GB; a table is one SQLite BLOB of at ` +
        `most 1 GB, so keep the most frequent rows (e.g. the first ${Math.floor(MAX_TABLE_BYTES / (dim * 4)) - 2} lines) and import that`,
    );
}

/** The distinct keys in file order (the first of duplicates wins, as gensim), with the duplicates seen. */
function firstOfEachKey(v: ImportedVectors): { rows: Int32Array; duplicates: { key: string; row: number }[] } {
  const seen = new Set<string>();
  const keep: number[] = [];
  const duplicates: { key: string; row: number }[] = [];
  v.keys.forEach((k, i) => {
    if (seen.has(k)) {
      if (duplicates.length < KEEP_DUPLICATES) duplicates.push({ key: k, row: i + 1 });
    } else {
      seen.add(k);
      keep.push(i);
    }
  });
  return { rows: Int32Array.from(keep), duplicates };
}

/** How many keys of each vocabulary of `dataset` the file has. */
export function vectorsCoverage(db: Db, dataset: string, v: ImportedVectors): VectorsCoverage[] {
  const d = getDatasetByName(db, dataset);
  const roles = (
    db.prepare('SELECT DISTINCT role FROM vocab WHERE dataset_id = ? ORDER BY role').all(d.id) as { role: string }[]
  ).map((r) => r.role);
  return roles.map((role) => {
    const vocab = loadVocabulary(db, d.id, role);
    const rows = vocab.reduce((m, e) => Math.max(m, e.idx + 1), 2);
    const a = alignToVocabulary(v, vocab, rows);
    return {
      role,
      table: tableOfRole(role),
      keys: vocab.length,
      found: a.foundKeys,
      matchedByRule: a.matchedByRule,
      coverage: vocab.length ? a.foundKeys / vocab.length : 0,
    };
  });
}

export async function importVectorsTable(
  db: Db,
  req: ImportVectorsRequest,
  ctx: ImportContext = {},
): Promise<ImportVectorsResult> {
  const started = performance.now();
  if (!req || typeof req.path !== 'string' || req.path === '')
    throw new WorkbenchError('BadRequest', 'name the vectors file to import (path)');
  const format = req.format ?? 'auto';
  if (format !== 'auto' && !VECTOR_FILE_FORMATS.includes(format))
    throw new WorkbenchError(
      'BadRequest',
      `vectors format "${String(format)}" is not one of auto, ${VECTOR_FILE_FORMATS.join(', ')}`,
    );
  assertReadableFile(req.path);
  const name = (req.name ?? defaultName(req.path)).trim();
  if (!name) throw new WorkbenchError('BadRequest', 'the imported table needs a name');
  if (db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name))
    throw new WorkbenchError('DatasetExists', `a dataset named "${name}" exists already; choose another name (--name)`);
  // Refuse an unknown coverage dataset before reading what may be a gigabyte.
  if (req.dataset !== undefined) getDatasetByName(db, req.dataset);

  let lastReport = 0;
  let fileBytes = 0;
  const vectors = await readVectors(req.path, format, {
    leadingRows: 2,
    onProgress: (p) => {
      if (ctx.signal?.aborted) throw new WorkbenchError('Cancelled', 'the import was cancelled');
      fileBytes = p.totalBytes;
      // As soon as the header (or the rows read) show the table cannot be stored, not after reading it all.
      assertStorable(req.path, p.headerRows ?? p.rows, p.dim);
      const now = performance.now();
      if (now - lastReport < PROGRESS_MS && p.bytes < p.totalBytes) return;
      lastReport = now;
      const elapsed = (now - started) / 1000;
      const eta = p.bytes > 0 ? (elapsed * (p.totalBytes - p.bytes)) / p.bytes : null;
      ctx.onProgress?.({
        bytes: p.bytes,
        totalBytes: p.totalBytes,
        rows: p.rows,
        rejected: 0,
        etaSeconds: eta,
        stage: 'reading',
      });
    },
  });
  if (ctx.signal?.aborted) throw new WorkbenchError('Cancelled', 'the import was cancelled');
  const { dim } = vectors;
  const { rows: kept, duplicates } = firstOfEachKey(vectors);
  const keys = kept.length;
  // Rows 0 (PAD) and 1 (OOV) stay zero, as in every table; key k of the file is row k + 2.
  assertStorable(req.path, keys, dim);
  // The reader left two zero rows in front of the data: without duplicates the table is that buffer, no copy.
  let table: Float32Array;
  if (keys === vectors.rows) {
    table = new Float32Array(vectors.data.buffer, vectors.data.byteOffset - 2 * dim * 4, (keys + 2) * dim);
  } else {
    table = new Float32Array((keys + 2) * dim);
    for (let k = 0; k < keys; k++)
      table.set(vectors.data.subarray(kept[k]! * dim, (kept[k]! + 1) * dim), (k + 2) * dim);
  }
  ctx.onProgress?.({
    bytes: fileBytes,
    totalBytes: fileBytes,
    rows: vectors.rows,
    rejected: vectors.rows - keys,
    etaSeconds: null,
    stage: 'writing',
  });

  const config: ImportedConfig = {
    model: 'imported',
    dim,
    epochs: 0,
    source: { path: req.path, format: vectors.format, fileRows: vectors.rows, duplicateKeys: vectors.rows - keys },
  };
  // The table is large: through a small page cache (withSmallCache), in parts (storeTable).
  const { datasetId, runId } = withSmallCache(db, () =>
    db.transaction(() => {
      const info = db
        .prepare(
          `INSERT INTO datasets (name, source_path, format, mapping_json, rows_read, rows_imported, rows_rejected,
           rating_min, rating_max, kind, options_json)
         VALUES (?, ?, 'text', '{}', ?, 0, 0, 0, 0, 'vectors', ?)`,
        )
        // No interactions (rows_imported 0, as for a text corpus); what the file held is in options_json.
        .run(
          name,
          req.path,
          vectors.rows,
          JSON.stringify({ format: vectors.format, keys, dim, duplicateKeys: vectors.rows - keys }),
        );
      const datasetId = Number(info.lastInsertRowid);
      const voc = db.prepare('INSERT INTO vocab (dataset_id, role, idx, key, count) VALUES (?, ?, ?, ?, 0)');
      for (let k = 0; k < keys; k++) voc.run(datasetId, IMPORTED_ROLE, k + 2, vectors.keys[kept[k]!]!);
      const run = db
        .prepare(
          `INSERT INTO runs (dataset_id, model, engine, config_json, status, finished_at)
         VALUES (?, 'imported', 'cpu', ?, 'completed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
        )
        .run(datasetId, JSON.stringify(config));
      const runId = Number(run.lastInsertRowid);
      storeTable(db, runId, {
        name: IMPORTED_TABLE,
        role: IMPORTED_ROLE,
        rows: keys + 2,
        dim,
        data: table,
        bias: null,
      });
      return { datasetId, runId };
    })(),
  );

  const coverage =
    req.dataset !== undefined
      ? { dataset: req.dataset, vocabularies: vectorsCoverage(db, req.dataset, vectors) }
      : null;
  return {
    type: 'result',
    runId,
    datasetId,
    name,
    table: IMPORTED_TABLE,
    format: vectors.format as VectorFileFormat,
    keys,
    dim,
    fileRows: vectors.rows,
    duplicateKeys: vectors.rows - keys,
    duplicates,
    coverage,
    seconds: (performance.now() - started) / 1000,
  };
}
